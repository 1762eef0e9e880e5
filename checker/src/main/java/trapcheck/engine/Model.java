package trapcheck.engine;

import java.util.List;

/**
 * A transition system the engine can explore: packed states, numbered actions, properties as data.
 *
 * <p>States are {@code long[]} of {@link #stateWords()} words whose layout belongs to the model.
 * Actions are numbered {@code 0..actionCount()-1}; the number is the order in which the engine
 * prefers them: of the shortest counterexamples, BFS reports the first in that order.
 *
 * <p>Properties are safety properties ("must always hold"), at most 63. A transition reports, as a
 * bit mask over {@link #properties()} (bit {@code i} is {@code properties().get(i)}), every property
 * it breaks: a property may be broken by the step itself (a guest that reads a key it must not see)
 * or by the state it reaches. Bit 63 is reserved: {@link #NOT_ENABLED} is that bit alone, so no mask
 * may contain it.
 *
 * <h2>What the model may rely on</h2>
 * <ul>
 *   <li><b>No state that breaks a property is expanded.</b> The engine stops at the first violation
 *       (BFS at the end of that level), so {@link Worker#successors} and {@link Worker#apply} only
 *       see states reached from an initial state that {@link Worker#check} passed by transitions
 *       that all reported 0. A model may therefore check a state property incrementally, only where
 *       the step changed the state: the KVM model checks only the pCPU that stepped. (A wrapper that
 *       clears the masks, as the design review's instrumented models do to explore past violations,
 *       makes the engine expand such states; the inner model must still compute their successors,
 *       only its masks, which are cleared anyway, may be incomplete there.)</li>
 *   <li><b>{@link Worker#check} is asked of initial states only</b>, before anything is expanded,
 *       and has no predecessor to rely on: it checks every property in full. A non-zero mask ends
 *       the run violated with a counterexample of no steps.</li>
 *   <li><b>Arrays passed in stay the engine's.</b> The model must not modify a {@code state} it is
 *       handed, nor keep a reference to it or to {@code out}/{@code next} after the call returns.
 *       The engine never writes to the array a {@link Successors} sink receives.</li>
 *   <li><b>One thread at a time per worker.</b> The engine creates one {@link Worker} per thread of
 *       work and never uses a worker from two threads at once; it may hand a worker from one thread to
 *       another between phases of a search (with a happens-before edge), so a worker must not depend
 *       on which thread calls it. Workers of one model run concurrently: the model object itself is
 *       shared and must be immutable (or safe for concurrent reads).</li>
 * </ul>
 *
 * <h2>What the model must honour</h2>
 * <ul>
 *   <li><b>Determinism.</b> The same state always yields the same successors, in the same order,
 *       with the same masks, and {@link Worker#apply} agrees with {@link Worker#successors} for every
 *       action. Parallel BFS's thread-independent answer, trace replay (a mismatch fails the run with
 *       {@link IllegalStateException} naming the model as non-deterministic), checkpoint resume and
 *       BFS's cache of repeated concrete states all depend on it.</li>
 *   <li><b>Successor order.</b> {@link Worker#successors} reports each enabled action once, in
 *       strictly increasing action order: a BFS discoverer key is (parent position, action), and each
 *       worker's records must come in increasing key order.</li>
 *   <li><b>Initial states.</b> {@link #initialStates()} returns the same states in the same order on
 *       every call: the engine calls it more than once (to store them, to start random walks, to
 *       replay a trace, to identify a checkpoint) and records an initial state by its position. The
 *       engine never modifies them; duplicates (also up to symmetry) are stored once.</li>
 *   <li><b>Representatives.</b> When {@link #hasSymmetry()}, {@link Worker#representative} is a
 *       function of the state alone, and two states have equal representatives exactly when they are
 *       symmetric, where symmetric states must be interchangeable: corresponding transitions break
 *       the same properties and reach symmetric states. Equal representatives for states that are not
 *       symmetric lose states (an unsound answer); different ones for symmetric states only cost
 *       reduction. The engine stores representatives (their fingerprints, or the words in exact mode)
 *       but always expands, and reports in traces, the concrete states the search reached; a
 *       representative need not itself be a reachable state.</li>
 * </ul>
 */
public interface Model {

    /** The returned value of {@link Worker#apply} when the action is not enabled in the state (bit 63). */
    long NOT_ENABLED = Long.MIN_VALUE;

