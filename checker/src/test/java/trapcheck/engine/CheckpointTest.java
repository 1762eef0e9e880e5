package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A run stopped (or killed) and resumed from its checkpoint ends exactly like an uninterrupted one. */
class CheckpointTest {

    /** 31^3 = 29,791 states, 4,991 with symmetry; the first violation is 61 steps deep. */
    static Model model() {
        return new CounterModel(3, 30, 60);
    }

    private static void assertSameResult(Result expected, Result actual) {
        assertEquals(expected.verdict(), actual.verdict());
        assertEquals(expected.violations(), actual.violations());
        assertEquals(expected.stats().distinct(), actual.stats().distinct());
        assertEquals(expected.stats().generated(), actual.stats().generated());
        assertEquals(expected.stats().depth(), actual.stats().depth());
        assertEquals(java.util.Arrays.toString(expected.stats().actionFires()),
                java.util.Arrays.toString(actual.stats().actionFires()));
        Runs.assertSameTrace(expected.trace(), actual.trace());
    }

    @ParameterizedTest(name = "threads={0} exact={1} symmetry={2} everyLevel={3}")
    @CsvSource({"1,false,false,false", "2,false,true,false", "4,true,true,true", "2,true,false,true"})
    void stopAndResumeEqualsUninterrupted(int threads, boolean exact, boolean symmetry, boolean everyLevel,
                                          @TempDir Path dir) {
        Tuning tuning = new Tuning(everyLevel ? 0 : Tuning.DEFAULT.checkpointIntervalNanos(), 64, 16, 1024);
        Options base = Runs.bfs(threads, exact, symmetry);
        Result uninterrupted = Explorer.explore(model(), base, tuning);
        assertEquals(Verdict.VIOLATED, uninterrupted.verdict());
        assertEquals(61, uninterrupted.trace().length());

        // stopped twice, each time resumed from the checkpoint written when it stopped
        StopSignal first = new StopSignal();
        Result stopped = Explorer.explore(HookedModel.stopAfter(model(), 1500, first),
                base.withStop(first).withCheckpoint(dir, null), tuning);
        assertEquals(Verdict.INCOMPLETE, stopped.verdict());
        assertEquals("test-stop", stopped.stoppedBy());
        StopSignal second = new StopSignal();
        Result stoppedAgain = Explorer.explore(HookedModel.stopAfter(model(), 1500, second),
                base.withStop(second).withCheckpoint(dir, dir), tuning);
        assertEquals(Verdict.INCOMPLETE, stoppedAgain.verdict());
        assertTrue(stoppedAgain.stats().generated() > stopped.stats().generated());
        Result resumed = Explorer.explore(model(), base.withCheckpoint(null, dir), tuning);
        assertSameResult(uninterrupted, resumed);
    }

    @Test
    void resumesAfterTheWriterWasKilled(@TempDir Path dir) throws Exception {
        Result uninterrupted = Explorer.explore(model(), Runs.bfs(2, false, true));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CheckpointChild.class.getName(), dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (checkpointLevel(dir) < 25) {
                assertTrue(child.isAlive(), () -> "child ended early: " + log(dir));
                assertTrue(System.nanoTime() < deadline, "no checkpoint at level 25 within 60 s");
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no final checkpoint
            child.waitFor(10, TimeUnit.SECONDS);
        }
        int level = checkpointLevel(dir);
        assertTrue(level >= 25 && level < 61, "killed at level " + level);
        Result resumed = Explorer.explore(model(), Runs.bfs(2, false, true).withCheckpoint(null, dir));
        assertSameResult(uninterrupted, resumed);
    }

    @Test
    void refusesACheckpointOfAnotherModel(@TempDir Path dir) {
        StopSignal stop = new StopSignal();
        Explorer.explore(HookedModel.stopAfter(model(), 500, stop),
                Runs.bfs(1, false, true).withStop(stop).withCheckpoint(dir, null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                Explorer.explore(new CounterModel(4, 30, 60), Runs.bfs(1, false, true).withCheckpoint(null, dir)));
        assertTrue(e.getMessage().contains("another model"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () ->
                Explorer.explore(model(), Runs.bfs(1, true, true).withCheckpoint(null, dir)));
    }

    private static int checkpointLevel(Path dir) {
        Path manifest = dir.resolve("manifest.properties");
        if (!Files.exists(manifest)) {
            return -1;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(manifest)) {
            p.load(in);
            return Integer.parseInt(p.getProperty("level", "-1"));
        } catch (Exception e) {
            return -1; // replaced while being read
        }
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("child.log"));
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
