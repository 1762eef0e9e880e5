package trapcheck.kvm.library;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import trapcheck.kvm.spec.Spec;
import trapcheck.kvm.spec.SpecLoader;
import trapcheck.spi.SpecException;

/**
 * specs/README.md lists every spec with its expected verdict and one line of why; this test
 * regenerates the list from the specs and fails if the file drifted. To update it:
 * {@code mvn -pl model test -Dtest=SpecsReadmeTest -Dtrapcheck.writeSpecsReadme=true}.
 */
class SpecsReadmeTest {
    private static final String BEGIN = "<!-- BEGIN GENERATED: SpecsReadmeTest -->";
    private static final String END = "<!-- END GENERATED -->";

    @Test
    void theReadmeListsEverySpecWithItsVerdict() throws IOException, SpecException {
        Path readme = SpecLibraryTest.SPECS.resolve("README.md");
        String text = Files.exists(readme) ? Files.readString(readme) : "";
        String table = table();
        String expected;
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        if (b >= 0 && e > b) {
            expected = text.substring(0, b) + BEGIN + "\n" + table + END + text.substring(e + END.length());
        } else {
            expected = text + "\n" + BEGIN + "\n" + table + END + "\n";
        }
        if (Boolean.getBoolean("trapcheck.writeSpecsReadme")) {
            Files.writeString(readme, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, text, "specs/README.md is out of date; regenerate it (see this test's javadoc)");
    }

    static String table() throws IOException, SpecException {
        StringBuilder b = new StringBuilder("| spec | expected | what it shows |\n| --- | --- | --- |\n");
        for (Path p : SpecLibraryTest.specFiles()) {
            Spec s = SpecLoader.load(p);
            String verdict = s.expect().violated() ? "violated: `" + s.expect().invariant() + "`" : "holds";
            b.append("| [").append(s.name()).append("](").append(p.getFileName()).append(") | ").append(verdict)
                    .append(" | ").append(s.description().replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }
}
