package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The closing tally of {@code check} and what {@code --quiet} keeps. */
class TallyTest {

    /** One spec of each outcome: matched, mismatched, stopped by a limit (at 3 states), invalid. */
    static Path mixed(Path dir) throws Exception {
        Path specs = dir.resolve("specs");
        Cli.spec(specs, "1-ok.yaml", "name=ok", "expect=violated/not-both-max");
        Cli.spec(specs, "2-mismatch.yaml", "name=mismatch", "maxLeft=2", "expect=violated/not-both-max");
        Cli.spec(specs, "3-bad.yaml", "error=4:check:unknown field 'chek'");
        Cli.spec(specs, "4-ok.yaml", "name=ok-too", "maxLeft=2");
        return specs;
    }

    @Test
    void theLastLineCountsEveryOutcome(@TempDir Path dir) throws Exception {
        Cli.Run r = Cli.run("check", mixed(dir).toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, r.exit(), r.err());
        List<String> lines = r.outLines();
        assertEquals("4 specs: 2 as expected, 1 mismatched, 0 stopped by a limit, 1 invalid", lines.get(lines.size() - 1));

        Cli.Run limited = Cli.run("check", dir.resolve("specs/1-ok.yaml").toString(), dir.resolve("specs/4-ok.yaml")
                .toString(), "--max-states", "3", "--out", dir.resolve("out").toString());
        assertEquals(3, limited.exit());
        assertTrue(limited.out().endsWith("2 specs: 0 as expected, 0 mismatched, 2 stopped by a limit, 0 invalid\n"),
                limited.out());
    }

    @Test
    void quietPrintsOnlyWhatNeedsAttentionAndTheTally(@TempDir Path dir) throws Exception {
        Cli.Run r = Cli.run("check", mixed(dir).toString(), "--out", dir.resolve("out").toString(), "-q");
        assertEquals(2, r.exit());
        List<String> lines = r.outLines();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("mismatch  holds") && lines.get(0).contains("MISMATCH"), lines.get(0));
        assertTrue(lines.get(1).startsWith("3-bad") && lines.get(1).endsWith("invalid spec"), lines.get(1));
        assertEquals("4 specs: 2 as expected, 1 mismatched, 0 stopped by a limit, 1 invalid", lines.get(2));
        assertFalse(r.out().contains("BROKEN"), "no counterexample text");
        assertTrue(r.err().contains("3-bad.yaml:4:3: check: unknown field 'chek'"), "the spec error is still said");

        Cli.Run allFine = Cli.run("check", dir.resolve("specs/1-ok.yaml").toString(), "--quiet", "--out",
                dir.resolve("out").toString());
        assertEquals(0, allFine.exit());
        assertEquals("1 spec: 1 as expected, 0 mismatched, 0 stopped by a limit, 0 invalid\n", allFine.out());
    }

    @Test
    void shortOptionsForThreadsAndQuiet(@TempDir Path dir) throws Exception {
        Cli.Run r = Cli.run("check", mixed(dir).resolve("1-ok.yaml").toString(), "-j", "1", "-q", "--out",
                dir.resolve("out").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, r.outLines().size(), r.out());
        assertEquals(2, Cli.run("check", "-j", "0", dir.toString()).exit(), "-j is --threads, validated alike");
    }
}
