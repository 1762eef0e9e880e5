package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** DFS and seeded random simulation, on the fixture models. */
class OtherStrategiesTest {

    private static Options dfs() {
        return Options.defaults().withStrategy(Strategy.DFS);
    }

    private static Options simulation(long seed, long runs, int depth) {
        return Options.defaults().withStrategy(Strategy.SIMULATION).withSimulation(seed, runs, depth);
    }

    @Test
    void dfsCountsLikeBfs() {
        assertEquals(64, Explorer.explore(new CounterModel(3, 3, 100), dfs().withSymmetry(false)).stats().distinct());
        assertEquals(8832, Explorer.explore(new TwoPhaseCommitModel(5, false), dfs().withSymmetry(false))
                .stats().distinct());
        Result sym = Explorer.explore(new TwoPhaseCommitModel(5, false), dfs());
        assertEquals(Verdict.HOLDS, sym.verdict());
        assertEquals(314, sym.stats().distinct());
    }

    @Test
    void dfsFindsAViolationWithAReplayableTrace() {
        TwoPhaseCommitModel model = new TwoPhaseCommitModel(3, true);
        Result r = Explorer.explore(model, dfs());
        assertEquals(Verdict.VIOLATED, r.verdict());
        assertEquals(2, r.violations());
        assertTrue(r.trace().length() >= 8);
        FixtureModelsTest.assertReplays(model, r.trace());
    }

    @Test
    void dfsDepthLimit() {
        Result r = Explorer.explore(new CounterModel(2, 5, 100), dfs().withSymmetry(false).withLimits(0, 3, 0, 0));
        assertEquals(Verdict.INCOMPLETE, r.verdict());
        assertEquals("max-depth", r.stoppedBy());
    }

    @Test
    void simulationFindsTheBugAndReplaysIdentically() {
        TwoPhaseCommitModel model = new TwoPhaseCommitModel(3, true);
        Result a = Explorer.explore(model, simulation(42, 1000, 50));
        Result b = Explorer.explore(model, simulation(42, 1000, 50));
        assertEquals(Verdict.VIOLATED, a.verdict());
        assertEquals(2, a.violations());
        FixtureModelsTest.assertReplays(model, a.trace());
        Runs.assertSameTrace(a.trace(), b.trace());
        assertEquals(a.stats().generated(), b.stats().generated());
        assertEquals(a.stats().distinct(), b.stats().distinct());
    }

    @Test
    void simulationNeverProvesAnything() {
        Result r = Explorer.explore(new TwoPhaseCommitModel(3, false), simulation(1, 200, 30).withSymmetry(false));
        assertEquals(Verdict.INCOMPLETE, r.verdict());
        assertEquals("simulation", r.stoppedBy());
        assertTrue(r.stats().distinct() > 1 && r.stats().distinct() <= 288);
        Result again = Explorer.explore(new TwoPhaseCommitModel(3, false), simulation(1, 200, 30).withSymmetry(false));
        assertEquals(r.stats().distinct(), again.stats().distinct());
        assertEquals(r.stats().generated(), again.stats().generated());
    }

    @Test
    void zeroWeightActionsAreNeverChosen() {
        // counter: never choose inc1 or reset; walks only increment counter 0, up to 5, then end
        Options o = simulation(3, 20, 100).withSymmetry(false)
                .withActionWeights(a -> a == 0 ? 1.0 : 0.0);
        Result r = Explorer.explore(new CounterModel(2, 5, 100), o);
        assertEquals(Verdict.INCOMPLETE, r.verdict());
        assertEquals(6, r.stats().distinct()); // (0,0) .. (5,0)
        assertEquals(5, r.stats().depth());
    }

    @Test
    void simulationViolationIgnoresZeroWeightActions() {
        // every increment violates (limit 0) but has weight 0; only the reset self-loop is chosen
        Options o = simulation(3, 10, 100).withSymmetry(false).withActionWeights(a -> a == 2 ? 1.0 : 0.0);
        Result r = Explorer.explore(new CounterModel(2, 5, 0), o);
        assertEquals(Verdict.INCOMPLETE, r.verdict());
    }
}
