package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Shared helpers of the engine tests. */
final class Runs {
    /** Forces every phase parallel, tiny chunks and tiny level tables (growth mid-level). */
    static final Tuning STRESS = new Tuning(0, 1, 2, 16);

    private Runs() {
    }

    static Options bfs(int threads, boolean exact, boolean symmetry) {
        return Options.defaults().withThreads(threads).withExact(exact).withSymmetry(symmetry);
    }

    static Result stress(Model model, Options options) {
        return Explorer.explore(model, options, STRESS);
    }

    static void assertSameTrace(Trace expected, Trace actual) {
        if (expected == null) {
            assertEquals(null, actual);
            return;
        }
        assertNotNull(actual);
        assertArrayEquals(expected.initial(), actual.initial());
        assertEquals(expected.length(), actual.length());
        for (int i = 0; i < expected.length(); i++) {
            assertEquals(expected.steps().get(i).action(), actual.steps().get(i).action(), "action of step " + i);
            assertArrayEquals(expected.steps().get(i).state(), actual.steps().get(i).state(), "state of step " + i);
            assertEquals(expected.steps().get(i).violations(), actual.steps().get(i).violations());
        }
    }
}
