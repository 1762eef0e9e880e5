package trapcheck.kvm.spec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import trapcheck.spi.SpecException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Numbers are plain decimal and the format has no tags, in every field: each integer field of a spec
 * takes {@code n} written in decimal and refuses every other spelling YAML 1.1 or 1.2 would read as
 * a number (octal, hex, binary, '+', '_', sexagesimal), and any tag on any value is refused where it
 * stands.
 */
class ScalarFormsPropertyTest {
    private static final Path FILE = Path.of("forms.yaml");

    /** An integer field: where it is written in the template and how to read it back. */
    record IntegerField(String name, int min, int max, String expected, Function<Spec, Integer> read) {
        String spec(String value) {
            return """
                    spec: 1
                    name: forms
                    topology:
                      cpus: [ { name: cpu, count: %s, address: qarma5, generic: qarma5 } ]
                      vms: [ { name: vm0, vcpus: %s } ]
                      other_tasks: %s
                    guest: { key_versions: %s }
                    policy: {}
                    check: { max_depth: %s }
                    """.formatted(at("count", value), at("vcpus", value), at("other_tasks", value),
                    at("key_versions", value), at("max_depth", value));
        }

        private String at(String field, String value) {
            return field.equals(name) ? value : "1";
        }
    }

    private static final List<IntegerField> FIELDS = List.of(
            new IntegerField("count", 1, 4, "an integer >= 1", s -> s.topology().cpus().size()),
            new IntegerField("vcpus", 1, 4, "an integer >= 1", s -> s.topology().vms().get(0).vcpus()),
            new IntegerField("other_tasks", 0, 4, "an integer >= 0", s -> s.topology().otherTasks()),
            new IntegerField("key_versions", 1, 8, "an integer from 1 to 8", s -> s.guest().keyVersions()),
            new IntegerField("max_depth", 0, 1000, "an integer >= 0", s -> s.check().maxDepth()));

    @Provide
    Arbitrary<IntegerField> fields() {
        return Arbitraries.of(FIELDS);
    }

    @Property(tries = 200)
    void plainDecimalIsReadAsWritten(@ForAll("fields") IntegerField field, @ForAll @IntRange(max = 1000) int n)
            throws SpecException {
        int value = field.min() + n % (field.max() - field.min() + 1);
        Spec spec = SpecLoader.parse(FILE, field.spec(Integer.toString(value)).getBytes(StandardCharsets.UTF_8));
        assertEquals(value, field.read().apply(spec));
    }

    @Property(tries = 400)
    void everyOtherSpellingOfANumberIsRefused(@ForAll("fields") IntegerField field,
                                              @ForAll @IntRange(min = 1, max = 64) int n,
                                              @ForAll("spellings") Function<Integer, String> spelling) {
        String written = spelling.apply(n);
        String text = field.spec(written);
        SpecException e = assertThrows(SpecException.class,
                () -> SpecLoader.parse(FILE, text.getBytes(StandardCharsets.UTF_8)), written);
        assertEquals("expected " + field.expected() + ", found " + written
                + ": write integers in plain decimal (no leading 0, '_', 0x, 0o, 0b or ':')", e.problem());
        assertTrue(e.field().endsWith(field.name()), e.getMessage());
        assertEquals(lineOf(text, field.name() + ": " + written), e.line(), e.getMessage());
    }

    @Provide
    Arbitrary<Function<Integer, String>> spellings() {
        return Arbitraries.of(
                n -> "0" + Integer.toOctalString(n),   // YAML 1.1 octal (010 is 8; YAML 1.2 says 10)
                n -> "0" + n,                          // a leading zero, whatever it means
                n -> "0x" + Integer.toHexString(n),
                n -> "0X" + Integer.toHexString(n).toUpperCase(),
                n -> "0o" + Integer.toOctalString(n),  // YAML 1.2 octal
                n -> "0b" + Integer.toBinaryString(n),
                n -> n / 10 + "_" + n % 10,
                n -> n / 60 + ":" + String.format("%02d", n % 60)); // YAML 1.1 sexagesimal
    }

    @Property(tries = 300)
    void anyTagOnAnyValueIsRefusedWhereItStands(@ForAll("taggable") String value, @ForAll("tags") String tag) {
        String text = SpecLoaderTest.SPEC_MD_EXAMPLE.replaceFirst(Pattern.quote(value),
                Matcher.quoteReplacement(tag + " " + value));
        SpecException e = assertThrows(SpecException.class,
                () -> SpecLoader.parse(FILE, text.getBytes(StandardCharsets.UTF_8)), tag + " " + value);
        String expectedTag = tag.equals("!<tag:yaml.org,2002:str>") ? "!!str" : tag;
        assertEquals("the tag '" + expectedTag + "' is not part of the spec format, which defines no tags; remove it "
                + "(and quote the value if it must be a string)", e.problem(), e.getMessage());
        assertEquals(lineOf(text, tag + " " + value), e.line(), e.getMessage());
    }

    @Provide
    Arbitrary<String> taggable() {
        // Values and keys of the SPEC.md example, each the first occurrence of its text: scalars, flow
        // collections, a flow item, a number, map keys.
        return Arbitraries.of("v5.2-lazy-host-trap", "ptrauth switch as posted", "false", "[address, generic]",
                "{ name: vm0", "[APIA, APIB, APDA, APDB, APGA]", "2, request", "uniform", "vcpu_has_ptrauth",
                "[ restore_guest_keys ]", "save_host_keys ]", "violated", "host-keys-intact", "lazy:", "symmetry:");
    }

    @Provide
    Arbitrary<String> tags() {
        return Arbitraries.of("!!str", "!!int", "!!bool", "!!null", "!!float", "!!binary", "!!timestamp", "!!seq",
                "!!map", "!!java.lang.Runtime", "!custom", "!", "!<tag:yaml.org,2002:str>", "!<tag:example.com,2000:x>",
                "!!python/object:os.system");
    }

    private static int lineOf(String text, String needle) {
        int at = text.indexOf(needle);
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }
}
