package trapcheck.kvm.spec;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The located YAML tree the loader validates. Jackson's JsonNode forgets where a value stood, and
 * every spec error must name its line and column, so {@link YamlReader} builds this small tree from
 * the streaming parser's tokens instead. Lines and columns are 1-based.
 */
sealed interface YamlNode permits YamlNode.MapNode, YamlNode.ListNode, YamlNode.ScalarNode {

    int line();

    int column();

    /** The file the node was read from: null for the spec being loaded, else a base it extends. */
    Path source();

    /** How the value reads in an error message: "a list", "a string 'yes'", "a number 3". */
    String describe();

    /** One key of a map, with where the key (not its value) stands; key and value share a file. */
    record Entry(String key, int line, int column, YamlNode value) {
        Path source() {
            return value.source();
        }
    }

    /** A map; entries in file order, keys unique (duplicates are rejected while reading). */
    record MapNode(Map<String, Entry> entries, int line, int column, Path source) implements YamlNode {
        public MapNode {
            entries = Collections.unmodifiableMap(entries);
        }

        @Override
        public String describe() {
            return entries.isEmpty() ? "an empty map" : "a map (keys " + String.join(", ", entries.keySet()) + ")";
        }
    }

    record ListNode(List<YamlNode> items, int line, int column, Path source) implements YamlNode {
        public ListNode {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return items.isEmpty() ? "an empty list" : "a list of " + items.size() + (items.size() == 1 ? " item" : " items");
        }
    }

    /** What YAML made of a scalar: Jackson decides (only true/false are booleans, see YamlReader). */
    enum ScalarKind { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }

    /**
     * A scalar. {@code text} is the scalar as written (for STRING its value); {@code integer} is set
     * for INTEGER only.
     */
    record ScalarNode(ScalarKind kind, String text, BigInteger integer, int line, int column, Path source)
            implements YamlNode {
        static final Pattern PLAIN_INTEGER = Pattern.compile("[-+]?(0|[1-9][0-9]*)");

        boolean isString() {
            return kind == ScalarKind.STRING;
        }

        /** An integer written {@code 0} or {@code [-+]?[1-9][0-9]*}: the one reading YAML 1.1 and 1.2 agree on. */
        boolean isPlainInteger() {
            return kind == ScalarKind.INTEGER && PLAIN_INTEGER.matcher(text).matches();
        }

        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> text.isEmpty() ? "an empty string" : "a string " + Quote.value(text);
                case INTEGER -> "a number " + Quote.clip(text);
                case DECIMAL -> "a decimal number " + Quote.clip(text);
                case BOOLEAN -> "a boolean " + text;
                case NULL -> "nothing (null)";
            };
        }
    }
}