    /** Number of {@code long} words of a packed state. */
    int stateWords();

    /** Number of actions; action numbers are {@code 0..actionCount()-1}. */
    int actionCount();

    /** A short name of an action (no state): used for per-action statistics and messages. */
    String actionName(int action);

    /** The properties checked, in bit order (at most 63). */
    List<Property> properties();

    /** The initial states, the same ones in the same order on every call; the engine does not modify them. */
    List<long[]> initialStates();

    /** Whether {@link Worker#representative} maps some states to others (symmetry reduction). */
    default boolean hasSymmetry() {
        return false;
    }

    /**
     * What tells this transition system from another of the same shape, for checkpoints: a checkpoint
     * records it and is resumed only by a model with an equal identity. A model built from a
     * definition (rules, parameters) returns a digest of what it compiled from it, and of the revision
     * of its own semantics, so that two definitions that explore differently never share an identity.
     * The default, "", leaves only the shape to compare (state words, action names, properties,
     * initial states): two models that differ only in their transitions are then not told apart.
     */
    default String identity() {
        return "";
    }

    /** A new worker with its own scratch memory; see the class comment for how the engine uses it. */
    Worker newWorker();

    /** Per-thread view of the model. */
    interface Worker {

        /** Every property an initial state breaks, checked in full (a mask over {@link Model#properties()}). */
        long check(long[] state);

        /**
         * Calls {@code sink} once for every enabled action, in increasing action order, with the
         * successor and the mask of the properties the step breaks. The array handed to the sink is
         * the worker's and reused after the sink returns; the engine copies what it keeps.
         */
        void successors(long[] state, Successors sink);

        /**
         * Applies one action: writes the successor to {@code next} and returns the mask of
         * properties the step breaks (what {@link #successors} reports for it), or
         * {@link Model#NOT_ENABLED}.
         */
        long apply(long[] state, int action, long[] next);

        /**
         * Partial-order reduction: reports the state's candidate <em>ample sets</em> of actions, in
         * the model's order of preference (typically fewest successors first), each as
         * {@link #successors} would report its actions (increasing action order, the same
         * successors and masks) followed by {@link AmpleSets#endSet()}, until that returns false
         * (the engine took the set) or no candidate is left; nothing where the state has none (then
         * the engine expands it in full). The default reports none. Every set A reported for state
         * s must satisfy, on its own:
         * <ul>
         *   <li><b>C0.</b> A holds every action of A's choosing that is enabled in s (the successors
         *       reported are exactly A's, all enabled); an empty set is ignored.</li>
         *   <li><b>C1.</b> On every path of the full transition system from s, no action outside A
         *       that is <em>dependent</em> on an action of A is taken before some action of A is.
         *       Actions a and b are independent in a state where both are enabled when neither
         *       disables or enables the other, taking them in either order reaches the same state,
         *       and each one's mask of broken properties is the same before and after the other.</li>
         * </ul>
         * The engine takes the first set that passes its cycle proviso, or expands the state in
         * full when none does, and searches a violation again without reduction for a shortest
         * counterexample (ENGINE.md, "Partial order"). The order must be a function of the state.
         * A model typically reports, per process whose next steps touch only what no other process
         * can touch before it moves (its footprint), that process's enabled steps.
         */
        default void ampleSets(long[] state, AmpleSets sink) {
        }

        /**
         * Writes into {@code out} (all {@link Model#stateWords()} words; never the same array as
         * {@code state}) the representative of the state's symmetry class: equal for two states
         * exactly when they are symmetric. Called only when {@link Model#hasSymmetry()}; the default
         * is the identity.
         */
        default void representative(long[] state, long[] out) {
            System.arraycopy(state, 0, out, 0, state.length);
        }
    }

    /** Receives candidate ample sets: each one's successors, then {@link #endSet()}. */
    interface AmpleSets extends Successors {
        /**
         * The successors reported since the previous end (or the start) are one ample set.
         * Returns whether to report the next candidate; false: this one was taken, report no more.
         */
        boolean endSet();
    }

    /** Receives the successors of a state. */
    @FunctionalInterface
    interface Successors {
        /**
         * @param action     the action taken
         * @param next       the state reached (reused by the caller after return)
         * @param violations mask of properties the step breaks, 0 if none
         */
        void accept(int action, long[] next, long violations);
    }
}
