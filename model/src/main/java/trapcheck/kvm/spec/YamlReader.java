package trapcheck.kvm.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the bytes of a spec file into a located {@link YamlNode} tree, or fails with a located
 * {@link SpecError}; nothing else escapes.
 *
 * <p>Defences, outermost first: the size is checked before anything is decoded; the bytes must be
 * UTF-8 text without control characters (so binary garbage gets a precise location instead of a
 * parser complaint); SnakeYAML's own limits are set (code points, nesting, aliases) although the
 * event parser Jackson drives honours only some of them; and this walker enforces its own depth
 * limit, so the recursion below is bounded whatever the parser allows. Aliases are refused: Jackson
 * does not expand them (it would hand over the anchor's name as a string), and expanding them here
 * would reopen the billion-laughs hole for no gain in a file this small.
 */
final class YamlReader {
    static final int MAX_BYTES = 1 << 20;
    static final int MAX_DEPTH = 64;

    private static final YAMLFactory FACTORY = factory();

    private YamlReader() {
    }

    private static YAMLFactory factory() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        // Duplicates are found by the walker below, which can say where the first one stood.
        options.setAllowDuplicateKeys(true);
        options.setAllowRecursiveKeys(false);
        options.setProcessComments(false);
        return YAMLFactory.builder()
                .loaderOptions(options)
                // YAML 1.1 reads yes/no/on/off/y/n as booleans; a spec means only true/false.
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                // "vcpu_put:" with nothing after it is YAML's null, not an empty string.
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
                .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH * 2)
                        .maxNumberLength(64)
                        .maxStringLength(MAX_BYTES)
                        .build())
                .build();
    }

    /** The document's root node. */
    static YamlNode read(byte[] content) {
        if (content.length > MAX_BYTES) {
            throw new SpecError(0, 0, "", "the file is " + content.length + " bytes; the limit is "
                    + MAX_BYTES + " bytes (1 MiB)");
        }
        String text = TextCheck.decode(content);
        try (YAMLParser parser = (YAMLParser) FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new SpecError(1, 1, "", text.isBlank()
                        ? "the file is empty; expected a spec (a map starting with 'spec: 1')"
                        : "the file holds only comments; expected a spec (a map starting with 'spec: 1')");
            }
            YamlNode root = new Walker(parser).value(first, 1, "");
            JsonToken extra = parser.nextToken();
            if (extra != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new SpecError(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()), "",
                        "a second YAML document starts here; a spec file holds exactly one");
            }
            return root;
        } catch (SpecError e) {
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw translate(e);
        }
    }

    /** Turns whatever Jackson or SnakeYAML threw into a located one-line error. */
    static SpecError translate(Throwable e) {
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
        return new SpecError(line, column, "", "invalid YAML: " + explain(problem));
    }

    /** Jackson's own messages, reworded where they speak of its internals rather than of the file. */
    private static String explain(String problem) {
        if (problem == null) {
            return "unreadable";
        }
        if (problem.contains("Expected a field name")) {
            return "a map key must be a word or a string, not a map or a list";
        }
        if (problem.contains("base64")) {
            return "a !!binary value that is not valid base64";
        }
        return oneLine(problem.replaceAll("<org\\.yaml\\.snakeyaml\\.events\\.(\\w+)Event\\([^)]*\\)>", "$1"));
    }

    /** Parser messages may span lines (SnakeYAML adds a snippet); keep the first sentence-ish part. */
    private static String oneLine(String s) {
        String flat = s.strip().replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }

    /** Builds nodes from the token stream, checking duplicate keys, aliases and depth as it goes. */
    private static final class Walker {
        private final YAMLParser parser;

        Walker(YAMLParser parser) {
            this.parser = parser;
        }

        YamlNode value(JsonToken token, int depth, String path) throws IOException {
            JsonLocation at = parser.currentTokenLocation();
            int line = at.getLineNr();
            int column = at.getColumnNr();
            if (parser.isCurrentAlias()) {
                throw new SpecError(line, column, path, "aliases (*" + Quote.clip(parser.getText())
                        + ") are not supported; write the value out");
            }
            if (depth > MAX_DEPTH) {
                throw new SpecError(line, column, path, "the document nests deeper than " + MAX_DEPTH + " levels");
            }
            return switch (token) {
                case START_OBJECT -> map(line, column, depth, path);
                case START_ARRAY -> list(line, column, depth, path);
                case VALUE_STRING -> scalar(YamlNode.ScalarKind.STRING, line, column);
                case VALUE_NUMBER_INT -> new YamlNode.ScalarNode(YamlNode.ScalarKind.INTEGER, parser.getText(),
                        parser.getBigIntegerValue(), line, column);
                case VALUE_NUMBER_FLOAT -> scalar(YamlNode.ScalarKind.DECIMAL, line, column);
                case VALUE_TRUE, VALUE_FALSE -> scalar(YamlNode.ScalarKind.BOOLEAN, line, column);
                case VALUE_NULL -> new YamlNode.ScalarNode(YamlNode.ScalarKind.NULL, "", null, line, column);
                case VALUE_EMBEDDED_OBJECT -> new YamlNode.ScalarNode(YamlNode.ScalarKind.BINARY, "", null, line, column);
                default -> throw new SpecError(line, column, path, "unexpected YAML token " + token);
            };
        }

        private YamlNode scalar(YamlNode.ScalarKind kind, int line, int column) throws IOException {
            return new YamlNode.ScalarNode(kind, parser.getText(), null, line, column);
        }

        private YamlNode map(int line, int column, int depth, String path) throws IOException {
            Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
            for (JsonToken t = next(); t != JsonToken.END_OBJECT; t = next()) {
                if (t != JsonToken.FIELD_NAME) {
                    throw located("expected a key, found " + t);
                }
                JsonLocation keyAt = parser.currentTokenLocation();
                String key = parser.currentName();
                YamlNode.Entry first = entries.get(key);
                if (first != null) {
                    throw new SpecError(keyAt.getLineNr(), keyAt.getColumnNr(), Paths.field(path, key),
                            "duplicate key " + Quote.value(key) + " (first at line " + first.line() + ")");
                }
                YamlNode value = value(next(), depth + 1, Paths.field(path, key));
                entries.put(key, new YamlNode.Entry(key, keyAt.getLineNr(), keyAt.getColumnNr(), value));
            }
            return new YamlNode.MapNode(entries, line, column);
        }

        private YamlNode list(int line, int column, int depth, String path) throws IOException {
            List<YamlNode> items = new ArrayList<>();
            for (JsonToken t = next(); t != JsonToken.END_ARRAY; t = next()) {
                items.add(value(t, depth + 1, Paths.index(path, items.size())));
            }
            return new YamlNode.ListNode(items, line, column);
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
