package trapcheck.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fixture: {@code counters} counters, each 0..max, one word each. Action i increments counter i
 * (enabled below max); the last action resets every counter to 0 (a self-loop from the all-zero
 * state). Without symmetry there are (max+1)^counters states; counters are interchangeable, so
 * with symmetry (representative: sorted words) there are C(max+counters, counters).
 * Property 0, "sum below limit", breaks on a step reaching sum > limit: shortest trace limit+1.
 */
final class CounterModel implements Model {
    private final int counters;
    private final long max;
    private final long limit;

    CounterModel(int counters, long max, long limit) {
        this.counters = counters;
        this.max = max;
        this.limit = limit;
    }

    @Override
    public int stateWords() {
        return counters;
    }

    @Override
    public int actionCount() {
        return counters + 1;
    }

    @Override
    public String actionName(int action) {
        return action == counters ? "reset" : "inc" + action;
    }

    @Override
    public List<Property> properties() {
        return List.of(new Property("sum-below-limit", "the counters' sum stays at most the limit"));
    }

    @Override
    public List<long[]> initialStates() {
        List<long[]> init = new ArrayList<>();
        init.add(new long[counters]);
        init.add(new long[counters]); // a duplicate: the engine must store it once
        return init;
    }

    @Override
    public boolean hasSymmetry() {
        return true;
    }

    /** The parameters: two counter models of the same shape but another max or limit differ. */
    @Override
    public String identity() {
        return "counter-model counters=" + counters + " max=" + max + " limit=" + limit;
    }

    @Override
    public Worker newWorker() {
        return new Worker() {
            @Override
            public long check(long[] state) {
                return sum(state) > limit ? 1 : 0;
            }

            @Override
            public void successors(long[] state, Successors sink) {
                long[] next = new long[counters];
                for (int a = 0; a <= counters; a++) {
                    long broke = apply(state, a, next);
                    if (broke != NOT_ENABLED) {
                        sink.accept(a, next, broke);
                    }
                }
            }

            @Override
            public long apply(long[] state, int action, long[] next) {
                if (action == counters) {
                    Arrays.fill(next, 0);
                    return 0;
                }
                if (state[action] >= max) {
                    return NOT_ENABLED;
                }
                System.arraycopy(state, 0, next, 0, counters);
                next[action]++;
                return sum(next) > limit ? 1 : 0;
            }

            @Override
            public void representative(long[] state, long[] out) {
                System.arraycopy(state, 0, out, 0, counters);
                Arrays.sort(out);
            }
        };
    }

    private static long sum(long[] s) {
        long t = 0;
        for (long v : s) {
            t += v;
        }
        return t;
    }
}
