package trapcheck.cli;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import trapcheck.engine.Model;
import trapcheck.report.Counterexample;
import trapcheck.spi.CheckTarget;

/**
 * Re-executes a recorded counterexample on a spec and reports the first place where the two disagree.
 * A step must name an existing action, carry the label the spec gives that action in the state reached
 * so far, be enabled, and lead to exactly the recorded fields; at the end, the recorded invariants
 * must be broken. The replay follows the spec's own states, never the recorded ones, so a trace
 * with steps reordered or edited cannot pass.
 */
final class TraceReplayer {

    private TraceReplayer() {
    }

    /** The first divergence as one line ("step 7: action not enabled"), or null if the trace replays. */
    static String divergence(CheckTarget target, Counterexample cx) {
        Model model = target.model();
        Model.Worker worker = model.newWorker();

        long[] state = null;
        for (long[] initial : model.initialStates()) {
            if (Objects.equals(target.render(initial), cx.initial().state())) {
                state = initial.clone();
                break;
            }
        }
        if (state == null) {
            if (model.initialStates().isEmpty()) {
                return "initial state: the spec has no initial state";
            }
            String d = fieldDifference(cx.initial().state(), target.render(model.initialStates().get(0)));
            return "initial state: no initial state of the spec matches the recorded one"
                    + (d == null ? "" : " (" + d + ")");
        }
        long mask = worker.check(state);

        List<Counterexample.Step> steps = cx.steps();
        for (int i = 0; i < steps.size(); i++) {
            Counterexample.Step step = steps.get(i);
            String at = "step " + (i + 1) + ": ";
            if (step.index() != i + 1) {
                return at + "recorded as step " + step.index() + " (steps out of order)";
            }
            if (step.action() < 0 || step.action() >= model.actionCount()) {
                return at + "action " + step.action() + " does not exist in the spec (it has "
                        + model.actionCount() + " actions)";
            }
            String label = target.describeAction(state, step.action());
            if (!Objects.equals(label, step.label())) {
                return at + "recorded '" + step.label() + "' but the spec gives '" + label + "'";
            }
            long[] next = new long[model.stateWords()];
            long result = worker.apply(state, step.action(), next);
            if (result == Model.NOT_ENABLED) {
                return at + "action not enabled";
            }
            String d = fieldDifference(step.state(), target.render(next));
            if (d != null) {
                return at + "state differs in " + d;
            }
            state = next;
            mask = result;
        }

        List<String> now = Counterexample.ids(model.properties(), mask);
        for (String id : cx.violatedIds()) {
            if (!now.contains(id)) {
                String where = steps.isEmpty() ? "initial state: " : "step " + steps.size() + ": ";
                return where + "the spec does not break " + id + " here (it breaks "
                        + (now.isEmpty() ? "nothing" : String.join(", ", now)) + ")";
            }
        }
        return null;
    }

    /** "field F: recorded 'a' now 'b'" for the first field (in recorded order) that differs, or null. */
    static String fieldDifference(Map<String, String> recorded, Map<String, String> now) {
        for (Map.Entry<String, String> e : recorded.entrySet()) {
            String actual = now.get(e.getKey());
            if (!now.containsKey(e.getKey())) {
                return "field " + e.getKey() + ": recorded '" + e.getValue() + "' but the spec has no such field";
            }
            if (!Objects.equals(e.getValue(), actual)) {
                return "field " + e.getKey() + ": recorded '" + e.getValue() + "' now '" + actual + "'";
            }
        }
        for (String key : now.keySet()) {
            if (!recorded.containsKey(key)) {
                return "field " + key + ": not recorded, now '" + now.get(key) + "'";
            }
        }
        return null;
    }
}
