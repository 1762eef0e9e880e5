package trapcheck.kvm.spec;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Typed reads of single values. Each either returns the value or throws a {@link SpecError}
 * located at the value, saying what was expected and what was found. Nothing is coerced: a quoted
 * "3" is not a number, 'yes' is not a boolean, and null is never "use the default" (leave the field
 * out for that), because a silent reading of a typo is worse than an error.
 */
final class Values {
    /** No count or bound in a spec comes near this; larger is a typo or an attack. */
    static final int ABSURD = 1_000_000;
    /* What YAML 1.1 or 1.2 reads as a number in some base (or sexagesimal), and Jackson leaves a string. */
    private static final Pattern NUMBER_LIKE = Pattern.compile("[-+]?[0-9][0-9a-fA-FoOxXbB_:]*");

    private Values() {
    }

    /**
     * A boolean as YAML 1.2's core schema spells it (true, True, TRUE, false, False, FALSE); the YAML
     * 1.1 words yes/no/on/off are strings here, never booleans.
     */
    static boolean bool(YamlNode node, String path) {
        if (node instanceof YamlNode.ScalarNode s && s.kind() == YamlNode.ScalarKind.BOOLEAN) {
            return s.text().equalsIgnoreCase("true");
        }
        throw SpecError.expected(node, path, "a boolean (true or false)");
    }

    static String string(YamlNode node, String path) {
        if (node instanceof YamlNode.ScalarNode s && s.isString()) {
            return s.text();
        }
        throw SpecError.expected(node, path, "a string");
    }

    /**
     * An integer in [min, max], written in plain decimal; max is at most {@link #ABSURD}. YAML 1.1
     * reads 010 as 8, 0x10 as 16, 1_000 as 1000 and 1:30 as 90, YAML 1.2 reads 010 as 10: a spec
     * means one thing whatever the reader, so only {@code 0} and {@code [-+]?[1-9][0-9]*} are numbers.
     */
    static int integer(YamlNode node, String path, int min, int max) {
        String range = max >= ABSURD ? "an integer >= " + min : "an integer from " + min + " to " + max;
        if (node instanceof YamlNode.ScalarNode s && looksNumeric(s) && !s.isPlainInteger()) {
            throw SpecError.at(node, path, "expected " + range + ", found " + Quote.clip(s.text())
                    + ": write integers in plain decimal (no leading 0, '_', 0x, 0o, 0b or ':')");
        }
        if (!(node instanceof YamlNode.ScalarNode s) || s.kind() != YamlNode.ScalarKind.INTEGER) {
            throw SpecError.expected(node, path, range);
        }
        BigInteger v = s.integer();
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            // Past the absurdity bound, name the bound: "expected >= 1" would not explain the refusal.
            String expected = v.compareTo(BigInteger.valueOf(max)) > 0 ? "an integer from " + min + " to " + max : range;
            throw SpecError.at(node, path, "expected " + expected + ", found " + Quote.clip(v.toString()));
        }
        return v.intValueExact();
    }

    /**
     * An integer YAML reads in a base other than 10, or a number-like string such as 0o17 or 1:30
     * (a quoted "2" is just a string).
     */
    private static boolean looksNumeric(YamlNode.ScalarNode s) {
        return s.kind() == YamlNode.ScalarKind.INTEGER || (s.isString() && NUMBER_LIKE.matcher(s.text()).matches()
                && !YamlNode.ScalarNode.PLAIN_INTEGER.matcher(s.text()).matches());
    }

    static List<YamlNode> list(YamlNode node, String path, String ofWhat) {
        if (node instanceof YamlNode.ListNode l) {
            return l.items();
        }
        throw SpecError.expected(node, path, "a list of " + ofWhat);
    }

    /**
     * One word of a fixed vocabulary ({@code what} names it: "algorithm", "op"), with did-you-mean.
     *
     * @param words the vocabulary, spelling to value, in the order to list them
     */
    static <T> T word(YamlNode node, String path, String what, Map<String, T> words) {
        if (!(node instanceof YamlNode.ScalarNode s) || !s.isString()) {
            throw SpecError.expected(node, path, article(what) + what
                    + " (" + String.join(", ", words.keySet()) + ")");
        }
        T value = words.get(s.text());
        if (value == null) {
            throw SpecError.at(node, path, "unknown " + what + " " + Quote.value(s.text())
                    + DidYouMean.hint(s.text(), words.keySet()));
        }
        return value;
    }

    /**
     * A list of distinct words, in the order written.
     *
     * @param nonEmpty whether an empty list is an error
     */
    static <T> List<T> words(YamlNode node, String path, String what, Map<String, T> words, boolean nonEmpty) {
        List<YamlNode> items = list(node, path, what.endsWith("s") ? what + "es" : what + "s");
        if (nonEmpty && items.isEmpty()) {
            throw SpecError.at(node, path, "expected at least one " + what + ", found an empty list");
        }
        List<T> result = new ArrayList<>();
        Map<T, Integer> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = Paths.index(path, i);
            T value = word(items.get(i), itemPath, what, words);
            Integer first = seen.putIfAbsent(value, i);
            if (first != null) {
                throw SpecError.at(items.get(i), itemPath, "duplicate " + what + " "
                        + Quote.value(((YamlNode.ScalarNode) items.get(i)).text()) + " (also at " + path + "[" + first + "])");
            }
            result.add(value);
        }
        return result;
    }

    /** The vocabulary of an enum whose constants know their spelling, in declaration order. */
    static <E extends Enum<E>> Map<String, E> vocabulary(E[] values, Function<E, String> spelling) {
        Map<String, E> map = new LinkedHashMap<>();
        for (E e : values) {
            map.put(spelling.apply(e), e);
        }
        return map;
    }

    /** "an" before a vowel sound: "an algorithm", "an ID field", "an HCR bit". */
    private static String article(String what) {
        boolean vowel = !what.isEmpty() && "aeiouAEIOU".indexOf(what.charAt(0)) >= 0;
        return vowel || what.startsWith("HCR") ? "an " : "a ";
    }
}
