package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Exact counts and traces pinned on the fixture models, for every thread count and table mode. */
class FixtureModelsTest {

    @ParameterizedTest(name = "threads={0} exact={1}")
    @CsvSource({"1,false", "2,false", "4,false", "1,true", "4,true"})
    void counterPinsDistinctAndGenerated(int threads, boolean exact) {
        Model counter = new CounterModel(3, 3, 100);
        Result plain = Runs.stress(counter, Runs.bfs(threads, exact, false));
        assertEquals(Verdict.HOLDS, plain.verdict());
        assertEquals(64, plain.stats().distinct()); // 4^3
        // incrementing counter i is enabled in 3/4 of the states; reset in all: 3*48 + 64
        assertEquals(208, plain.stats().generated());
        assertEquals(9, plain.stats().depth()); // (3,3,3) is 9 increments away
        assertArrayEquals(new long[] {48, 48, 48, 64}, plain.stats().actionFires());
        assertNull(plain.trace());
        Result reduced = Runs.stress(counter, Runs.bfs(threads, exact, true));
        assertEquals(Verdict.HOLDS, reduced.verdict());
        assertEquals(20, reduced.stats().distinct()); // multisets of 3 values in 0..3: C(6,3)
    }

    @ParameterizedTest(name = "threads={0}")
    @ValueSource(ints = {1, 2, 4})
    void largeCounterGrowsTablesAndStaysExact(int threads) {
        Result r = Explorer.explore(new CounterModel(2, 999, 5000), Runs.bfs(threads, false, false));
        assertEquals(Verdict.HOLDS, r.verdict());
        assertEquals(1_000_000, r.stats().distinct());
        assertEquals(2 * 999_000 + 1_000_000, r.stats().generated());
        assertEquals(1998, r.stats().depth());
    }

    @ParameterizedTest(name = "threads={0} exact={1}")
    @CsvSource({"1,false", "2,false", "4,false", "4,true"})
    void counterViolationHasShortestTrace(int threads, boolean exact) {
        Result r = Runs.stress(new CounterModel(2, 5, 4), Runs.bfs(threads, exact, false));
        assertEquals(Verdict.VIOLATED, r.verdict());
        assertEquals(1, r.violations());
        assertEquals(5, r.trace().length());
        assertEquals(List.of(0, 0, 0, 0, 0), r.trace().steps().stream().map(Trace.Step::action).toList());
        assertArrayEquals(new long[] {5, 0}, r.trace().lastState());
        assertEquals(1, r.trace().steps().get(4).violations());
        // all states with sum <= 5 found by the time level 4 is fully expanded: 1+2+3+4+5+6 - (0 of them cut) = 21
        assertEquals(21, r.stats().distinct());
    }

    @ParameterizedTest(name = "rms={0} symmetry={1} threads={2}")
    @CsvSource({
        "1,false,1", "1,true,1",
        "2,false,1", "2,true,2",
        "3,false,1", "3,false,2", "3,false,4", "3,true,1", "3,true,4",
        "5,false,1", "5,false,4", "5,true,1", "5,true,4"})
    void twoPhaseCommitMatchesReferenceAndPins(int rms, boolean symmetry, int threads) {
        TwoPhaseCommitModel model = new TwoPhaseCommitModel(rms, false);
        Result r = Runs.stress(model, Runs.bfs(threads, false, symmetry));
        ReferenceExplorer.Outcome ref = ReferenceExplorer.bfs(model, symmetry);
        assertEquals(Verdict.HOLDS, r.verdict());
        assertEquals(ref.distinct(), r.stats().distinct());
        assertEquals(pinned2pc(rms, symmetry), r.stats().distinct());
        Result exact = Runs.stress(model, Runs.bfs(threads, true, symmetry));
        assertEquals(ref.distinct(), exact.stats().distinct());
    }

    /*
     * Hand check of one RM, 12 states, written (tm, rm, TM saw prepared, messages):
     *  1 (init, W)              -> TmAbort 2, RmPrepare 3, RmChooseToAbort 4
     *  2 (abort, W, {Abort})    -> RmPrepare 5, RmChooseToAbort / RmRcvAbortMsg 6
     *  3 (init, P, {Prep})      -> TmRcvPrepared 7, TmAbort 5
     *  4 (init, A)              -> TmAbort 6
     *  5 (abort, P, {Prep, Abort})        -> RmRcvAbortMsg 8
     *  6 (abort, A, {Abort})              (self-loop only)
     *  7 (init, P, saw, {Prep})           -> TmCommit 9, TmAbort 10
     *  8 (abort, A, {Prep, Abort})
     *  9 (commit, P, saw, {Prep, Commit}) -> RmRcvCommitMsg 11
     * 10 (abort, P, saw, {Prep, Abort})   -> RmRcvAbortMsg 12
     * 11 (commit, C, saw, {Prep, Commit}), 12 (abort, A, saw, {Prep, Abort}).
     * Stateright pins 288 (3 RMs) and 8,832 (5 RMs) without symmetry: this encoding agrees. With
     * symmetry Stateright pins 665 for 5 RMs; our representative sorts whole per-RM nibbles (RM
     * state, TM-saw bit, message bit), a canonical form, so we count orbits exactly: 314.
     */
    private static long pinned2pc(int rms, boolean symmetry) {
        return switch (rms * 2 + (symmetry ? 1 : 0)) {
            case 2, 3 -> 12;
            case 4 -> 56;
            case 5 -> 34;
            case 6 -> 288;
            case 7 -> 80;
            case 10 -> 8832;
            case 11 -> 314;
            default -> throw new IllegalArgumentException();
        };
    }

    @ParameterizedTest(name = "rms={0} threads={1}")
    @CsvSource({"2,1", "3,1", "3,2", "3,4", "4,4"})
    void twoPhaseCommitBugFoundAtKnownDepth(int rms, int threads) {
        TwoPhaseCommitModel model = new TwoPhaseCommitModel(rms, true);
        Result r = Runs.stress(model, Runs.bfs(threads, false, true));
        assertEquals(Verdict.VIOLATED, r.verdict());
        assertEquals(2, r.violations());
        // every RM prepares and is seen prepared, the TM commits, one RM receives the commit
        assertEquals(2 * rms + 2, r.trace().length());
        ReferenceExplorer.Outcome ref = ReferenceExplorer.bfs(model, true);
        assertEquals(ref.actions(), r.trace().steps().stream().map(Trace.Step::action).toList());
        Runs.assertSameTrace(Runs.stress(model, Runs.bfs(1, false, true)).trace(), r.trace());
        assertReplays(model, r.trace());
    }

    /** The trace is a real path: each step is the model's transition from the previous state. */
    static void assertReplays(Model model, Trace trace) {
        Model.Worker w = model.newWorker();
        long[] state = trace.initial();
        for (Trace.Step step : trace.steps()) {
            long[] next = new long[model.stateWords()];
            assertEquals(step.violations(), w.apply(state, step.action(), next));
            assertArrayEquals(step.state(), next);
            state = next;
        }
    }
}
