package trapcheck.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import trapcheck.engine.Model;
import trapcheck.engine.Trace;
import trapcheck.report.Counterexample;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.SafeText;

/**
 * Re-executes a recorded counterexample on a spec and reports the first place where the two disagree.
 * The replay follows the spec's own states, never the recorded ones: it applies the recorded actions
 * from the initial state the trace names, renders the counterexample the spec gives for them (exactly
 * as {@code check} would write it) and compares everything the file says with it: every step's
 * number, action, label, actors, state, changed fields and broken properties, the broken properties
 * at the end with their descriptions and explanations, the spec's name and the lanes; in a trace of
 * format version 2 also every step's action name and parts, the structured values, the evidence, the
 * spec's {@code expect} and the culprit (a version 1 trace is compared on what it records). A trace whose
 * end breaks nothing is not a counterexample and is refused, whatever it records.
 *
 * <p>What replay prints is the counterexample the spec gave, never text from the file; the file's
 * text appears only inside a divergence message, escaped and clipped ({@link SafeText}).
 */
final class TraceReplayer {
    private static final int QUOTE = 80;

    private TraceReplayer() {
    }

    /** Either the counterexample the spec gives for the recorded steps (it equals the file's), or the divergence. */
    record Replay(Counterexample confirmed, String divergence) {
    }

    /** The first divergence as one line ("step 7: action not enabled"), or null if the trace replays. */
    static String divergence(CheckTarget target, Counterexample cx) {
        return replay(target, cx).divergence();
    }

    static Replay replay(CheckTarget target, Counterexample recorded) {
        Model model = target.model();
        Model.Worker worker = model.newWorker();
        long[] initial = null;
        for (long[] candidate : model.initialStates()) {
            if (Objects.equals(target.render(candidate), recorded.initial().state())) {
                initial = candidate.clone();
                break;
            }
        }
        if (initial == null) {
            if (model.initialStates().isEmpty()) {
                return diverges("initial state: the spec has no initial state");
            }
            String d = fieldDifference(recorded.initial().state(), target.render(model.initialStates().get(0)));
            return diverges("initial state: no initial state of the spec matches the recorded one"
                    + (d == null ? "" : " (" + d + ")"));
        }

        List<Counterexample.Step> steps = recorded.steps();
        List<Trace.Step> replayed = new ArrayList<>();
        long[] state = initial;
        long mask = worker.check(initial);
        for (int i = 0; i < steps.size(); i++) {
            Counterexample.Step step = steps.get(i);
            String at = "step " + (i + 1) + ": ";
            if (step.index() != i + 1) {
                return diverges(at + "recorded as step " + step.index() + " (steps out of order)");
            }
            if (step.action() < 0 || step.action() >= model.actionCount()) {
                return diverges(at + "action " + step.action() + " does not exist in the spec (it has "
                        + model.actionCount() + " actions)");
            }
            String label = target.describeAction(state, step.action());
            if (!Objects.equals(label, step.label())) {
                return diverges(at + "recorded " + quote(step.label()) + " but the spec gives " + quote(label));
            }
            long[] next = new long[model.stateWords()];
            long result = worker.apply(state, step.action(), next);
            if (result == Model.NOT_ENABLED) {
                return diverges(at + "action not enabled");
            }
            String d = fieldDifference(step.state(), target.render(next));
            if (d != null) {
                return diverges(at + "state differs in " + d);
            }
            replayed.add(new Trace.Step(step.action(), next, result));
            state = next;
            mask = result;
        }

        Counterexample spec = Counterexample.of(recorded.tool(), target, new Trace(initial, replayed), mask);
        List<String> now = spec.violatedIds();
        String end = steps.isEmpty() ? "initial state: " : "step " + steps.size() + ": ";
        for (String id : recorded.violatedIds()) {
            if (!now.contains(id)) {
                return diverges(end + "the spec does not break " + SafeText.clip(id, QUOTE) + " here (it breaks "
                        + (now.isEmpty() ? "nothing" : String.join(", ", now)) + ")");
            }
        }
        if (now.isEmpty()) {
            return diverges(end + "the spec breaks nothing here: a trace that breaks no invariant at its end is "
                    + "not a counterexample");
        }
        String d = difference(recorded, spec);
        return d == null ? new Replay(spec, null) : diverges(d);
    }

