package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare} with the counter fixture: a model that has no instrumentation and cannot select properties. */
class CompareCommandTest {

    @Test
    void aModelThatCannotSelectPropertiesGetsHoldsSoFar(@TempDir Path dir) throws Exception {
        Path a = Cli.spec(dir, "a.yaml", "name=a|pipe", "expect=violated/not-both-max");
        Path b = Cli.spec(dir, "b.yaml", "name=b", "maxLeft=2", "expect=holds");
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run("compare", a.toString(), b.toString(), "--out", out.toString(), "--json",
                dir.resolve("c.json").toString(), "--html", dir.resolve("c.html").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("""
                ## Verdicts

                | policy | not-both-max | sum-at-most-4 | no-reset-from-3 |
                |---|---|---|---|
                | a\\|pipe | [violated (5 steps)](OUT/a_pipe.trace.json) | [violated (5 steps)](OUT/a_pipe.trace.json) | holds so far |
                | b | holds | holds | holds |
                """, r.out().replace(out + "/", "OUT/"));
        assertTrue(Files.exists(out.resolve("a_pipe.trace.json")));
        assertTrue(Files.readString(dir.resolve("c.json")).contains("\"holds-so-far\""));
        String html = Files.readString(dir.resolve("c.html"));
        assertTrue(html.contains("<th class=\"policy\">a|pipe</th>"));
        // a verdict opens the counterexample's HTML view (in --out, beside the trace), the JSON beside it
        assertEquals(2, html.split("<a href=\"out/counterexamples.html#spec-a_pipe\">violated \\(5 steps\\)</a> "
                + "<a class=\"json\" href=\"out/a_pipe.trace.json\">json</a>", -1).length - 1, html);
        String views = Files.readString(out.resolve("counterexamples.html"));
        assertTrue(views.contains("<section class=\"spec\" id=\"spec-a_pipe\">\n<h2>Counterexample: "), views);
        assertTrue(views.contains("<tr class=\"step breaks selected\" id=\"spec-a_pipe-step-5\""));
    }

    @Test
    void anInvalidSpecIsReportedAndExitsTwo(@TempDir Path dir) throws Exception {
        Path a = Cli.spec(dir, "a.yaml", "name=a", "error=3:check.invariants:unknown invariant 'x'");
        Cli.Run r = Cli.run("compare", a.toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("a.yaml:3:3: check.invariants: unknown invariant 'x'"), r.err());
    }
}
