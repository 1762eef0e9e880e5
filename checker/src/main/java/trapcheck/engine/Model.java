package trapcheck.engine;

import java.util.List;

/**
 * A transition system the engine can explore: packed states, numbered actions, properties as data.
 *
 * <p>States are {@code long[]} of {@link #stateWords()} words whose layout belongs to the model.
 * Actions are numbered {@code 0..actionCount()-1}; the number is the order in which the engine
 * prefers them (the shortest counterexample it reports is the first in that order). A model must be
 * deterministic: the same state always yields the same successors in the same order.
 *
 * <p>Properties are safety properties ("must always hold"). A transition reports, as a bit mask over
 * {@link #properties()}, every property it breaks: a property may be broken by the step itself (a
 * guest that reads a key it must not see) or by the state it reaches. Bit 63 is reserved.
 */
public interface Model {

    /** The returned value of {@link Worker#apply} when the action is not enabled in the state. */
    long NOT_ENABLED = Long.MIN_VALUE;

    /** Number of {@code long} words of a packed state. */
    int stateWords();

    /** Number of actions; action numbers are {@code 0..actionCount()-1}. */
    int actionCount();

    /** A short name of an action (no state): used for per-action statistics. */
    String actionName(int action);

    /** The properties checked, in bit order (at most 63). */
    List<Property> properties();

    /** The initial states, in a fixed order; the engine does not modify them. */
    List<long[]> initialStates();

    /** Whether {@link Worker#representative} maps some states to others (symmetry reduction). */
    default boolean hasSymmetry() {
        return false;
    }

    /**
     * A worker owns its scratch memory; the engine creates one per thread and never shares it.
     * The model itself must be immutable.
     */
    Worker newWorker();

    /** Per-thread view of the model. */
    interface Worker {

        /** Properties broken by an initial state (a mask over {@link Model#properties()}). */
        long check(long[] state);

        /**
         * Calls {@code sink} once for every enabled action, in increasing action order. The array
         * handed to the sink is reused after the sink returns; copy it to keep it.
         */
        void successors(long[] state, Successors sink);

        /**
         * Applies one action: writes the successor to {@code next} and returns the mask of
         * properties the step breaks, or {@link Model#NOT_ENABLED}.
         */
        long apply(long[] state, int action, long[] next);

        /**
         * Writes into {@code out} the representative of the state's symmetry class: equal for two
         * states exactly when they are symmetric. The default is the identity.
         */
        default void representative(long[] state, long[] out) {
            System.arraycopy(state, 0, out, 0, state.length);
        }
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