    /** What the steps' states and labels leave to compare; null when the file says exactly what the spec gives. */
    private static String difference(Counterexample recorded, Counterexample given) {
        // A trace of format version 1 says less: compare what it says.
        Counterexample spec = recorded.isVersion1() ? given.asVersion1() : given;
        if (!recorded.violatedIds().equals(spec.violatedIds())) {
            return "end: recorded as breaking " + quoteList(recorded.violatedIds())
                    + " but the spec breaks " + String.join(", ", spec.violatedIds());
        }
        for (int i = 0; i < spec.steps().size(); i++) {
            Counterexample.Step r = recorded.steps().get(i);
            Counterexample.Step s = spec.steps().get(i);
            String at = "step " + (i + 1) + ": ";
            if (!r.violations().equals(s.violations())) {
                return at + "recorded as breaking " + quoteList(r.violations()) + " but the spec gives "
                        + (s.violations().isEmpty() ? "nothing" : String.join(", ", s.violations()));
            }
            if (!r.actors().equals(s.actors())) {
                return at + "recorded actors " + quote(String.join(", ", r.actors())) + " but the spec gives "
                        + String.join(", ", s.actors());
            }
            if (!r.changed().equals(s.changed())) {
                return at + "the changed fields differ: recorded " + quote(r.changed().keySet().toString())
                        + ", the spec changes " + s.changed().keySet();
            }
        }
        for (int i = 0; i < spec.violated().size(); i++) {
            Counterexample.Broken r = recorded.violated().get(i);
            Counterexample.Broken s = spec.violated().get(i);
            if (!Objects.equals(r.explanation(), s.explanation())) {
                return "BROKEN " + s.id() + ": recorded the explanation " + quote(r.explanation())
                        + " but the spec explains " + quote(s.explanation());
            }
            if (!Objects.equals(r.description(), s.description())) {
                return "BROKEN " + s.id() + ": recorded the description " + quote(r.description())
                        + " but the spec describes it as " + quote(s.description());
            }
        }
        if (!recorded.initial().violations().equals(spec.initial().violations())) {
            return "initial state: recorded as breaking " + quoteList(recorded.initial().violations())
                    + " but the spec gives " + String.join(", ", spec.initial().violations());
        }
        if (!Objects.equals(recorded.spec().name(), spec.spec().name())) {
            return "the trace is of the spec " + quote(recorded.spec().name()) + ", this spec is named "
                    + spec.spec().name();
        }
        if (!recorded.lanes().equals(spec.lanes())) {
            return "the lanes differ: recorded " + quote(String.join(", ", recorded.lanes())) + ", the spec has "
                    + String.join(", ", spec.lanes());
        }
        if (!Objects.equals(recorded.culprit(), spec.culprit())) {
            return "the culprit differs: recorded " + (recorded.culprit() == null ? "none"
                    : "step " + recorded.culprit().step()) + ", the spec gives "
                    + (spec.culprit() == null ? "none" : "step " + spec.culprit().step()
                    + (spec.culprit().field() == null ? "" : " (" + spec.culprit().field() + ")"));
        }
        Counterexample same = new Counterexample(spec.tool(), spec.spec(), recorded.violated(), recorded.culprit(),
                recorded.initial(), recorded.steps(), recorded.lanes());
        return same.equals(spec) ? null : "the trace records something the spec does not give (compare it with "
                + "a fresh `trapcheck check`)";
    }

    private static Replay diverges(String why) {
        return new Replay(null, why);
    }

    /** 'a, b' as recorded in the file, or nothing. */
    private static String quoteList(List<String> recorded) {
        return recorded.isEmpty() ? "nothing" : quote(String.join(", ", recorded));
    }

    /** 'text' as recorded in the file: escaped, clipped. */
    private static String quote(String recorded) {
        return recorded == null ? "nothing" : "'" + SafeText.clip(recorded, QUOTE) + "'";
    }

    /** "field F: recorded 'a' now 'b'" for the first field (in recorded order) that differs, or null. */
    static String fieldDifference(Map<String, String> recorded, Map<String, String> now) {
        for (Map.Entry<String, String> e : recorded.entrySet()) {
            String actual = now.get(e.getKey());
            if (!now.containsKey(e.getKey())) {
                return "field " + SafeText.clip(e.getKey(), QUOTE) + ": recorded " + quote(e.getValue())
                        + " but the spec has no such field";
            }
            if (!Objects.equals(e.getValue(), actual)) {
                return "field " + e.getKey() + ": recorded " + quote(e.getValue()) + " now " + quote(actual);
            }
        }
        for (String key : now.keySet()) {
            if (!recorded.containsKey(key)) {
                return "field " + key + ": not recorded, now " + quote(now.get(key));
            }
        }
        return null;
    }
}
