package trapcheck.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/*
 * Rebuilds a counterexample by replay (Stateright's path.rs): follow the parent links from the
 * violating transition's source back to an initial state, then apply the recorded actions forward
 * from the concrete initial state. The engine kept the discoverer's concrete successor at every
 * step, so replay walks exactly the concrete path the search took; what it checks is that the model
 * agrees: every replayed state is known to the seen set (by representative), the source of the
 * last step has the representative of the stored one, and the last step breaks the same
 * properties. Any mismatch means the model is not deterministic.
 */
final class TraceBuilder {
    private final Model model;
    private final Expander expander;
    private final int words;

    TraceBuilder(Model model, Expander expander) {
        this.model = model;
        this.expander = expander;
        this.words = model.stateWords();
    }

    /** A trace ending in an initial state that breaks properties. */
    Trace initial(int ordinal) {
        return new Trace(model.initialStates().get(ordinal).clone(), List.of());
    }

    /**
     * @param links        the parent links
     * @param parentIndex  global index of the source of the violating step
     * @param action       the violating step's action
     * @param storedSource the concrete source state the search held
     * @param mask         the properties the step broke
     * @param seen         the seen set, to check the replayed states against (null: no check)
     */
    Trace fromLinks(ParentLinks links, long parentIndex, int action, long[] storedSource, long mask, SeenSet seen) {
        int actionCount = model.actionCount();
        long[] reversed = new long[16];
        int n = 0;
        long index = parentIndex;
        long link;
        while ((link = links.read(index)) >= 0) {
            if (n == reversed.length) {
                reversed = Arrays.copyOf(reversed, n * 2);
            }
            reversed[n++] = link % actionCount;
            index = link / actionCount;
        }
        int ordinal = (int) (-link - 1);
        int[] actions = new int[n + 1];
        for (int i = 0; i < n; i++) {
            actions[i] = (int) reversed[n - 1 - i];
        }
        actions[n] = action;
        return replay(ordinal, actions, n + 1, storedSource, mask, seen);
    }

    /** Replays {@code length} actions from initial state {@code ordinal}; the last must break {@code mask}. */
    Trace replay(int ordinal, int[] actions, int length, long[] storedSource, long mask, SeenSet seen) {
        long[] initial = model.initialStates().get(ordinal).clone();
        long[] state = initial.clone();
        List<Trace.Step> steps = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            if (seen != null && !seen.containsStored(expander.canonical(state), expander.rep)) {
                throw nonDeterministic("replayed state at step " + i + " was never stored");
            }
            if (i == length - 1 && storedSource != null) {
                long[] storedRep = new long[words];
                expander.canonical(storedSource);
                System.arraycopy(expander.rep, 0, storedRep, 0, words);
                expander.canonical(state);
                if (!Arrays.equals(storedRep, expander.rep)) {
                    throw nonDeterministic("replay reached a state not symmetric to the stored one at step " + i);
                }
            }
            long[] next = new long[words];
            long broke = expander.worker.apply(state, actions[i], next);
            if (broke == Model.NOT_ENABLED) {
                throw nonDeterministic("action " + model.actionName(actions[i]) + " is not enabled on replay at step " + i);
            }
            if (i == length - 1 && broke != mask) {
                throw nonDeterministic("the last step broke mask " + Long.toHexString(broke) + " on replay, "
                        + Long.toHexString(mask) + " during the search");
            }
            steps.add(new Trace.Step(actions[i], next, broke));
            state = next;
        }
        return new Trace(initial, steps);
    }

    private IllegalStateException nonDeterministic(String what) {
        return nonDeterministic(model, "trace replay failed: " + what);
    }

    static IllegalStateException nonDeterministic(Model model, String what) {
        return new IllegalStateException("model " + model.getClass().getName() + " is not deterministic: " + what);
    }
}
