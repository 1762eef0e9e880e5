package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A BFS whose seen set spills to disk (SpillingSeenSet) finds exactly what the in-memory one finds:
 * verdict, distinct count, transitions, per-action fires, depth and the very same shortest
 * counterexample, in fingerprint and exact mode, with symmetry on and off, on 1 and 2 threads; so
 * does one whose levels go to disk (DiskLevel).
 */
class SpillTest {
    /**
     * Spills the seen set at every level (a 1-byte share), sorting 3 records at a time (many pieces,
     * many merges), and puts every level after the first on disk.
     */
    private static final Tuning EVERY_LEVEL = Runs.STRESS.withSpill(1, 3, 1);
    /** Every level after the first on disk, the seen set in memory. */
    private static final Tuning FRONTIER_ONLY = Runs.STRESS.withSpill(0, 0, 1);
    /**
     * Everything on disk: the seen set at every level, every level after the first, and each level's
     * candidates in windows as small as the level table's least capacity (LevelWindows).
     */
    private static final Tuning ALL_ON_DISK = EVERY_LEVEL.withWindows(1);
    /** Only the levels' candidates in windows, the seen set and frontiers in memory. */
    private static final Tuning WINDOWS_ONLY = Runs.STRESS.withWindows(1);

    static void assertSameOutcome(Result expected, Result actual) {
        assertEquals(expected.verdict(), actual.verdict(), "verdict");
        assertEquals(expected.stoppedBy(), actual.stoppedBy(), "stopped by");
        assertEquals(expected.violations(), actual.violations(), "violations");
        assertEquals(expected.stats().distinct(), actual.stats().distinct(), "distinct");
        if (!RunControl.MAX_DEPTH.equals(expected.stoppedBy())) {
            // beyond a depth bound, the in-memory probe stops at the first new successor, the spilled one
            // expands the whole level (it must check the candidates against the disk)
            assertEquals(expected.stats().generated(), actual.stats().generated(), "generated");
            assertArrayEquals(expected.stats().actionFires(), actual.stats().actionFires(), "fires");
        }
        assertEquals(expected.stats().depth(), actual.stats().depth(), "depth");
        Runs.assertSameTrace(expected.trace(), actual.trace());
    }

    @net.jqwik.api.Property(tries = 200)
    void spillingAtEveryLevelMatchesMemoryAndTheReference(@ForAll("models") RandomGraphModel model,
                                                           @ForAll boolean exact, @ForAll boolean symmetry,
                                                           @ForAll @IntRange(min = 1, max = 2) int threads) {
        Options o = Runs.bfs(threads, exact, symmetry);
        Result memory = Runs.stress(model, o);
        Result spilled = Explorer.explore(model, o, EVERY_LEVEL);
        assertSameOutcome(memory, spilled);
        assertSameOutcome(memory, Explorer.explore(model, o, FRONTIER_ONLY));
        assertSameOutcome(memory, Explorer.explore(model, o, WINDOWS_ONLY));
        Result allOnDisk = Explorer.explore(model, o, ALL_ON_DISK);
        assertSameOutcome(memory, allOnDisk);
        assertEquals(spilled.stats().spilledStates(), allOnDisk.stats().spilledStates());
        ReferenceExplorer.Outcome ref = ReferenceExplorer.bfs(model, symmetry);
        assertEquals(ref.verdict(), spilled.verdict());
        assertEquals(ref.distinct(), spilled.stats().distinct());
        assertEquals(0, memory.stats().spilledStates());
        assertEquals(0, memory.stats().spilledWindows());
        assertEquals(0, spilled.stats().spilledWindows(), "no level in windows without a window share");
        if (spilled.verdict() == Verdict.HOLDS) {
            // the last level's merge spilled what the levels before it had left in memory
            assertEquals(spilled.stats().distinct(), spilled.stats().spilledStates());
            assertTrue(spilled.stats().spilledBytes() >= 8 * spilled.stats().distinct());
        } else {
            FixtureModelsTest.assertReplays(model, spilled.trace());
        }
    }

    @net.jqwik.api.Property(tries = 100)
    void aDepthBoundSeesTheSpilledStates(@ForAll("models") RandomGraphModel model, @ForAll boolean exact,
                                         @ForAll @IntRange(min = 1, max = 5) int depth) {
        Options o = Runs.bfs(1, exact, false).withLimits(0, depth, 0, 0);
        Result memory = Runs.stress(model, o);
        assertSameOutcome(memory, Explorer.explore(model, o, EVERY_LEVEL));
        assertSameOutcome(memory, Explorer.explore(model, o, ALL_ON_DISK));
    }

