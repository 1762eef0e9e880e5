package trapcheck.report;

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
 */
public final class TraceJson {

    public static final String FORMAT = "trapcheck-trace";
    public static final int FORMAT_VERSION = 1;

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
     */
    public record File(String format, int formatVersion, Counterexample.Tool tool, Counterexample.Spec spec,
                       List<Counterexample.Broken> violated, Counterexample.Initial initial,
                       List<Counterexample.Step> steps, List<String> lanes) {

        public static File of(Counterexample cx) {
            return new File(FORMAT, FORMAT_VERSION, cx.tool(), cx.spec(), cx.violated(), cx.initial(), cx.steps(),
                    cx.lanes());
        }
    }

    /** The JSON text of the counterexample (ends with a newline). */
    public static String toJson(Counterexample cx) {
        return JsonFiles.toJson(File.of(cx));
    }

    /** Writes the counterexample to {@code file} atomically. */
    public static void write(Counterexample cx, Path file) throws IOException {
        AtomicFiles.writeString(file, toJson(cx));
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
        if (version != FORMAT_VERSION) {
            throw new FormatException(source + ": trace format version " + version
                    + " is not supported (this trapcheck reads version " + FORMAT_VERSION + ")");
        }
        JsonNode toolNode = r.object(root, "", "tool");
        var tool = new Counterexample.Tool(r.text(toolNode, "tool", "name"), r.text(toolNode, "tool", "version"));
        JsonNode specNode = r.object(root, "", "spec");
        List<Counterexample.Source> sources = new ArrayList<>();
        if (specNode.has("sources")) {
            JsonNode sourcesNode = r.array(specNode, "spec", "sources");
            for (int i = 0; i < sourcesNode.size(); i++) {
                String at = "spec.sources[" + i + "]";
                JsonNode f = r.element(sourcesNode, at);
                sources.add(new Counterexample.Source(r.nullableText(f, at, "path"), r.nullableText(f, at, "sha256")));
            }
        }
        var spec = new Counterexample.Spec(r.text(specNode, "spec", "name"),
                r.nullableText(specNode, "spec", "path"), r.nullableText(specNode, "spec", "sha256"), sources);
        List<Counterexample.Broken> violated = new ArrayList<>();
        JsonNode violatedNode = r.array(root, "", "violated");
        for (int i = 0; i < violatedNode.size(); i++) {
            String at = "violated[" + i + "]";
            JsonNode b = r.element(violatedNode, at);
            violated.add(new Counterexample.Broken(r.text(b, at, "id"), r.nullableText(b, at, "description"),
                    r.nullableText(b, at, "explanation")));
        }
        JsonNode initialNode = r.object(root, "", "initial");
        var initial = new Counterexample.Initial(r.fields(initialNode, "initial", "state"),
                initialNode.has("violations") ? r.strings(initialNode, "initial", "violations") : List.of());
        List<Counterexample.Step> steps = new ArrayList<>();
        JsonNode stepsNode = r.array(root, "", "steps");
        for (int i = 0; i < stepsNode.size(); i++) {
            String at = "steps[" + i + "]";
            JsonNode s = r.element(stepsNode, at);
            Map<String, Counterexample.Change> changed = new LinkedHashMap<>();
            JsonNode changedNode = r.object(s, at, "changed");
            for (Map.Entry<String, JsonNode> e : changedNode.properties()) {
                String cat = at + ".changed." + e.getKey();
                if (!e.getValue().isObject()) {
                    throw r.fail(cat, "an object with 'from' and 'to'");
                }
                changed.put(e.getKey(), new Counterexample.Change(r.nullableText(e.getValue(), cat, "from"),
                        r.nullableText(e.getValue(), cat, "to")));
            }
            steps.add(new Counterexample.Step(r.integer(s, at, "index"), r.integer(s, at, "action"),
                    r.text(s, at, "label"), r.strings(s, at, "actors"), r.fields(s, at, "state"), changed,
                    r.strings(s, at, "violations")));
        }
        List<String> lanes = root.has("lanes") ? r.strings(root, "", "lanes") : List.of();
        return new Counterexample(tool, spec, violated, initial, steps, lanes);
    }

    /** Typed access to members, failing with the member's JSON path. */
    private record Reader(String source) {

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

        private static String path(String at, String name) {
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
