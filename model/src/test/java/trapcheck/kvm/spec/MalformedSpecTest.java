package trapcheck.kvm.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import trapcheck.spi.SpecException;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The malformed-spec corpus: each file in {@code src/test/resources/malformed} states the error it
 * must produce (the text after "file:"), in a first-line comment {@code # expect: LINE:COL: ...} or,
 * for JSON and the empty file, in a sidecar {@code NAME.expect}. Cases that cannot be committed as
 * text (binary, huge, generated) are built here.
 */
class MalformedSpecTest {

    @TempDir
    Path dir;

    static Stream<Arguments> corpus() throws IOException, URISyntaxException {
        Path folder = Path.of(MalformedSpecTest.class.getResource("/malformed").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> specs = files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".json"))
                    .sorted().toList();
            assertTrue(specs.size() >= 30, "the corpus has " + specs.size() + " cases");
            return specs.stream().map(p -> Arguments.of(p.getFileName().toString(), p));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void corpusCaseFailsWithItsMessage(String name, Path file) throws IOException {
        assertFailsWith(file, expectation(file));
    }

    /** The "# expect:" comment on the first line, else the sidecar file. */
    private static String expectation(Path file) throws IOException {
        Path sidecar = file.resolveSibling(file.getFileName() + ".expect");
        if (Files.exists(sidecar)) {
            return Files.readString(sidecar).strip();
        }
        String first = Files.readString(file).lines().findFirst().orElse("");
        if (!first.startsWith("# expect: ")) {
            fail(file + " states no expected error");
        }
        return first.substring("# expect: ".length()).strip();
    }

    /** Loads {@code file}, which must fail with exactly {@code expected} after "file:". */
    static void assertFailsWith(Path file, String expected) {
        SpecException e = assertThrows(SpecException.class,
                () -> assertTimeoutPreemptively(Duration.ofSeconds(10), () -> SpecLoader.load(file)));
        String message = e.getMessage();
        assertWellFormed(message);
        String prefix = file + ":";
        assertTrue(message.startsWith(prefix), message);
        assertEquals(expected, message.substring(prefix.length()).strip());
    }

    static void assertWellFormed(String message) {
        assertEquals(1, message.lines().count(), "one line: " + message);
        assertFalse(message.contains("Exception"), message);
        assertFalse(message.contains("at java."), message);
    }

    private Path write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    private Path write(String name, String content) throws IOException {
        return write(name, content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidUtf8IsLocated() throws IOException {
        // The column counts characters: the two-byte é is one column.
        byte[] text = "spec: 1\nname: x\ndescription: caf\u00e9 ".getBytes(StandardCharsets.UTF_8);
        byte[] garbage = java.util.Arrays.copyOf(text, text.length + 2);
        garbage[text.length] = (byte) 0xff;
        garbage[text.length + 1] = (byte) 0xfe;
        assertFailsWith(write("garbage.yaml", garbage), "3:19: the file is not UTF-8 text: invalid byte 0xff (binary data?)");
    }

    @Test
    void nulBytesAreLocated() throws IOException {
        assertFailsWith(write("nul.yaml", "spec: 1\nna\0me: x\n"),
                "2:3: the file holds the control character U+0000, which YAML does not allow (binary data?)");
    }

    @Test
    void randomBinaryIsASpecException() throws IOException {
        byte[] bytes = new byte[4096];
        new java.util.Random(42).nextBytes(bytes);
        Path file = write("random.bin", bytes);
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(file));
        assertWellFormed(e.getMessage());
        assertTrue(e.getMessage().matches("\\Q" + file + "\\E:1:\\d+: the file is not UTF-8 text.*"), e.getMessage());
    }

    @Test
    void hugeFileIsRefusedBeforeParsing() throws IOException {
        byte[] huge = new byte[YamlReader.MAX_BYTES + 1];
        java.util.Arrays.fill(huge, (byte) '#');
        assertFailsWith(write("huge.yaml", huge), "the file is 1048577 bytes; the limit is 1048576 bytes (1 MiB)");
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.parse(Path.of("mem.yaml"), huge));
        assertEquals("mem.yaml: the file is 1048577 bytes; the limit is 1048576 bytes (1 MiB)", e.getMessage());
    }

    @Test
    void aFileOfExactlyTheLimitIsRead() throws IOException {
        String head = "# padding\n";
        StringBuilder b = new StringBuilder(head);
        while (b.length() < YamlReader.MAX_BYTES) {
            b.append('#');
        }
        b.setLength(YamlReader.MAX_BYTES);
        assertFailsWith(write("limit.yaml", b.toString()),
                "1:1: the file holds only comments; expected a spec (a map starting with 'spec: 1')");
    }

    @Test
    void deepFlowNestingIsRefused() throws IOException {
        String deep = "spec: 1\nname: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        assertFailsWith(write("deep.yaml", deep), "2:70: name" + "[0]".repeat(63)
                + ": the document nests deeper than 64 levels");
    }

    @Test
    void deepUnclosedNestingIsRefused() throws IOException {
        Path file = write("deep-unclosed.yaml", "{a: ".repeat(200_000));
        SpecException e = assertThrows(SpecException.class,
                () -> assertTimeoutPreemptively(Duration.ofSeconds(10), () -> SpecLoader.load(file)));
        assertWellFormed(e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ":1:"), e.getMessage());
    }

    @Test
    void deepBlockNestingIsRefused() throws IOException {
        StringBuilder b = new StringBuilder("spec: 1\nname: x\ndescription:\n");
        for (int i = 1; i <= 70; i++) {
            b.append("  ".repeat(i)).append("k").append(i).append(":\n");
        }
        String message = assertThrows(SpecException.class, () -> SpecLoader.load(write("deep-block.yaml", b.toString())))
                .getMessage();
        assertWellFormed(message);
        assertTrue(message.contains(": the document nests deeper than 64 levels"), message);
    }

    @Test
    void deepIfNestingIsRefused() throws IOException {
        String inner = "[ save_host_keys ]";
        for (int i = 0; i < 17; i++) {
            inner = "[ { if: vcpu_has_ptrauth, then: " + inner + " } ]";
        }
        String spec = """
                spec: 1
                name: deep-if
                topology: { cpus: [ { name: c, address: none, generic: none } ], vms: [ { name: v, vcpus: 1 } ] }
                policy: { hooks: { vcpu_load: %s } }
                """.formatted(inner);
        // 16 ifs are read; the 17th, at if-depth 16, is refused where its map opens.
        String path = "policy.hooks.vcpu_load[0]" + ".then[0]".repeat(16);
        int column = "policy: { hooks: { vcpu_load: ".length() + 16 * "[ { if: vcpu_has_ptrauth, then: ".length() + 3;
        assertFailsWith(write("deep-if.yaml", spec), "4:" + column + ": " + path + ": ifs nest deeper than 16 levels");
    }

    @Test
    void generatedAliasBombIsRefused() throws IOException {
        StringBuilder b = new StringBuilder("spec: 1\nname: bomb\n");
        b.append("l0: &l0 [").append("\"lol\", ".repeat(9)).append("\"lol\"]\n");
        for (int i = 1; i < 30; i++) {
            b.append("l").append(i).append(": &l").append(i).append(" [")
                    .append(("*l" + (i - 1) + ", ").repeat(9)).append("*l").append(i - 1).append("]\n");
        }
        assertFailsWith(write("bomb.yaml", b.toString()), "4:10: l1[0]: aliases (*l0) are not supported; write the value out");
    }

    @Test
    void hugeKeyIsClippedInTheMessage() throws IOException {
        String spec = "spec: 1\n" + "k".repeat(500_000) + ": 1\n";
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(write("long-key.yaml", spec)));
        assertWellFormed(e.getMessage());
        assertTrue(e.getMessage().length() < 400, e.getMessage());
    }

    @Test
    void lineSeparatorsInValuesDoNotBreakTheLine() throws IOException {
        String spec = "spec: 1\nname: \"a\\u2028b\\u0085c\\nd\"\n";
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(write("sep.yaml", spec)));
        assertWellFormed(e.getMessage());
        assertTrue(e.getMessage().contains("'a\\u2028b\\u0085c\\u000ad'"), e.getMessage());
    }
}
