package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A counterexample in --out from an earlier run of a spec that now holds is removed; other files stay. */
class StaleTraceTest {

    @Test
    void aTraceOfASpecThatNowHoldsIsRemoved(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Path spec = Cli.spec(dir, "a.yaml", "name=a", "expect=violated/not-both-max");
        assertEquals(0, Cli.run("check", spec.toString(), "--out", out.toString(), "-q").exit());
        assertTrue(Files.exists(out.resolve("a.trace.json")));

        Cli.spec(dir, "a.yaml", "name=a", "maxLeft=2", "expect=holds"); // fixed: now it holds
        Cli.Run r = Cli.run("check", spec.toString(), "--out", out.toString(), "-q");
        assertEquals(0, r.exit(), r.out());
        assertFalse(Files.exists(out.resolve("a.trace.json")), "the old counterexample would mislead");
    }

    @Test
    void aFileThatIsNotThisSpecsTraceIsLeftAlone(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Path spec = Cli.spec(dir, "a.yaml", "name=a", "maxLeft=2", "expect=holds");
        Files.createDirectories(out);
        Files.writeString(out.resolve("a.trace.json"), "my notes, not JSON\n");
        Path other = Cli.spec(dir, "b.yaml", "name=b", "maxLeft=2", "expect=holds");
        assertEquals(0, Cli.run("check", spec.toString(), "--out", out.toString(), "-q").exit());
        assertEquals("my notes, not JSON\n", Files.readString(out.resolve("a.trace.json")));

        // b's name maps to b.trace.json; a trace of a at that path is not b's to remove.
        Path a = Cli.spec(dir.resolve("x"), "a.yaml", "name=a", "expect=violated/not-both-max");
        Cli.run("check", a.toString(), "--out", dir.resolve("tmp").toString(), "-q");
        Files.copy(dir.resolve("tmp/a.trace.json"), out.resolve("b.trace.json"));
        assertEquals(0, Cli.run("check", other.toString(), "--out", out.toString(), "-q").exit());
        assertTrue(Files.exists(out.resolve("b.trace.json")));
    }
}
