package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --ktap}: KTAP version 1 as kselftest writes it, read back by a parser of the kernel's
 * documented grammar (Documentation/dev-tools/ktap.rst): a version line first, a plan, then test
 * result lines numbered from 1 with diagnostic lines between them.
 */
class KtapTest {

    /** One test of a KTAP document. */
    record TestLine(boolean ok, int number, String name, String directive, List<String> diagnostics) {
    }

    /** A KTAP version 1 document without subtests; throws on anything the grammar does not allow. */
    record Document(int planned, List<TestLine> tests, List<String> trailing) {
        private static final Pattern RESULT = Pattern.compile("^(ok|not ok) (\\d+)(?: ([^#]*?))?(?: # (.*))?$");
        private static final Pattern PLAN = Pattern.compile("^1\\.\\.(\\d+)$");

        static Document parse(String text) {
            List<String> lines = text.lines().toList();
            if (lines.isEmpty() || !lines.get(0).equals("KTAP version 1")) {
                throw new AssertionError("the first line must be the version line: " + lines);
            }
            Matcher plan = PLAN.matcher(lines.size() > 1 ? lines.get(1) : "");
            if (!plan.matches()) {
                throw new AssertionError("the plan must follow the version line: " + lines.get(1));
            }
            List<TestLine> tests = new ArrayList<>();
            List<String> diagnostics = new ArrayList<>();
            for (String line : lines.subList(2, lines.size())) {
                Matcher m = RESULT.matcher(line);
                if (m.matches()) {
                    int n = Integer.parseInt(m.group(2));
                    if (n != tests.size() + 1) {
                        throw new AssertionError("test " + n + " out of order after " + tests.size());
                    }
                    tests.add(new TestLine(m.group(1).equals("ok"), n, m.group(3), m.group(4), List.copyOf(diagnostics)));
                    diagnostics.clear();
                } else if (line.equals("#") || line.startsWith("# ")) {
                    diagnostics.add(line.substring(Math.min(2, line.length())));
                } else {
                    throw new AssertionError("neither a result nor a diagnostic line: '" + line + "'");
                }
            }
            int planned = Integer.parseInt(plan.group(1));
            if (planned != tests.size()) {
                throw new AssertionError("planned " + planned + " tests, found " + tests.size());
            }
            return new Document(planned, tests, diagnostics);
        }
    }

    @Test
    void oneTestPerSpecWithItsDiagnosticsAndKselftestsTotals(@TempDir Path dir) throws Exception {
        Path specs = TallyTest.mixed(dir);
        Path ktap = dir.resolve("results.ktap");
        Cli.Run r = Cli.run("check", specs.toString(), "--out", dir.resolve("out").toString(), "--ktap", ktap.toString(),
                "-q");
        assertEquals(2, r.exit(), r.err());
        Document d = Document.parse(Files.readString(ktap));
        assertEquals(4, d.planned());
        assertEquals(List.of("ok 1 ok", "not ok 2 mismatch", "not ok 3 3-bad", "ok 4 ok-too"),
                d.tests().stream().map(t -> (t.ok() ? "ok " : "not ok ") + t.number() + " " + t.name()).toList());
        assertEquals("expected violated/not-both-max but it holds", d.tests().get(1).diagnostics().get(1));
        assertTrue(d.tests().get(0).diagnostics().get(0).startsWith("ok: violated [not-both-max, sum-at-most-4], "
                + "expected violated/not-both-max, 11 states, "), d.tests().get(0).diagnostics().toString());
        assertTrue(d.tests().get(0).diagnostics().get(1).startsWith("counterexample: "), d.tests().get(0).toString());
        assertEquals(List.of("Totals: pass:2 fail:2 xfail:0 xpass:0 skip:0 error:0"), d.trailing());
    }

    @Test
    void aLimitIsNotOkUnlessReportedAsSkipped(@TempDir Path dir) throws Exception {
        Path spec = Cli.spec(dir, "a.yaml", "name=a", "expect=violated/not-both-max");
        Path ktap = dir.resolve("a.ktap");
        Cli.run("check", spec.toString(), "--out", dir.resolve("out").toString(), "--ktap", ktap.toString(),
                "--max-states", "3");
        assertEquals(false, Document.parse(Files.readString(ktap)).tests().get(0).ok());
        Cli.run("check", spec.toString(), "--out", dir.resolve("out").toString(), "--ktap", ktap.toString(),
                "--max-states", "3", "--incomplete", "skipped");
        TestLine t = Document.parse(Files.readString(ktap)).tests().get(0);
        assertTrue(t.ok());
        assertEquals("SKIP stopped by max-states", t.directive());
        assertEquals(2, Cli.run("check", spec.toString(), "--incomplete", "maybe").exit());
    }

    @Test
    void toStdoutTheKtapStreamIsAloneThere(@TempDir Path dir) throws Exception {
        Path specs = TallyTest.mixed(dir);
        Cli.spec(specs, "name#with hash.yaml", "name=name#with hash", "maxLeft=2");
        Cli.Run r = Cli.run("check", specs.toString(), "--out", dir.resolve("out").toString(), "--ktap", "-");
        Document d = Document.parse(r.out());
        assertEquals(5, d.tests().size());
        assertEquals("name_with hash", d.tests().get(4).name(), "a # would start a directive");
        assertTrue(r.err().contains("5 specs: 3 as expected, 1 mismatched, 0 stopped by a limit, 1 invalid"), r.err());
        assertTrue(r.err().contains("BROKEN not-both-max"), "the human output moved to stderr");
    }
}
