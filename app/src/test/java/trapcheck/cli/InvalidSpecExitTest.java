package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import trapcheck.engine.Explorer;
import trapcheck.kvm.KvmProvider;

/**
 * Every case of the loader's malformed-spec corpus (model/src/test/resources/malformed, each stating
 * its error in a first-line "# expect:" comment or a NAME.expect sidecar) ends `check` with exit 2
 * and exactly that one line on stderr: octal, hex and sexagesimal numbers, tags and directives,
 * non-strict JSON and the rest, through the real provider.
 */
class InvalidSpecExitTest {
    static final Path CORPUS = Path.of("..", "model", "src", "test", "resources", "malformed");

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            List<Path> specs = files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".json"))
                    .sorted().toList();
            assertTrue(specs.size() >= 100, "the corpus has " + specs.size() + " cases");
            return specs.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void anInvalidSpecExitsTwoWithItsOneLineMessage(Path file, @TempDir Path out) throws IOException {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        Environment env = new Environment(() -> List.of(new KvmProvider()), Explorer::explore,
                new PrintWriter(stdout, true), new PrintWriter(stderr, true), false, new Interruption());
        int exit = Main.run(new String[] {"check", file.toString(), "--out", out.toString()}, env);
        assertEquals(2, exit, stdout + "\n" + stderr);
        String expected = expectation(file);
        String separator = Character.isDigit(expected.charAt(0)) ? ":" : ": ";
        assertEquals(List.of(file + separator + expected), stderr.toString().lines().toList());
    }

    private static String expectation(Path file) throws IOException {
        Path sidecar = file.resolveSibling(file.getFileName() + ".expect");
        if (Files.exists(sidecar)) {
            return Files.readString(sidecar).strip();
        }
        String first = Files.readString(file).lines().findFirst().orElse("");
        assertTrue(first.startsWith("# expect: "), file + " states no expected error");
        return first.substring("# expect: ".length()).strip();
    }
}
