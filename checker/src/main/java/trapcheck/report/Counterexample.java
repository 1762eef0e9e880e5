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
import trapcheck.engine.Verdict;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.Evidence;
import trapcheck.spi.SourceFile;
import trapcheck.spi.SourceLocation;
import trapcheck.spi.StepDetail;

/**
 * A counterexample as a person (and the trace file) sees it: every state rendered into the model's
 * named fields, every step labelled in the model's words, with what each part of it did, and the
 * culprit: the step that wrote the offending value ({@link CulpritWalk}). This is the content of a
 * {@code *.trace.json} file (see {@code reports/trace.schema.json}); {@link TraceJson} writes and reads
 * it, {@link TraceText} renders it as text. It holds only strings, numbers, booleans and lists, so two
 * counterexamples compare equal exactly when their files say the same thing.
 *
 * @param tool     the tool that wrote it
 * @param spec     the spec it was found in
 * @param violated the properties broken at the end, with why
 * @param culprit  the step that wrote the offending value, or null when none is known
 * @param initial  the initial state
 * @param steps    the steps from the initial state, numbered from 1
 * @param lanes    every lane (actor) of the model, in display order
 */
public record Counterexample(Tool tool, Spec spec, List<Broken> violated, Culprit culprit, Initial initial,
                             List<Step> steps, List<String> lanes) {

    public Counterexample {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(initial, "initial");
        violated = List.copyOf(violated);
        steps = List.copyOf(steps);
        lanes = List.copyOf(lanes);
    }

    /** A counterexample without a culprit. */
    public Counterexample(Tool tool, Spec spec, List<Broken> violated, Initial initial, List<Step> steps,
                          List<String> lanes) {
        this(tool, spec, violated, null, initial, steps, lanes);
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
     * @param expect  what the spec's author expects; null in a trace of format version 1
     */
    public record Spec(String name, String path, String sha256,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Source> sources,
                       @JsonInclude(JsonInclude.Include.NON_NULL) SpecOutcome.Expected expect) {
        public Spec {
            sources = sources == null ? List.of() : List.copyOf(sources);
        }

        public Spec(String name, String path, String sha256, List<Source> sources) {
            this(name, path, sha256, sources, null);
        }

        public Spec(String name, String path, String sha256) {
            this(name, path, sha256, List.of(), null);
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

    /**
     * A property broken at the end of the trace.
     *
     * @param evidence the fields of the last state that show it (where the culprit walk starts); empty
     *                 when the model names none
     */
    public record Broken(String id, String description, String explanation,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> evidence) {
        public Broken {
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }

        public Broken(String id, String description, String explanation) {
            this(id, description, explanation, List.of());
        }
    }

    /** A place in a spec file: the file as the spec named it, 1-based line and column (0: unknown). */
    public record Location(String file, int line, int column) {

        /** The report's copy of a model's location; null for null or one without a file. */
        public static Location of(SourceLocation l) {
            return l == null || l.file() == null ? null : new Location(l.file().toString(), l.line(), l.column());
        }

        /** "file:line:column", leaving out what is unknown. */
        @Override
        public String toString() {
            return file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "");
        }
    }

    /**
     * The step that wrote the offending value (see {@link CulpritWalk} for which write that is).
     *
     * @param property the broken property whose evidence was followed
     * @param step     the culprit step's index (1-based)
     * @param field    the field it wrote the value into; null when no field shows the violation and the
     *                 culprit is the breaking step itself
     * @param location where the spec asks for what the step did there (the policy op), or null
     * @param flow     every write of the value from where it was made to the evidence, oldest first
     */
    public record Culprit(String property, int step, String field, Location location, List<Hop> flow) {
        public Culprit {
            flow = List.copyOf(flow);
        }
    }

    /** One write along a value's way: at step {@code step}, field {@code field} took it (from {@code from}, or made). */
    public record Hop(int step, String field, String from) {
    }

    /**
     * @param values     structured readings of some fields ({@link CheckTarget#structured})
     * @param violations properties the initial state breaks by itself (usually none)
     */
    public record Initial(Map<String, String> state,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Map<String, Object>> values,
                          List<String> violations) {
        public Initial {
            state = unmodifiableOrdered(state);
            values = orderedValues(values);
            violations = List.copyOf(violations);
        }

        public Initial(Map<String, String> state, List<String> violations) {
            this(state, Map.of(), violations);
        }
    }

    /**
     * One step.
     *
     * @param index       1-based position in the trace
     * @param action      the model's action number
     * @param actionName  the model's short name of the action; null in a trace of format version 1
     * @param label       the action in the model's words
     * @param actors      the lanes involved
     * @param state       every field after the step
     * @param changed     only the fields the step changed (a missing field is null)
     * @param violations  properties the step broke
     * @param effects     what each part of the step did, in order; empty when the model does not say
     * @param toldByLabel changed fields whose change the label already tells (a text story omits them)
     */
    public record Step(int index, int action, String actionName, String label, List<String> actors,
                       Map<String, String> state, Map<String, Change> changed, List<String> violations,
                       List<Effect> effects, List<String> toldByLabel) {
        public Step {
            actors = List.copyOf(actors);
            state = unmodifiableOrdered(state);
            changed = unmodifiableOrdered(changed);
            violations = List.copyOf(violations);
            effects = effects == null ? List.of() : List.copyOf(effects);
            toldByLabel = toldByLabel == null ? List.of() : List.copyOf(toldByLabel);
        }

        /** A step as format version 1 records it. */
        public Step(int index, int action, String label, List<String> actors, Map<String, String> state,
                    Map<String, Change> changed, List<String> violations) {
            this(index, action, null, label, actors, state, changed, violations, List.of(), List.of());
        }
    }

    /**
     * A field's value before and after a step; null where the field did not exist. The structured
     * readings ({@link CheckTarget#structured}) are null for a field that has none.
     */
    public record Change(String from, String to,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> fromValue,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> toValue) {
        public Change {
            fromValue = fromValue == null ? null : unmodifiableOrdered(fromValue);
            toValue = toValue == null ? null : unmodifiableOrdered(toValue);
        }

        public Change(String from, String to) {
            this(from, to, null, null);
        }
    }

    /**
     * One part of a step, as {@link StepDetail.Effect}: its text (null when the label says it), where the
     * spec asks for it, and the fields it wrote.
     */
    public record Effect(String text, Location location, List<Move> moves) {
        public Effect {
            moves = List.copyOf(moves);
        }
    }

    /** {@code to} took the value {@code from} held (null: a value the step made). */
    public record Move(String to, String from) {
    }

    /**
     * Whether this is what a trace file of format version 1 holds: no action names, no spec
     * {@code expect} (version 2 writes both for every step and every spec that has one).
     */
    public boolean isVersion1() {
        return spec.expect() == null && steps.stream().allMatch(s -> s.actionName() == null);
    }

    /** What a trace file of format version 1 says of this counterexample: none of version 2's additions. */
    public Counterexample asVersion1() {
        Spec s1 = new Spec(spec.name(), spec.path(), spec.sha256(), spec.sources(), null);
        List<Broken> broken = violated.stream().map(b -> new Broken(b.id(), b.description(), b.explanation())).toList();
        List<Step> steps1 = steps.stream().map(s -> {
            Map<String, Change> changed = new LinkedHashMap<>();
            s.changed().forEach((field, c) -> changed.put(field, new Change(c.from(), c.to())));
            return new Step(s.index(), s.action(), s.label(), s.actors(), s.state(), changed, s.violations());
        }).toList();
        return new Counterexample(tool, s1, broken, null, new Initial(initial.state(), initial.violations()), steps1,
                lanes);
    }

    /** The ids of the properties broken at the end. */
    public List<String> violatedIds() {
        return violated.stream().map(Broken::id).toList();
    }

    /**
     * The structured values of every field after each step (index 0: the initial state), rebuilt from
     * the initial values and each step's changes.
     */
    public List<Map<String, Map<String, Object>>> valuesByStep() {
        List<Map<String, Map<String, Object>>> byStep = new java.util.ArrayList<>(steps.size() + 1);
        Map<String, Map<String, Object>> now = new LinkedHashMap<>(initial.values());
        byStep.add(new LinkedHashMap<>(now));
        for (Step s : steps) {
            s.changed().forEach((field, c) -> {
                if (c.toValue() == null) {
                    now.remove(field);
                } else {
                    now.put(field, c.toValue());
                }
            });
            byStep.add(new LinkedHashMap<>(now));
        }
        return byStep;
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
        Map<String, Map<String, Object>> previousValues = target.structured(trace.initial());
        Initial initial = new Initial(previous, previousValues, ids(properties, initialMask));
        List<Step> steps = new ArrayList<>(trace.length());
        long[] before = trace.initial();
        for (int i = 0; i < trace.length(); i++) {
            Trace.Step s = trace.steps().get(i);
            Map<String, String> now = target.render(s.state());
            Map<String, Map<String, Object>> values = target.structured(s.state());
            StepDetail detail = target.detail(before, s.action());
            Map<String, Change> changed = diff(previous, now, previousValues, values);
            List<String> told = changed.keySet().stream().filter(detail.toldByLabel()::contains).toList();
            steps.add(new Step(i + 1, s.action(), model.actionName(s.action()), target.describeAction(before, s.action()),
                    target.actorsOf(before, s.action()), now, changed, ids(properties, s.violations()),
                    effects(detail), told));
            previous = now;
            previousValues = values;
            before = s.state();
        }

        long[] lastBefore = trace.length() == 0 ? null
                : trace.length() == 1 ? trace.initial() : trace.steps().get(trace.length() - 2).state();
        int lastAction = trace.length() == 0 ? -1 : trace.steps().get(trace.length() - 1).action();
        List<Broken> broken = new ArrayList<>();
        Map<String, Location> evidenceAt = new LinkedHashMap<>();
        for (int bit = 0; bit < 63; bit++) {
            if ((finalViolations & (1L << bit)) != 0) {
                String id = idOf(properties, bit);
                String description = bit < properties.size() ? properties.get(bit).description() : "";
                Evidence evidence = target.evidence(lastBefore, lastAction, trace.lastState(), id);
                broken.add(new Broken(id, description, target.explain(lastBefore, lastAction, trace.lastState(), id),
                        evidence.fields()));
                if (evidence != Evidence.NONE && evidence.fields().isEmpty()) {
                    evidenceAt.put(id, Location.of(evidence.location())); // the breaking step itself
                }
            }
        }
        CheckTarget.Expectation e = target.expectation();
        SpecOutcome.Expected expect = e == null ? null : new SpecOutcome.Expected(e.verdict().word(),
                e.verdict() == Verdict.VIOLATED ? e.invariant() : null);
        Spec spec = new Spec(target.name(), target.file() == null ? null : target.file().toString(),
                target.sourceHash(), Source.of(target), expect);
        Culprit culprit = CulpritWalk.find(broken, expect == null ? null : expect.invariant(), evidenceAt, initial,
                steps);
        return new Counterexample(tool, spec, broken, culprit, initial, steps, target.lanes());
    }

    private static List<Effect> effects(StepDetail detail) {
        return detail.effects().stream().map(x -> new Effect(x.text(), Location.of(x.location()),
                x.moves().stream().map(m -> new Move(m.to(), m.from())).toList())).toList();
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
        return diff(before, after, Map.of(), Map.of());
    }

    /** {@link #diff(Map, Map)} with the structured readings of both states beside the strings. */
    public static Map<String, Change> diff(Map<String, String> before, Map<String, String> after,
                                           Map<String, Map<String, Object>> beforeValues,
                                           Map<String, Map<String, Object>> afterValues) {
        Map<String, Change> changed = new LinkedHashMap<>();
        Set<String> keys = new LinkedHashSet<>(after.keySet());
        keys.addAll(before.keySet());
        for (String key : keys) {
            String from = before.get(key);
            String to = after.get(key);
            if (!Objects.equals(from, to)) {
                changed.put(key, new Change(from, to, beforeValues.get(key), afterValues.get(key)));
            }
        }
        return changed;
    }

    /** Structured readings, copied: an ordered map of ordered maps; null is empty. */
    static Map<String, Map<String, Object>> orderedValues(Map<String, Map<String, Object>> values) {
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((field, v) -> copy.put(field, unmodifiableOrdered(v)));
        }
        return java.util.Collections.unmodifiableMap(copy);
    }

    static <V> Map<String, V> unmodifiableOrdered(Map<String, V> map) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
