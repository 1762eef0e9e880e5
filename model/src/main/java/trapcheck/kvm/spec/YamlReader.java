package trapcheck.kvm.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the bytes of a spec file (YAML, or strict JSON: {@link SpecSyntax}) into a located
 * {@link YamlNode} tree, or fails with a located {@link SpecError}; nothing else escapes.
 *
 * <p>Defences, outermost first: the size is checked before anything is decoded; the bytes must be
 * UTF-8 text without control characters (so binary garbage gets a precise location instead of a
 * parser complaint); SnakeYAML's own limits are set (code points, nesting, aliases) although the
 * event parser Jackson drives honours only some of them; and this walker enforces its own depth
 * limit, so the recursion below is bounded whatever the parser allows. Aliases are refused: Jackson
 * does not expand them (it would hand over the anchor's name as a string), and expanding them here
 * would reopen the billion-laughs hole for no gain in a file this small. Tags and directives are
 * refused (the format defines none); which scalars are numbers and booleans is left to Jackson, and
 * {@link Values} then accepts only plain decimal integers and lowercase true/false.
 */
final class YamlReader {
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_DEPTH = 64;

    private YamlReader() {
    }

    /**
     * The document's root node, read as {@code syntax}.
     *
     * @param source the file the nodes (and errors) name: null for the spec being loaded, else a base
     */
    static YamlNode read(byte[] content, SpecSyntax syntax, Path source) {
        try {
            return tree(content, syntax, source);
        } catch (SpecError e) {
            throw e.inFile(source);
        }
    }

    private static YamlNode tree(byte[] content, SpecSyntax syntax, Path source) {
        if (content.length > MAX_BYTES) {
            throw new SpecError(0, 0, "", "the file is " + content.length + " bytes; the limit is "
                    + MAX_BYTES + " bytes (1 MiB)");
        }
        String text = TextCheck.decode(content);
        try (JsonParser parser = syntax.open(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new SpecError(1, 1, "", text.isBlank()
                        ? "the file is empty; expected a spec (a map starting with 'spec: 1')"
                        : "the file holds only comments; expected a spec (a map starting with 'spec: 1')");
            }
            YamlNode root = new Walker(parser, source).value(first, 1, "");
            JsonToken extra = parser.nextToken();
            if (extra != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new SpecError(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()), "",
                        syntax == SpecSyntax.JSON ? "a second JSON value starts here; a spec file holds exactly one"
                                : "a second YAML document starts here; a spec file holds exactly one");
            }
            return root;
        } catch (SpecError e) {
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw translate(e, syntax);
        }
    }

    /** Turns whatever Jackson or SnakeYAML threw into a located one-line error. */
    static SpecError translate(Throwable e, SpecSyntax syntax) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m) {
                Mark mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
                String problem = m.getProblem() != null ? m.getProblem() : "syntax error";
                String context = m.getContext() != null ? m.getContext() + ": " : "";
                return new SpecError(mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1,
                        "", "invalid YAML: " + oneLine(context + problem));
            }
        }
        if (e instanceof StackOverflowError) {
            return new SpecError(1, 1, "", "the document is nested too deeply to read");
        }
        int line = 1;
        int column = 1;
        String problem = e.getMessage();
        if (e instanceof JsonProcessingException j) {
            problem = j.getOriginalMessage();
            JsonLocation at = j.getLocation();
            if (at != null && at.getLineNr() > 0) {
                line = at.getLineNr();
                column = Math.max(1, at.getColumnNr());
            }
        }
        return new SpecError(line, column, "", "invalid " + syntax + ": "
                + (syntax == SpecSyntax.JSON && problem != null ? explainJson(problem) : explain(problem)));
    }

    /** Jackson's own messages, reworded where they speak of its internals rather than of the file. */
    private static String explain(String problem) {
        if (problem == null) {
            return "unreadable";
        }
        if (problem.contains("Expected a field name")) {
            return "a map key must be a word or a string, not a map or a list";
        }
        return oneLine(problem.replaceAll("<org\\.yaml\\.snakeyaml\\.events\\.(\\w+)Event\\([^)]*\\)>", "$1"));
    }

    /**
     * Jackson's JSON messages name the parser features that would accept the input; a spec never
     * enables them, so say what JSON requires instead.
     */
    private static String explainJson(String problem) {
        String p = oneLine(problem).replaceAll("\\('(.)' \\(code \\d+\\)\\)", "'$1'")
                .replaceAll("\\(start marker at \\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]\\)",
                        "(opened at line $1, column $2)")
                .replaceAll(":? enable `[^`]*` to allow", "")
                .replaceAll(" \\(not recognized as one since Feature '\\w+' not enabled for parser\\)", "");
        if (p.contains("comment?")) {
            return "JSON has no comments, found '" + p.charAt("Unexpected character '".length()) + "'";
        }
        if (p.startsWith("Unexpected character '''")) {
            return p + " (JSON strings take double quotes)";
        }
        if (p.startsWith("Unexpected character ']'") || p.startsWith("Unexpected character '}'")) {
            return p + " (a trailing comma? JSON allows none)";
        }
        return p;
    }

    /** Parser messages may span lines (SnakeYAML adds a snippet); keep the first sentence-ish part. */
    private static String oneLine(String s) {
        String flat = s.strip().replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }

    /** Builds nodes from the token stream, checking duplicate keys, aliases and depth as it goes. */
    private static final class Walker {
        private final JsonParser parser;
        private final Path source;

        Walker(JsonParser parser, Path source) {
            this.parser = parser;
            this.source = source;
        }

        YamlNode value(JsonToken token, int depth, String path) throws IOException {
            JsonLocation at = parser.currentTokenLocation();
            int line = at.getLineNr();
            int column = at.getColumnNr();
            if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                throw new SpecError(line, column, path, "aliases (*" + Quote.clip(parser.getText())
                        + ") are not supported; write the value out");
            }
            refuseTag(line, column, path);
            if (depth > MAX_DEPTH) {
                throw new SpecError(line, column, path, "the document nests deeper than " + MAX_DEPTH + " levels");
            }
            return switch (token) {
                case START_OBJECT -> map(line, column, depth, path);
                case START_ARRAY -> list(line, column, depth, path);
                case VALUE_STRING -> scalar(YamlNode.ScalarKind.STRING, line, column);
                case VALUE_NUMBER_INT -> new YamlNode.ScalarNode(YamlNode.ScalarKind.INTEGER, parser.getText(),
                        parser.getBigIntegerValue(), line, column, source);
                case VALUE_NUMBER_FLOAT -> scalar(YamlNode.ScalarKind.DECIMAL, line, column);
                case VALUE_TRUE, VALUE_FALSE -> scalar(YamlNode.ScalarKind.BOOLEAN, line, column);
                case VALUE_NULL -> new YamlNode.ScalarNode(YamlNode.ScalarKind.NULL, "", null, line, column, source);
                default -> throw new SpecError(line, column, path, "unexpected YAML token " + token);
            };
        }

        private YamlNode scalar(YamlNode.ScalarKind kind, int line, int column) throws IOException {
            return new YamlNode.ScalarNode(kind, parser.getText(), null, line, column, source);
        }

        private YamlNode map(int line, int column, int depth, String path) throws IOException {
            Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
            for (JsonToken t = next(); t != JsonToken.END_OBJECT; t = next()) {
                if (t != JsonToken.FIELD_NAME) {
                    throw located("expected a key, found " + t);
                }
                JsonLocation keyAt = parser.currentTokenLocation();
                String key = parser.currentName();
                refuseTag(keyAt.getLineNr(), keyAt.getColumnNr(), Paths.field(path, key));
                YamlNode.Entry first = entries.get(key);
                if (first != null) {
                    throw new SpecError(keyAt.getLineNr(), keyAt.getColumnNr(), Paths.field(path, key),
                            "duplicate key " + Quote.value(key) + " (first at line " + first.line() + ")");
                }
                YamlNode value = value(next(), depth + 1, Paths.field(path, key));
                entries.put(key, new YamlNode.Entry(key, keyAt.getLineNr(), keyAt.getColumnNr(), value));
            }
            return new YamlNode.MapNode(entries, line, column, source);
        }

        private YamlNode list(int line, int column, int depth, String path) throws IOException {
            List<YamlNode> items = new ArrayList<>();
            for (JsonToken t = next(); t != JsonToken.END_ARRAY; t = next()) {
                items.add(value(t, depth + 1, Paths.index(path, items.size())));
            }
            return new YamlNode.ListNode(items, line, column, source);
        }

        /**
         * The spec format defines no tags: a tag either repeats what the plain value says or asks for
         * a reading the loader does not give (a Java class, a timestamp, binary), so any is refused.
         */
        private void refuseTag(int line, int column, String path) {
            String tag = SpecSyntax.tagOfLastNode(parser);
            if (tag != null) {
                throw new SpecError(line, column, path, "the tag " + Quote.value(tag)
                        + " is not part of the spec format, which defines no tags; remove it "
                        + "(and quote the value if it must be a string)");
            }
        }

        private JsonToken next() throws IOException {
            JsonToken t = parser.nextToken();
            if (t == null) {
                throw located("the document ends inside a map or list");
            }
            return t;
        }

        private SpecError located(String problem) {
            JsonLocation at = parser.currentLocation();
            return new SpecError(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()), "", problem);
        }
    }
}
