package trapcheck.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counterexample file format, {@code trapcheck-trace} version {@value #FORMAT_VERSION}; its schema is
 * {@code reports/trace.schema.json}. Writing serialises the record {@link File} (see {@link JsonFiles}),
 * so two runs that find the same counterexample write the same bytes. Reading walks the tree, checks
 * the structure and names the first missing or mistyped member by its JSON path.
 *
 * <p>Version 2 writes the initial state in full and then, per step, only what changed (with structured
 * values beside the display strings), what each part of the step did, the action's name, the spec's
 * {@code expect} and the culprit; {@link #toJson(Counterexample, boolean)} with {@code fullStates}
 * writes every step's whole state as well. Version 1 files (every step's whole state, none of the
 * rest) are still read.
 */
public final class TraceJson {

    public static final String FORMAT = "trapcheck-trace";
    public static final int FORMAT_VERSION = 2;

    /** A trace file that cannot be read: not JSON, another format, or a member missing. */
    public static final class FormatException extends IOException {
        public FormatException(String message) {
            super(message);
        }
    }

    private TraceJson() {
    }

    /**
     * The file as written: the format tag, then the counterexample's members in its own order. A new
     * member (a later version of the format) is a new component here and in {@link Counterexample}.
     *
     * @param fullStates whether every step carries its whole state (not written when false)
     */
    public record File(String format, int formatVersion, Counterexample.Tool tool, Counterexample.Spec spec,
                       List<Counterexample.Broken> violated,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Counterexample.Culprit culprit,
                       Counterexample.Initial initial, List<StepRecord> steps, List<String> lanes,
                       @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean fullStates) {

        public static File of(Counterexample cx, boolean fullStates) {
            List<StepRecord> steps = new ArrayList<>(cx.steps().size());
            List<Map<String, Map<String, Object>>> values = fullStates ? cx.valuesByStep() : null;
            for (Counterexample.Step s : cx.steps()) {
                steps.add(new StepRecord(s.index(), s.action(), s.actionName(), s.label(), s.actors(),
                        fullStates ? s.state() : null, fullStates ? values.get(s.index()) : null, s.changed(),
                        s.violations(), s.effects(), s.toldByLabel()));
            }
            return new File(FORMAT, FORMAT_VERSION, cx.tool(), cx.spec(), cx.violated(), cx.culprit(), cx.initial(),
                    steps, cx.lanes(), fullStates);
        }
    }

    /**
     * One step as written: {@code state} and {@code values} (every field's) only with full states.
     */
    public record StepRecord(int index, int action, String actionName, String label, List<String> actors,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> state,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Map<String, Object>> values,
                             Map<String, Counterexample.Change> changed, List<String> violations,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Counterexample.Effect> effects,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> toldByLabel) {
    }

    /** The JSON text of the counterexample (ends with a newline): full initial state, then changes. */
    public static String toJson(Counterexample cx) {
        return toJson(cx, false);
    }

    /** The JSON text; with {@code fullStates}, every step's whole state too. */
    public static String toJson(Counterexample cx, boolean fullStates) {
        return JsonFiles.toJson(File.of(cx, fullStates));
    }

    /** Writes the counterexample to {@code file} atomically. */
    public static void write(Counterexample cx, Path file) throws IOException {
        write(cx, file, false);
    }

    /** Writes the counterexample to {@code file} atomically; with {@code fullStates}, every step's whole state. */
    public static void write(Counterexample cx, Path file, boolean fullStates) throws IOException {
        AtomicFiles.writeString(file, toJson(cx, fullStates));
    }

    /** Reads a trace file. */
    public static Counterexample read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new FormatException(file + ": no such file");
        }
        return parse(text, file.toString());
    }

    /** Parses the text of a trace file; {@code source} names it in messages. */
    public static Counterexample parse(String text, String source) throws FormatException {
        JsonNode root;
        try {
            root = JsonFiles.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new FormatException(source + ": not JSON: " + e.getOriginalMessage());
        }
        Reader r = new Reader(source);
        if (root == null || !root.isObject()) {
            throw r.fail("", "a JSON object");
        }
        String format = r.text(root, "", "format");
        if (!FORMAT.equals(format)) {
            throw new FormatException(source + ": not a trapcheck trace (format is '" + format + "', expected '"
                    + FORMAT + "')");
        }
        int version = r.integer(root, "", "formatVersion");
        if (version != 1 && version != FORMAT_VERSION) {
            throw new FormatException(source + ": trace format version " + version
                    + " is not supported (this trapcheck reads versions 1 and " + FORMAT_VERSION + ")");
        }
        JsonNode toolNode = r.object(root, "", "tool");
        var tool = new Counterexample.Tool(r.text(toolNode, "tool", "name"), r.text(toolNode, "tool", "version"));
        var spec = TraceJsonParts.spec(r, r.object(root, "", "spec"));
        List<Counterexample.Broken> violated = new ArrayList<>();
        JsonNode violatedNode = r.array(root, "", "violated");
        for (int i = 0; i < violatedNode.size(); i++) {
            String at = "violated[" + i + "]";
            JsonNode b = r.element(violatedNode, at);
            violated.add(new Counterexample.Broken(r.text(b, at, "id"), r.nullableText(b, at, "description"),
                    r.nullableText(b, at, "explanation"),
                    b.has("evidence") ? r.strings(b, at, "evidence") : List.of()));
        }
        Counterexample.Culprit culprit = root.has("culprit") && !root.get("culprit").isNull()
                ? TraceJsonParts.culprit(r, r.object(root, "", "culprit")) : null;
        JsonNode initialNode = r.object(root, "", "initial");
        var initial = new Counterexample.Initial(r.fields(initialNode, "initial", "state"),
                initialNode.has("values") ? TraceJsonParts.values(r, initialNode, "initial", "values") : Map.of(),
                initialNode.has("violations") ? r.strings(initialNode, "initial", "violations") : List.of());
        List<Counterexample.Step> steps = new ArrayList<>();
        JsonNode stepsNode = r.array(root, "", "steps");
        Map<String, String> previous = initial.state();
        for (int i = 0; i < stepsNode.size(); i++) {
            String at = "steps[" + i + "]";
            JsonNode s = r.element(stepsNode, at);
            Counterexample.Step step = TraceJsonParts.step(r, s, at, version, previous);
            steps.add(step);
            previous = step.state();
        }
        List<String> lanes = root.has("lanes") ? r.strings(root, "", "lanes") : List.of();
        return new Counterexample(tool, spec, violated, culprit, initial, steps, lanes);
    }

    /** Typed access to members, failing with the member's JSON path. */
    record Reader(String source) {

        FormatException fail(String at, String expected) {
            return new FormatException(source + ": " + (at.isEmpty() ? "top level" : at) + ": expected " + expected);
        }

        private JsonNode member(JsonNode node, String at, String name, String expected) throws FormatException {
            JsonNode v = node.get(name);
            if (v == null) {
                throw fail(path(at, name), expected + " (missing)");
            }
            return v;
        }

        static String path(String at, String name) {
            return at.isEmpty() ? name : at + "." + name;
        }

        String text(JsonNode node, String at, String name) throws FormatException {
            JsonNode v = member(node, at, name, "a string");
            if (!v.isTextual()) {
                throw fail(path(at, name), "a string");
            }
            return v.asText();
        }

        String nullableText(JsonNode node, String at, String name) throws FormatException {
            JsonNode v = node.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw fail(path(at, name), "a string or null");
            }
            return v.asText();
        }

        int integer(JsonNode node, String at, String name) throws FormatException {
            JsonNode v = member(node, at, name, "an integer");
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw fail(path(at, name), "an integer");
            }
            return v.intValue();
        }

        JsonNode object(JsonNode node, String at, String name) throws FormatException {
            JsonNode v = member(node, at, name, "an object");
            if (!v.isObject()) {
                throw fail(path(at, name), "an object");
            }
            return v;
        }

        JsonNode array(JsonNode node, String at, String name) throws FormatException {
            JsonNode v = member(node, at, name, "an array");
            if (!v.isArray()) {
                throw fail(path(at, name), "an array");
            }
            return v;
        }

        JsonNode element(JsonNode array, String at) throws FormatException {
            int i = Integer.parseInt(at.substring(at.lastIndexOf('[') + 1, at.length() - 1));
            JsonNode v = array.get(i);
            if (!v.isObject()) {
                throw fail(at, "an object");
            }
            return v;
        }

        List<String> strings(JsonNode node, String at, String name) throws FormatException {
            JsonNode v = array(node, at, name);
            List<String> out = new ArrayList<>(v.size());
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isTextual()) {
                    throw fail(path(at, name) + "[" + i + "]", "a string");
                }
                out.add(v.get(i).asText());
            }
            return out;
        }

        Map<String, String> fields(JsonNode node, String at, String name) throws FormatException {
            JsonNode v = object(node, at, name);
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                JsonNode value = e.getValue();
                if (value.isNull()) {
                    out.put(e.getKey(), null);
                } else if (value.isValueNode()) {
                    out.put(e.getKey(), value.asText());
                } else {
                    throw fail(path(at, name) + "." + e.getKey(), "a string");
                }
            }
            return out;
        }
    }
}
