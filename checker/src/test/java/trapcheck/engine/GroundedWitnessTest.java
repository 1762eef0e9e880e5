package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The proviso's grounded witnesses (ENGINE.md "Partial order") on the smallest model that can
 * postpone an action forever: process A walks a cycle of {@code length} local states, process B
 * has one step, and the model offers A's step as the only ample set (B's step is independent of
 * it, so C0 and C1 hold). Every state is reduced until A's cycle closes on the initial state,
 * which was reduced through a new witness, so it is not grounded: the state that closes the cycle
 * has no witness, is expanded in full, and B's step is taken there. A rule that let any reduced
 * state be a witness (two states each other's) would take A's step around the cycle forever and
 * never B's: this test fails then.
 */
class GroundedWitnessTest {

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void aCycleOfReducedStatesDoesNotPostponeAViolation(int length) {
        Model model = new CycleAndStep(length, true);
        Result full = Explorer.explore(model, Runs.bfs(1, true, false));
        for (int threads : new int[] {1, 2}) {
            Result reduced = Explorer.explore(model, Runs.bfs(threads, true, false).withPartialOrder(true));
            assertEquals(Verdict.VIOLATED, full.verdict());
            assertEquals(Verdict.VIOLATED, reduced.verdict(), "B's violating step is taken");
            Runs.assertSameTrace(full.trace(), reduced.trace());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void aCycleOfReducedStatesDoesNotPostponeAnAction(int length) {
        Model model = new CycleAndStep(length, false);
        Result full = Explorer.explore(model, Runs.bfs(1, false, false));
        Result reduced = Explorer.explore(model, Runs.bfs(1, false, false).withPartialOrder(true));
        assertEquals(Verdict.HOLDS, reduced.verdict());
        assertEquals(2 * length, full.stats().distinct());
        assertEquals(3 * length, full.stats().generated());
        assertEquals(2 * length + 1, reduced.stats().generated(), "B's step is taken once, where A's cycle closes");
        assertTrue(reduced.stats().actionFires()[1] > 0, "B's step fires (it is never reported never-fired)");
    }

    /** State [a, b]: A's step a -> a + 1 mod length; B's step b 0 -> 1, breaking p when violating. */
    private record CycleAndStep(int length, boolean violating) implements Model {
        @Override
        public int stateWords() {
            return 2;
        }

        @Override
        public int actionCount() {
            return 2;
        }

        @Override
        public String actionName(int action) {
            return action == 0 ? "A" : "B";
        }

        @Override
        public List<Property> properties() {
            return List.of(new Property("p", "B never steps"));
        }

        @Override
        public List<long[]> initialStates() {
            return List.<long[]>of(new long[2]);
        }

        @Override
        public Worker newWorker() {
            return new Worker() {
                private final long[] next = new long[2];

                @Override
                public long check(long[] state) {
                    return 0;
                }

                @Override
                public void successors(long[] state, Successors sink) {
                    for (int a = 0; a < 2; a++) {
                        long m = apply(state, a, next);
                        if (m != NOT_ENABLED) {
                            sink.accept(a, next, m);
                        }
                    }
                }

                @Override
                public void ampleSets(long[] state, AmpleSets sink) {
                    sink.accept(0, next, apply(state, 0, next));
                    sink.endSet();   // the only candidate: whether it was taken, nothing follows
                }

                @Override
                public long apply(long[] state, int action, long[] out) {
                    out[0] = state[0];
                    out[1] = state[1];
                    if (action == 0) {
                        out[0] = (state[0] + 1) % length;
                        return 0;
                    }
                    if (state[1] != 0) {
                        return NOT_ENABLED;
                    }
                    out[1] = 1;
                    return violating ? 1 : 0;
                }
            };
        }
    }
}
