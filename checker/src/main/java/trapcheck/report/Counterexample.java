package trapcheck.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import trapcheck.engine.Model;
import trapcheck.engine.Property;
import trapcheck.engine.Trace;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.SourceFile;

/**
 * A counterexample as a person (and the trace file) sees it: every state rendered into the model's
 * named fields, every step labelled in the model's words. This is the content of a
 * {@code *.trace.json} file (see {@code reports/trace.schema.json}); {@link TraceJson} writes and reads
 * it, {@link TraceText} renders it as text. It holds only strings and lists, so two counterexamples
 * compare equal exactly when their files say the same thing.
 *
 * @param tool     the tool that wrote it
 * @param spec     the spec it was found in
 * @param violated the properties broken at the end, with why
 * @param initial  the initial state
 * @param steps    the steps from the initial state, numbered from 1
 * @param lanes    every lane (actor) of the model, in display order
 */
public record Counterexample(Tool tool, Spec spec, List<Broken> violated, Initial initial, List<Step> steps,
                             List<String> lanes) {

    public Counterexample {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(initial, "initial");
        violated = List.copyOf(violated);
        steps = List.copyOf(steps);
        lanes = List.copyOf(lanes);
    }

    public record Tool(String name, String version) {
    }

    /**
     * @param path    the spec file as it was given
     * @param sha256  hex digest of its bytes, or for a spec that extends others of all its files
     *                ({@link CheckTarget#sourceHash()})
     * @param sources for a spec that extends others, every file it was read from (the spec first) with
     *                its own digest, so that replay can say which one changed; empty (and not written)
     *                for a spec read from one file, whose file and digest are {@code path} and {@code sha256}
     */
    public record Spec(String name, String path, String sha256,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Source> sources) {
        public Spec {
            sources = sources == null ? List.of() : List.copyOf(sources);
        }

        public Spec(String name, String path, String sha256) {
            this(name, path, sha256, List.of());
        }
    }

    /** One file a spec was read from: its path as read and the hex SHA-256 of its bytes. */
    public record Source(String path, String sha256) {

        /** The files of {@code target} when there is more than one (see {@link Spec#sources()}), else empty. */
        public static List<Source> of(CheckTarget target) {
            List<SourceFile> files = target.sources();
            return files.size() < 2 ? List.of()
                    : files.stream().map(f -> new Source(f.file() == null ? null : f.file().toString(), f.sha256())).toList();
        }
    }

    /** A property broken at the end of the trace. */
    public record Broken(String id, String description, String explanation) {
    }

    /** @param violations properties the initial state breaks by itself (usually none) */
    public record Initial(Map<String, String> state, List<String> violations) {
        public Initial {
            state = unmodifiableOrdered(state);
            violations = List.copyOf(violations);
        }
    }

    /**
     * One step.
     *
     * @param index      1-based position in the trace
     * @param action     the model's action number
     * @param label      the action in the model's words
     * @param actors     the lanes involved
     * @param state      every field after the step
     * @param changed    only the fields the step changed (a missing field is null)
     * @param violations properties the step broke
     */
    public record Step(int index, int action, String label, List<String> actors, Map<String, String> state,
                       Map<String, Change> changed, List<String> violations) {
        public Step {
            actors = List.copyOf(actors);
            state = unmodifiableOrdered(state);
            changed = unmodifiableOrdered(changed);
            violations = List.copyOf(violations);
        }
    }

    /** A field's value before and after a step; null where the field did not exist. */
    public record Change(String from, String to) {
    }

    /** The ids of the properties broken at the end. */
    public List<String> violatedIds() {
        return violated.stream().map(Broken::id).toList();
    }

    /** The state at the end of the trace. */
    public Map<String, String> lastState() {
        return steps.isEmpty() ? initial.state() : steps.get(steps.size() - 1).state();
    }

    /**
     * Renders an engine trace through the target's presentation.
     *
     * @param target           the spec the trace was found in
     * @param trace            the concrete trace
     * @param finalViolations  mask of the properties broken at the end (the result's violations)
     */
    public static Counterexample of(Tool tool, CheckTarget target, Trace trace, long finalViolations) {
        Model model = target.model();
        List<Property> properties = model.properties();
        long initialMask = model.newWorker().check(trace.initial());

        Map<String, String> previous = target.render(trace.initial());
        Initial initial = new Initial(previous, ids(properties, initialMask));
        List<Step> steps = new ArrayList<>(trace.length());
        long[] before = trace.initial();
        for (int i = 0; i < trace.length(); i++) {
            Trace.Step s = trace.steps().get(i);
            Map<String, String> now = target.render(s.state());
            steps.add(new Step(i + 1, s.action(), target.describeAction(before, s.action()),
                    target.actorsOf(before, s.action()), now, diff(previous, now), ids(properties, s.violations())));
            previous = now;
            before = s.state();
        }

        long[] lastBefore = trace.length() == 0 ? null
                : trace.length() == 1 ? trace.initial() : trace.steps().get(trace.length() - 2).state();
        int lastAction = trace.length() == 0 ? -1 : trace.steps().get(trace.length() - 1).action();
        List<Broken> broken = new ArrayList<>();
        for (int bit = 0; bit < 63; bit++) {
            if ((finalViolations & (1L << bit)) != 0) {
                String id = idOf(properties, bit);
                String description = bit < properties.size() ? properties.get(bit).description() : "";
                broken.add(new Broken(id, description,
                        target.explain(lastBefore, lastAction, trace.lastState(), id)));
            }
        }
        Spec spec = new Spec(target.name(), target.file() == null ? null : target.file().toString(),
                target.sourceHash(), Source.of(target));
        return new Counterexample(tool, spec, broken, initial, steps, target.lanes());
    }

    /** The ids of the properties set in {@code mask}, in bit order. */
    public static List<String> ids(List<Property> properties, long mask) {
        List<String> ids = new ArrayList<>();
        for (int bit = 0; bit < 63; bit++) {
            if ((mask & (1L << bit)) != 0) {
                ids.add(idOf(properties, bit));
            }
        }
        return ids;
    }

    private static String idOf(List<Property> properties, int bit) {
        return bit < properties.size() ? properties.get(bit).id() : "property#" + bit;
    }

    /** The fields whose value differs, in the display order of {@code after} then of {@code before}. */
    public static Map<String, Change> diff(Map<String, String> before, Map<String, String> after) {
        Map<String, Change> changed = new LinkedHashMap<>();
        Set<String> keys = new LinkedHashSet<>(after.keySet());
        keys.addAll(before.keySet());
        for (String key : keys) {
            String from = before.get(key);
            String to = after.get(key);
            if (!Objects.equals(from, to)) {
                changed.put(key, new Change(from, to));
            }
        }
        return changed;
    }

    private static <V> Map<String, V> unmodifiableOrdered(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