    @Provide
    Arbitrary<RandomGraphModel> models() {
        return RandomGraphModel.arbitrary(5, 8);
    }

    /**
     * A mid-size model and a real memory budget too small for its seen set: the run spills (several
     * times) instead of stopping "memory", with the in-memory result; no scratch file is left behind.
     */
    @ParameterizedTest(name = "exact={0}, symmetry={1}, threads={2}")
    @CsvSource({"false,false,1", "false,true,2", "true,false,2", "true,true,1"})
    void aSmallMemoryBudgetSpillsWithTheInMemoryResult(boolean exact, boolean symmetry, int threads,
                                                       @TempDir Path spill) throws Exception {
        // 531,441 states; 585,276 with symmetry
        Model model = symmetry ? new CounterModel(3, 150, 1_000_000) : new CounterModel(3, 80, 1_000_000);
        Options o = Runs.bfs(threads, exact, symmetry);
        Result memory = Explorer.explore(model, o);
        long budget = 6_000_000;
        Result spilled = Explorer.explore(model, o.withLimits(0, 0, 0, budget).withSpillDir(spill));
        assertSameOutcome(memory, spilled);
        assertEquals(Verdict.HOLDS, spilled.verdict());
        assertTrue(spilled.stats().spilledStates() > 0, "spilled " + spilled.stats().spilledStates()
                + ", seen bytes " + spilled.stats().seenBytes() + ", in memory " + memory.stats().seenBytes());
        assertTrue(spilled.stats().spilledBytes() >= 8 * spilled.stats().spilledStates());
        assertTrue(spilled.stats().seenBytes() <= budget / 2, "in memory: " + spilled.stats().seenBytes());
        try (Stream<Path> left = Files.list(spill)) {
            assertEquals(0, left.count(), "scratch files left in the spill folder");
        }
    }

    /**
     * Levels cut into windows of a few states: the statistics count them (one per flush), and the
     * collision estimate of a spilled seen set counts the run on disk at its 64 bits, not at the
     * in-memory part's: below the estimate over every stored state at those bits.
     */
    @Test
    void windowsAndTheCollisionEstimateOfASpilledRun() {
        Model model = new CounterModel(2, 8, 1_000_000);   // 81 states, 17 levels
        Options o = Runs.bfs(2, false, false);
        Result memory = Explorer.explore(model, o);
        Result spilled = Explorer.explore(model, o, ALL_ON_DISK);
        assertSameOutcome(memory, spilled);
        assertEquals(0, memory.stats().spilledWindows());
        // every chunk of two states whose successors are new ends a window: more windows than levels
        assertTrue(spilled.stats().spilledWindows() > spilled.stats().depth(), "windows " + spilled.stats().spilledWindows());
        Statistics s = spilled.stats();
        double everyStateAtTheKeptBits = (double) s.generated() * s.distinct() / Math.scalb(1.0, s.fingerprintBits());
        assertTrue(s.collisionProbability() > 0 && s.collisionProbability() < everyStateAtTheKeptBits,
                s.collisionProbability() + " against " + everyStateAtTheKeptBits);
    }

    /** A violation found after spills: the same shortest counterexample and count. */
    @ParameterizedTest(name = "exact={0}, symmetry={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void aViolationAfterSpillsHasTheSameShortestTrace(boolean exact, boolean symmetry) {
        Model model = new CounterModel(3, 80, 150);
        Options o = Runs.bfs(2, exact, symmetry);
        Result memory = Explorer.explore(model, o);
        Result spilled = Explorer.explore(model, o, Tuning.DEFAULT.withSpill(20_000, 0, 20_000));
        assertEquals(Verdict.VIOLATED, memory.verdict());
        assertSameOutcome(memory, spilled);
        assertTrue(spilled.stats().spilledStates() > 0);
        assertEquals(151, spilled.trace().length());
        FixtureModelsTest.assertReplays(model, spilled.trace());
    }

    /** A spill folder that cannot be written ends the run with a "disk:" reason, not an exception. */
    @Test
    void anUnwritableSpillFolderIsADiskStop(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-folder");
        for (boolean exact : new boolean[] {false, true}) {
            Result r = Explorer.explore(new CounterModel(2, 50, 1000), Runs.bfs(1, exact, false).withSpillDir(missing));
            assertEquals(Verdict.INCOMPLETE, r.verdict());
            assertTrue(r.stoppedBy().startsWith("disk: cannot write "), r.stoppedBy());
            assertTrue(r.stoppedBy().contains(missing.toString()), r.stoppedBy());
        }
    }
}
