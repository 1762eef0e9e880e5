package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every limit ends the run INCOMPLETE with its reason and the statistics of what was explored. */
class LimitsTest {
    private static final Model BIG = new CounterModel(2, 999, 1_000_000);

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2, 4})
    void maxStatesStopsAtExactlyTheLimit(int threads) {
        Result r = Explorer.explore(BIG, Runs.bfs(threads, false, false).withLimits(1000, 0, 0, 0));
        assertEquals(Verdict.INCOMPLETE, r.verdict());
        assertEquals("max-states", r.stoppedBy());
        assertEquals(1000, r.stats().distinct());
        assertTrue(r.stats().generated() > 0);
        assertNull(r.trace());
    }

    @Test
    void maxDepthBelowTheDiameterIsIncomplete() {
        Result r = Runs.stress(new CounterModel(2, 5, 100), Runs.bfs(2, false, false).withLimits(0, 3, 0, 0));
        assertEquals(Verdict.INCOMPLETE, r.verdict());
        assertEquals("max-depth", r.stoppedBy());
        assertEquals(10, r.stats().distinct()); // sums 0..3: 1+2+3+4
        assertEquals(3, r.stats().depth());
    }

    @Test
    void maxDepthAtTheDiameterHolds() {
        // the deepest states (sum 10) only reset: nothing new lies beyond depth 10
        Result r = Runs.stress(new CounterModel(2, 5, 100), Runs.bfs(2, false, false).withLimits(0, 10, 0, 0));
        assertEquals(Verdict.HOLDS, r.verdict());
        assertEquals(36, r.stats().distinct());
    }

    @Test
    void violationWithinTheDepthWins() {
        Result r = Runs.stress(new CounterModel(2, 5, 2), Runs.bfs(2, false, false).withLimits(0, 5, 0, 0));
        assertEquals(Verdict.VIOLATED, r.verdict());
        assertEquals(3, r.trace().length());
    }

    @Test
    void maxSecondsStopsASlowRun() {
        Model slow = HookedModel.slow(new CounterModel(2, 200, 1_000_000), 200);
        long start = System.nanoTime();
        Result r = Explorer.explore(slow, Runs.bfs(2, false, false).withLimits(0, 0, 0.5, 0));
        double took = (System.nanoTime() - start) / 1e9;
        assertEquals(Verdict.INCOMPLETE, r.verdict());
        assertEquals("max-seconds", r.stoppedBy());
        assertTrue(took < 5, "stopped after " + took + " s");
        assertTrue(r.stats().distinct() > 0 && r.stats().generated() > 0);
        assertTrue(r.stats().seconds() >= 0.5);
    }

    @ParameterizedTest(name = "strategy={0}")
    @ValueSource(strings = {"BFS", "DFS", "SIMULATION"})
    void stopSignalStopsEveryStrategy(String strategy) {
        StopSignal stop = new StopSignal();
        Model model = HookedModel.stopAfter(BIG, 5000, stop);
        Options o = Runs.bfs(2, false, false).withStrategy(Strategy.valueOf(strategy)).withStop(stop)
                .withSimulation(7, 1_000_000, 1000);
        Result r = Explorer.explore(model, o);
        assertEquals(Verdict.INCOMPLETE, r.verdict());
        assertEquals("test-stop", r.stoppedBy());
        assertTrue(r.stats().generated() >= 5000);
    }

    /** DFS, and BFS with checkpoints (a spilled seen set is not checkpointed), do not spill to disk. */
    @ParameterizedTest(name = "strategy={0}")
    @ValueSource(strings = {"BFS", "DFS"})
    void tinyMemoryBudgetEndsIncompleteNotInError(String strategy, @TempDir Path checkpoints) {
        Options o = Runs.bfs(4, false, false).withStrategy(Strategy.valueOf(strategy))
                .withLimits(0, 0, 0, 2_000_000);
        if (o.strategy() == Strategy.BFS) {
            o = o.withCheckpoint(checkpoints, null);
        }
        Result r = Explorer.explore(BIG, o);
        assertEquals(Verdict.INCOMPLETE, r.verdict());
        assertEquals("memory", r.stoppedBy());
        assertTrue(r.stats().distinct() > 0);
        assertTrue(r.stats().seenBytes() <= 2_000_000);
    }

    @Test
    void budgetTooSmallForAnythingIsStillAResult() {
        Result r = Explorer.explore(BIG, Runs.bfs(1, false, false).withLimits(0, 0, 0, 100));
        assertEquals(Verdict.INCOMPLETE, r.verdict());
        assertEquals("memory", r.stoppedBy());
    }

    @Test
    void progressIsReported() {
        List<ProgressListener.Progress> seen = new CopyOnWriteArrayList<>();
        Model slow = HookedModel.slow(new CounterModel(2, 60, 1_000_000), 200);
        Result r = Explorer.explore(slow, Runs.bfs(2, false, false)
                .withProgress(seen::add, Duration.ofMillis(50)));
        assertEquals(Verdict.HOLDS, r.verdict());
        assertTrue(seen.size() >= 2, "reports: " + seen.size());
        ProgressListener.Progress last = seen.get(seen.size() - 1);
        assertTrue(last.distinct() > 0 && last.distinct() <= 61 * 61);
        assertTrue(last.heapUsedBytes() > 0 && last.seconds() > 0);
        assertTrue(r.stats().peakHeapBytes() > 0);
    }
}
