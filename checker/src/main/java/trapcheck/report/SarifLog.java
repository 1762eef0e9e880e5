package trapcheck.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results as a SARIF 2.1.0 log, for code-scanning tools that show findings on a diff. One run, one
 * result per spec that is not plainly as expected or that has a counterexample:
 * <ul>
 * <li>an invalid spec: rule {@code invalid-spec}, level error, at the error's line and column;</li>
 * <li>a counterexample: rule = the first invariant broken, level error when it contradicts
 *     {@code expect}, warning when a limit stopped the re-check of the expected invariant, and note
 *     when the spec expects it, at {@link #violationLocation} with the
 *     counterexample as a thread flow (one location per step, the fields it changed as its state);</li>
 * <li>a verdict of holds that contradicts {@code expect}: rule {@code unexpected-hold}, level error, at
 *     the {@code expect};</li>
 * <li>a spec a limit stopped: rule {@code incomplete}, level warning, at the {@code expect}.</li>
 * </ul>
 * Paths are written as given (relative paths stay relative, so they resolve against the checkout).
 */
public final class SarifLog {

    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private SarifLog() {
    }

    /** The file. */
    record Log(@JsonProperty("$schema") String schema, String version, List<Run> runs) {
    }

    /** {@code properties}: {"partialOrder": true} when a spec's search used partial-order reduction, else absent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Run(Tool tool, List<Result> results, Map<String, Object> properties) {
    }

    record Tool(Driver driver) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Driver(String name, String version, String informationUri, List<Rule> rules) {
    }

    record Rule(String id, Text shortDescription) {
    }

    record Text(String text) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Result(String ruleId, int ruleIndex, String level, Text message, List<Location> locations,
                  List<CodeFlow> codeFlows, Map<String, String> partialFingerprints) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Location(PhysicalLocation physicalLocation, Text message) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PhysicalLocation(ArtifactLocation artifactLocation, Region region) {
    }

    record ArtifactLocation(String uri) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Region(int startLine, Integer startColumn) {
    }

    record CodeFlow(Text message, List<ThreadFlow> threadFlows) {
    }

    record ThreadFlow(List<ThreadFlowLocation> locations) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record ThreadFlowLocation(Location location, int executionOrder, String importance, Map<String, Text> state) {
    }

    /**
     * Where a counterexample's finding stands: the spec's {@code expect} (the outcome's location). The
     * policy op that caused it is the better place once counterexamples name their culprit step.
     */
    static SpecOutcome.Location violationLocation(SpecOutcome o, Counterexample cx) {
        // the policy op the culprit step ran, where the model names one; else the spec's expect
        Counterexample.Location at = cx == null || cx.culprit() == null ? null : cx.culprit().location();
        return at == null ? o.location() : new SpecOutcome.Location(at.file(), at.line(), at.column());
    }

    /** @param counterexamples by spec name, for the specs that have one */
    public static String toJson(String tool, String version, List<SpecOutcome> outcomes,
                                Map<String, Counterexample> counterexamples) {
        Map<String, Rule> rules = new LinkedHashMap<>();
        List<Result> results = new ArrayList<>();
        for (SpecOutcome o : outcomes) {
            Counterexample cx = counterexamples.get(o.spec());
            boolean mismatch = o.status() == SpecOutcome.Status.MISMATCH;
            if (o.status() == SpecOutcome.Status.ERROR) {
                results.add(result(rules, "invalid-spec", "The spec file is invalid.", "error", o.message(),
                        o.location(), List.of(), o));
            } else if (cx != null && !cx.violated().isEmpty()) {
                Counterexample.Broken first = cx.violated().get(0);
                String text = o.spec() + ": " + String.join(", ", cx.violatedIds()) + " violated in "
                        + cx.steps().size() + (cx.steps().size() == 1 ? " step" : " steps") + ": "
                        + (first.explanation() == null || first.explanation().isBlank() ? first.description()
                        : first.explanation())
                        + (o.message() != null ? " (" + o.message() + ")" : " (expected: " + o.expected() + ")")
                        + (o.trace() == null ? "" : "; counterexample: " + o.trace());
                // A limit with a counterexample: the expected invariant's re-check was stopped.
                String level = mismatch ? "error" : o.status() == SpecOutcome.Status.LIMIT ? "warning" : "note";
                results.add(result(rules, first.id(), first.description(), level, text,
                        violationLocation(o, cx), List.of(codeFlow(cx, o)), o));
            } else if (mismatch) {
                results.add(result(rules, "unexpected-hold", "The spec holds but its expect says violated.", "error",
                        o.spec() + ": " + o.message(), o.location(), List.of(), o));
            } else if (o.status() == SpecOutcome.Status.LIMIT) {
                results.add(result(rules, "incomplete", "A limit stopped the exploration before a verdict.",
                        "warning", o.spec() + ": " + o.message(), o.location(), List.of(), o));
            }
        }
        Driver driver = new Driver(tool, version, null, List.copyOf(rules.values()));
        return JsonFiles.toJson(new Log(SCHEMA, "2.1.0", List.of(new Run(new Tool(driver), results,
                outcomes.stream().anyMatch(SpecOutcome::partialOrder) ? Map.of("partialOrder", true) : null))));
    }

    public static void write(Path file, String tool, String version, List<SpecOutcome> outcomes,
                             Map<String, Counterexample> counterexamples) throws IOException {
        AtomicFiles.writeString(file, toJson(tool, version, outcomes, counterexamples));
    }

    private static Result result(Map<String, Rule> rules, String ruleId, String description, String level,
                                 String message, SpecOutcome.Location where, List<CodeFlow> flows, SpecOutcome o) {
        rules.putIfAbsent(ruleId, new Rule(ruleId, new Text(description == null || description.isBlank() ? ruleId
                : description)));
        int index = new ArrayList<>(rules.keySet()).indexOf(ruleId);
        // The spec's name identifies a finding across runs better than its line, which moves with edits.
        return new Result(ruleId, index, level, new Text(message == null ? ruleId : message),
                List.of(new Location(physical(where, o.file()), null)), flows, Map.of("trapcheckSpec/v1", o.spec()));
    }

    private static PhysicalLocation physical(SpecOutcome.Location where, String fallbackFile) {
        String file = where == null || where.file() == null ? fallbackFile : where.file();
        Region region = where == null || where.line() <= 0 ? null
                : new Region(where.line(), where.column() > 0 ? where.column() : null);
        return new PhysicalLocation(new ArtifactLocation(uri(file)), region);
    }

    /** A relative path as a relative URI reference (forward slashes, escaped); an absolute one as file:. */
    static String uri(String file) {
        Path p = Path.of(file);
        if (p.isAbsolute()) {
            return p.toUri().toString();
        }
        StringBuilder b = new StringBuilder();
        for (Path part : p.normalize()) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(java.net.URLEncoder.encode(part.toString(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20"));
        }
        return b.toString();
    }

    private static CodeFlow codeFlow(Counterexample cx, SpecOutcome o) {
        List<ThreadFlowLocation> steps = new ArrayList<>();
        Location spec = new Location(physical(o.location(), o.file()), new Text("initial state"));
        steps.add(new ThreadFlowLocation(spec, 0, "unimportant", texts(cx.initial().state())));
        int last = cx.steps().size();
        for (Counterexample.Step s : cx.steps()) {
            Map<String, Text> changed = new LinkedHashMap<>();
            s.changed().forEach((field, change) -> changed.put(field, new Text(
                    (change.from() == null ? "-" : change.from()) + " -> " + (change.to() == null ? "-" : change.to()))));
            String text = "step " + s.index() + ": " + s.label()
                    + (s.violations().isEmpty() ? "" : " (breaks " + String.join(", ", s.violations()) + ")");
            steps.add(new ThreadFlowLocation(new Location(physical(o.location(), o.file()), new Text(text)), s.index(),
                    s.index() == last ? "essential" : "important", changed));
        }
        return new CodeFlow(new Text("counterexample for " + cx.spec().name() + ": " + last
                + (last == 1 ? " step" : " steps")), List.of(new ThreadFlow(steps)));
    }

    private static Map<String, Text> texts(Map<String, String> state) {
        Map<String, Text> m = new LinkedHashMap<>();
        state.forEach((k, v) -> m.put(k, new Text(v == null ? "-" : v)));
        return m;
    }
}
