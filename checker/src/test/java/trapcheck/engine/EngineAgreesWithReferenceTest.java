package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * On random small models, the engine (1, 2, 3 and 4 threads, fingerprint and exact tables, with and
 * without symmetry) finds what the plain reference BFS finds: the verdict, the distinct count, the
 * violated properties and the very same counterexample; DFS agrees on the verdict and count.
 */
class EngineAgreesWithReferenceTest {

    @Property(tries = 300)
    void bfsMatchesReference(@ForAll("models") RandomGraphModel model, @ForAll boolean exact,
                             @ForAll boolean symmetry) {
        ReferenceExplorer.Outcome ref = ReferenceExplorer.bfs(model, symmetry);
        Result one = Runs.stress(model, Runs.bfs(1, exact, symmetry));
        for (int threads : new int[] {1, 2, 3, 4}) {   // 3: chunks claimed unevenly in every phase
            Result r = threads == 1 ? one : Runs.stress(model, Runs.bfs(threads, exact, symmetry));
            assertEquals(ref.verdict(), r.verdict(), "verdict, threads=" + threads);
            assertEquals(ref.distinct(), r.stats().distinct(), "distinct, threads=" + threads);
            assertEquals(ref.violations(), r.violations(), "violations, threads=" + threads);
            Runs.assertSameTrace(one.trace(), r.trace());
            assertEquals(one.stats().generated(), r.stats().generated());
            assertArrayEquals(one.stats().actionFires(), r.stats().actionFires());
            if (ref.verdict() == Verdict.VIOLATED) {
                assertArrayEquals(ref.initial(), r.trace().initial());
                assertEquals(ref.actions(), r.trace().steps().stream().map(Trace.Step::action).toList());
                for (int i = 0; i < ref.states().size(); i++) {
                    assertArrayEquals(ref.states().get(i), r.trace().steps().get(i).state());
                }
                FixtureModelsTest.assertReplays(model, r.trace());
            }
        }
    }

    @Property(tries = 150)
    void defaultTuningMatchesReference(@ForAll("models") RandomGraphModel model, @ForAll boolean symmetry) {
        ReferenceExplorer.Outcome ref = ReferenceExplorer.bfs(model, symmetry);
        Result r = Explorer.explore(model, Runs.bfs(2, false, symmetry));
        assertEquals(ref.verdict(), r.verdict());
        assertEquals(ref.distinct(), r.stats().distinct());
        assertEquals(ref.actions().size(), r.verdict() == Verdict.VIOLATED ? r.trace().length() : 0);
    }

    @Property(tries = 150)
    void dfsFindsTheSameVerdictAndCount(@ForAll("models") RandomGraphModel model, @ForAll boolean exact) {
        // without symmetry the reachable set does not depend on the visiting order
        ReferenceExplorer.Outcome ref = ReferenceExplorer.bfs(model, false);
        Result r = Explorer.explore(model, Runs.bfs(1, exact, false).withStrategy(Strategy.DFS));
        assertEquals(ref.verdict(), r.verdict());
        if (ref.verdict() == Verdict.HOLDS) {
            assertEquals(ref.distinct(), r.stats().distinct());
        } else {
            assertEquals(true, r.trace().length() >= ref.actions().size(), "BFS trace is a shortest one");
            FixtureModelsTest.assertReplays(model, r.trace());
        }
    }

    @Provide
    Arbitrary<RandomGraphModel> models() {
        return RandomGraphModel.arbitrary(4, 12);
    }
}
