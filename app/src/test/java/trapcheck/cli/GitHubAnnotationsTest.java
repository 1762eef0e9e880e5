package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trapcheck.report.CounterFixture;

/** Under GITHUB_ACTIONS=true, check prints workflow commands for what fails the gate, escaped as the runner reads them. */
class GitHubAnnotationsTest {

    static Cli.Run run(Map<String, String> variables, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(() -> List.of(new Cli.CounterProvider()), CounterFixture::referenceExplore,
                new PrintWriter(out, true), new PrintWriter(err, true), false, new Interruption(), variables::get);
        return Cli.run(env, out, err, args);
    }

    @Test
    void failuresBecomeErrorAnnotationsAtTheSpecsLine(@TempDir Path dir) throws Exception {
        Path specs = TallyTest.mixed(dir);
        Cli.Run r = run(Map.of("GITHUB_ACTIONS", "true"), "check", specs.toString(), "--out",
                dir.resolve("out").toString(), "-q", "--max-states", "0");
        assertEquals(2, r.exit(), r.err());
        List<String> commands = r.outLines().stream().filter(l -> l.startsWith("::")).toList();
        assertEquals(2, commands.size(), r.out());
        // The counter fixture knows no expect line: the annotation names the file alone.
        assertEquals("::error file=" + GitHubAnnotationsProperty.escape(specs.resolve("2-mismatch.yaml").toString())
                + ",title=trapcheck%3A mismatch contradicts its expect::expected violated/not-both-max but it holds",
                commands.get(0));
        assertEquals("::error file=" + GitHubAnnotationsProperty.escape(specs.resolve("3-bad.yaml").toString())
                + ",line=4,col=3,title=trapcheck%3A invalid spec 3-bad::" + specs.resolve("3-bad.yaml").toString()
                .replace("%", "%25") + ":4:3: check: unknown field 'chek'", commands.get(1));
    }

    @Test
    void aLimitIsAWarningAndAMessageKeepsItsLinesEscaped(@TempDir Path dir) throws Exception {
        Path spec = Cli.spec(dir.resolve("a,b: 100%"), "a.yaml", "name=a", "expect=violated/not-both-max");
        Cli.Run r = run(Map.of("GITHUB_ACTIONS", "true"), "check", spec.toString(), "--out",
                dir.resolve("out").toString(), "-q", "--max-states", "3");
        assertEquals(3, r.exit());
        String command = r.outLines().stream().filter(l -> l.startsWith("::")).findFirst().orElseThrow();
        assertTrue(command.startsWith("::warning file=" + dir.toString().replace("%", "%25").replace(":", "%3A")
                .replace(",", "%2C") + "/a%2Cb%3A 100%25/a.yaml,title=trapcheck%3A a stopped by a limit::"), command);
        assertTrue(command.endsWith("::stopped by max-states before a verdict (expected violated/not-both-max)"), command);

        Path violated = Cli.spec(dir, "v.yaml", "name=v", "expect=holds");
        Cli.Run v = run(Map.of("GITHUB_ACTIONS", "true"), "check", violated.toString(), "--out",
                dir.resolve("out").toString(), "-q");
        String error = v.outLines().stream().filter(l -> l.startsWith("::")).findFirst().orElseThrow();
        assertTrue(error.endsWith("::expected holds but it breaks [not-both-max, sum-at-most-4]%0Acounterexample: "
                + dir.resolve("out/v.trace.json").toString().replace("%", "%25")), error);
    }

    @Test
    void withoutGitHubActionsNothingIsPrinted(@TempDir Path dir) throws Exception {
        Path specs = TallyTest.mixed(dir);
        for (Map<String, String> vars : List.of(Map.<String, String>of(), Map.of("GITHUB_ACTIONS", "false"))) {
            Cli.Run r = run(vars, "check", specs.toString(), "--out", dir.resolve("out").toString(), "-q");
            assertFalse(r.out().contains("::error"), r.out());
        }
    }

    /** GitHub's escaping of a command property, written out independently of the code under test. */
    static final class GitHubAnnotationsProperty {
        static String escape(String s) {
            StringBuilder b = new StringBuilder();
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '%' -> b.append("%25");
                    case '\r' -> b.append("%0D");
                    case '\n' -> b.append("%0A");
                    case ':' -> b.append("%3A");
                    case ',' -> b.append("%2C");
                    default -> b.append(c);
                }
            }
            return b.toString();
        }
    }
}
