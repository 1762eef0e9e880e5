package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trapcheck.engine.Explorer;
import trapcheck.engine.HookedModel;

/**
 * {@code check --checkpoint/--resume} with the real engine: a checkpoint resumes to the uninterrupted
 * result; a stale, damaged or foreign checkpoint, a flag naming a file, and two specs of one name are
 * usage errors (exit 2) in one line before anything is explored.
 */
class CheckpointFlagsTest {

    /** The real engine, stopping the run (as an interrupt would) once {@code expansions} states are expanded. */
    static Engine interruptedAfter(long expansions) {
        return (m, o) -> Explorer.explore(HookedModel.stopAfter(m, expansions, o.stop(), "interrupted"), o);
    }

    /** The real engine, counting the explorations it was asked for. */
    static Engine counting(AtomicInteger calls) {
        return (m, o) -> {
            calls.incrementAndGet();
            return Explorer.explore(m, o);
        };
    }

    private static Path spec(Path dir, String name) throws Exception {
        return Cli.spec(dir, name + ".yaml", "name=" + name, "maxLeft=6", "expect=violated/sum-at-most-4");
    }

    /** Checks {@code spec} interrupted after 5 expansions, leaving a checkpoint in cp/NAME/. */
    private static Path checkpointed(Path dir, Path spec) {
        Path cp = dir.resolve("cp");
        Cli.Run r = Cli.run(interruptedAfter(5), "check", spec.toString(), "--out", dir.resolve("out").toString(),
                "--checkpoint", cp.toString(), "--threads", "1");
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(Explorer.hasCheckpoint(cp.resolve("a")) || Explorer.hasCheckpoint(cp.resolve("b")), r.err());
        return cp;
    }

    private static Cli.Run resume(Engine engine, Path dir, Path cp, String... specsAndFlags) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("check"));
        args.addAll(java.util.List.of(specsAndFlags));
        args.addAll(java.util.List.of("--out", dir.resolve("out").toString(), "--resume", cp.toString(), "--quiet"));
        return Cli.run(engine, args.toArray(String[]::new));
    }

    /** Exit 2, nothing explored, and the refusal one line (after any "starting afresh" notes). */
    private static void assertRefusedBeforeAnyWork(Cli.Run r, AtomicInteger calls, String... says) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(0, calls.get(), "nothing explored");
        java.util.List<String> lines = r.err().lines().filter(l -> !l.endsWith("; starting afresh")).toList();
        assertEquals(1, lines.size(), "one line: " + r.err());
        String err = lines.get(0);
        assertTrue(err.startsWith("trapcheck: "), err);
        assertFalse(err.contains("Exception"), err);
        for (String s : says) {
            assertTrue(err.contains(s), err);
        }
    }

    @Test
    void aCheckpointResumesToTheUninterruptedResult(@TempDir Path dir) throws Exception {
        Path a = spec(dir, "a");
        Cli.Run whole = Cli.run(Engine.standard(), "check", a.toString(), "--out", dir.resolve("out").toString(),
                "--quiet", "--threads", "1");
        Path cp = checkpointed(dir, a);
        Cli.Run resumed = resume(Engine.standard(), dir, cp, a.toString(), "--threads", "1");
        assertEquals(whole.exit(), resumed.exit(), resumed.err());
        assertEquals(whole.out().replaceAll("\\d+\\.\\d s", ""), resumed.out().replaceAll("\\d+\\.\\d s", ""));
    }

    @Test
    void aStaleCheckpointIsAUsageErrorBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path a = spec(dir, "a");
        Path cp = checkpointed(dir, a);
        Files.writeString(a, Files.readString(a) + "# edited\n");
        AtomicInteger calls = new AtomicInteger();
        assertRefusedBeforeAnyWork(resume(counting(calls), dir, cp, a.toString()), calls,
                "cannot resume a: ", "manifest.properties: the checkpoint is stale: ", a + " changed since");
    }

    @Test
    void aDamagedCheckpointOfTheSecondSpecStopsTheRunBeforeTheFirst(@TempDir Path dir) throws Exception {
        Path a = spec(dir, "a");
        Path b = spec(dir, "b");
        Path cp = checkpointed(dir, b);
        Path seen = cp.resolve("b").resolve("seen-1.bin");
        byte[] bytes = Files.readAllBytes(seen);
        bytes[bytes.length / 2] ^= 4;
        Files.write(seen, bytes);
        AtomicInteger calls = new AtomicInteger();
        assertRefusedBeforeAnyWork(resume(counting(calls), dir, cp, a.toString(), b.toString()), calls,
                "cannot resume b: ", seen + ": checksum mismatch");
    }

    @Test
    void anotherSpecsCheckpointIsRefused(@TempDir Path dir) throws Exception {
        Path a = spec(dir, "a");
        Path other = Cli.spec(dir.resolve("other"), "a.yaml", "name=a", "maxLeft=5", "expect=violated/sum-at-most-4");
        Path cp = checkpointed(dir, other);
        AtomicInteger calls = new AtomicInteger();
        assertRefusedBeforeAnyWork(resume(counting(calls), dir, cp, a.toString()), calls, "cannot resume a: ");
    }

    @Test
    void otherOptionsAreRefused(@TempDir Path dir) throws Exception {
        Path a = spec(dir, "a");
        Path cp = checkpointed(dir, a);
        AtomicInteger calls = new AtomicInteger();
        assertRefusedBeforeAnyWork(resume(counting(calls), dir, cp, a.toString(), "--exact"), calls,
                "exact mode off");
    }

    @Test
    void aCheckpointFlagNamingAFileIsAUsageError(@TempDir Path dir) throws Exception {
        Path a = spec(dir, "a");
        Path file = Files.writeString(dir.resolve("cp"), "not a folder");
        AtomicInteger calls = new AtomicInteger();
        Cli.Run r = Cli.run(counting(calls), "check", a.toString(), "--out", dir.toString(), "--checkpoint",
                file.toString());
        assertEquals(2, r.exit());
        assertEquals(0, calls.get());
        assertTrue(r.err().startsWith("trapcheck: --checkpoint " + file + ": a file, not a folder"), r.err());

        Path folder = Files.createDirectories(dir.resolve("cp2"));
        Files.writeString(folder.resolve("a"), "a file where a's checkpoint folder goes");
        assertRefusedBeforeAnyWork(Cli.run(counting(calls), "check", a.toString(), "--out", dir.toString(),
                "--checkpoint", folder.toString()), calls, "--checkpoint: " + folder.resolve("a") + " is a file");
    }

    @Test
    void aResumeFolderWithoutACheckpointStartsAfresh(@TempDir Path dir) throws Exception {
        Path a = spec(dir, "a");
        Path cp = Files.createDirectories(dir.resolve("cp").resolve("a")).getParent();
        Files.writeString(cp.resolve("a").resolve("seen-7.bin"), "left by a run killed before its first manifest");
        Cli.Run r = resume(Engine.standard(), dir, cp, a.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("no checkpoint of a in " + cp + "; starting afresh"), r.err());
    }
}
