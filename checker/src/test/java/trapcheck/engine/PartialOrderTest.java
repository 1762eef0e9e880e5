package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Partial-order reduction against the plain reference BFS on random models with random
 * independence (ProcessesModel): the same verdict, and for a violation the very counterexample the
 * unreduced search reports (found again without reduction) with the unreduced counts; never more
 * states than the full search; and with 1, 2 and 4 threads the same answer.
 */
class PartialOrderTest {

    @Property(tries = 300)
    void reducedSearchAgreesWithReference(@ForAll("models") ProcessesModel model, @ForAll boolean exact,
                                          @ForAll boolean symmetry) {
        ReferenceExplorer.Outcome ref = ReferenceExplorer.bfs(model, symmetry);
        Result full = Runs.stress(model, Runs.bfs(1, exact, symmetry));
        Result one = Runs.stress(model, Runs.bfs(1, exact, symmetry).withPartialOrder(true));
        for (int threads : new int[] {1, 2, 4}) {
            Result r = threads == 1 ? one : Runs.stress(model, Runs.bfs(threads, exact, symmetry).withPartialOrder(true));
            assertEquals(ref.verdict(), r.verdict(), "verdict, threads=" + threads);
            assertEquals(one.stats().distinct(), r.stats().distinct(), "distinct, threads=" + threads);
            assertEquals(one.stats().generated(), r.stats().generated(), "generated, threads=" + threads);
            assertArrayEquals(one.stats().actionFires(), r.stats().actionFires());
            assertTrue(r.stats().distinct() <= ref.distinct(), "never more states than the full search");
            if (ref.verdict() == Verdict.VIOLATED) {
                assertEquals(ref.violations(), r.violations());
                assertEquals(ref.actions(), r.trace().steps().stream().map(Trace.Step::action).toList());
                Runs.assertSameTrace(full.trace(), r.trace());
                assertEquals(full.stats().distinct(), r.stats().distinct(), "a violation reports the full search");
                assertEquals(full.stats().generated(), r.stats().generated());
                FixtureModelsTest.assertReplays(model, r.trace());
            }
        }
    }

    /**
     * A spilled run reduces exactly as the in-memory one: the proviso asks the seen set on disk too
     * (SpillingSeenSet.containsStored). Spilling the seen set at every level, alone and with every
     * level and its candidates on disk (windows of the least level table), on 1 and 2 threads: the
     * verdict, counts, fires, depth and trace of the in-memory reduced run, which has the
     * reference's verdict.
     */
    @Property(tries = 150)
    void aSpilledReducedRunIsTheInMemoryOne(@ForAll("models") ProcessesModel model, @ForAll boolean exact,
                                            @ForAll boolean symmetry, @ForAll @IntRange(min = 1, max = 2) int threads) {
        ReferenceExplorer.Outcome ref = ReferenceExplorer.bfs(model, symmetry);
        Options o = Runs.bfs(threads, exact, symmetry).withPartialOrder(true);
        Result memory = Runs.stress(model, o);
        Tuning seenOnDisk = Runs.STRESS.withSpill(1, 3);
        Result spilled = Explorer.explore(model, o, seenOnDisk);
        SpillTest.assertSameOutcome(memory, spilled);
        SpillTest.assertSameOutcome(memory, Explorer.explore(model, o, seenOnDisk.withSpill(1, 3, 1).withWindows(1)));
        assertEquals(ref.verdict(), spilled.verdict());
        assertEquals(0, memory.stats().spilledStates());
        if (ref.verdict() == Verdict.HOLDS) {
            // the last level's merge spilled what the levels before it had left in memory
            assertEquals(spilled.stats().distinct(), spilled.stats().spilledStates());
        } else {
            assertEquals(ref.actions(), spilled.trace().steps().stream().map(Trace.Step::action).toList());
        }
    }

    @Property(tries = 100)
    void withoutSymmetryEveryActionThatFiresInFullFiresReduced(@ForAll("models") ProcessesModel model) {
        Result full = Explorer.explore(model, Runs.bfs(1, false, false));
        Result reduced = Explorer.explore(model, Runs.bfs(1, false, false).withPartialOrder(true));
        if (full.verdict() != Verdict.HOLDS) {
            return;
        }
        long[] f = full.stats().actionFires();
        long[] g = reduced.stats().actionFires();
        for (int a = 0; a < f.length; a++) {
            assertEquals(f[a] > 0, g[a] > 0, "action " + a + " fires in one search and not in the other");
        }
    }

    @Test
    void independentProcessesAreExploredInFarFewerStates() {
        // every step local: the full space is radix^processes states, the reduced one far fewer
        ProcessesModel model = new ProcessesModel(4, 4, 3, 0, 0, false, true, 7);
        Result full = Explorer.explore(model, Runs.bfs(2, false, false));
        Result reduced = Explorer.explore(model, Runs.bfs(2, false, false).withPartialOrder(true));
        assertEquals(Verdict.HOLDS, full.verdict());
        assertEquals(Verdict.HOLDS, reduced.verdict());
        assertTrue(reduced.stats().distinct() * 2 < full.stats().distinct(),
                reduced.stats().distinct() + " reduced against " + full.stats().distinct());
    }

    @Test
    void aModelWithoutAmpleSetsExploresExactlyAsWithoutReduction() {
        ProcessesModel model = new ProcessesModel(3, 3, 3, 50, 2, true, false, 11);
        Result full = Explorer.explore(model, Runs.bfs(2, false, true));
        Result reduced = Explorer.explore(model, Runs.bfs(2, false, true).withPartialOrder(true));
        assertEquals(full.verdict(), reduced.verdict());
        assertEquals(full.stats().distinct(), reduced.stats().distinct());
        assertEquals(full.stats().generated(), reduced.stats().generated());
        assertTrue(Arrays.equals(full.stats().actionFires(), reduced.stats().actionFires()));
    }

    @Test
    void reductionIsOffWithADepthBoundOrCheckpoints() {
        Options o = Runs.bfs(1, false, false).withPartialOrder(true);
        assertTrue(o.reduces());
        assertEquals(false, o.withLimits(0, 5, 0, 0).reduces());
        assertEquals(false, o.withStrategy(Strategy.DFS).reduces());
        assertEquals(false, o.withCheckpoint(java.nio.file.Path.of("cp"), null).reduces());
    }

    @Provide
    Arbitrary<ProcessesModel> models() {
        return Combinators.combine(
                Arbitraries.integers().between(2, 3),
                Arbitraries.integers().between(2, 4),
                Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 60),
                Arbitraries.integers().between(0, 8),
                Arbitraries.of(true, false),
                Arbitraries.longs())
                .as((p, r, k, shared, violation, sym, seed) -> new ProcessesModel(p, r, k, shared, violation, sym, true, seed));
    }
}
