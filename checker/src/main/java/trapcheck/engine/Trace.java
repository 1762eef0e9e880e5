package trapcheck.engine;

import java.util.List;

/**
 * A concrete path through a model: an initial state and the steps taken from it. The last step's
 * {@code violations} names the properties broken at the end of a counterexample.
 */
public record Trace(long[] initial, List<Step> steps) {

    public Trace {
        steps = List.copyOf(steps);
    }

    /** One step: the action taken, the state after it, and the properties the step broke. */
    public record Step(int action, long[] state, long violations) {
    }

    public int length() {
        return steps.size();
    }

    /** The last state of the trace (the initial state if there are no steps). */
    public long[] lastState() {
        return steps.isEmpty() ? initial : steps.get(steps.size() - 1).state();
    }
}
