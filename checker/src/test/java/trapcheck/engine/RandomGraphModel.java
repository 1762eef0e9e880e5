package trapcheck.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fixture for property tests: a random transition table over all vectors of {@code words} digits
 * in base {@code radix}. Each (state, action) is enabled with probability 0.7, leads to a random
 * state, and breaks a random subset of two properties with probability {@code violationPercent}%.
 * The "symmetry" sorts the words; it need not be a true symmetry of the table, because the engine
 * is specified to follow the first discoverer's concrete state, exactly as the reference does.
 */
final class RandomGraphModel implements Model {
    private final int words;
    private final int radix;
    private final int actions;
    private final int states;
    private final int[][] target;
    private final long[][] mask;
    private final long[] initialMask;
    private final List<long[]> initial = new ArrayList<>();
    private final boolean symmetric;
    private final String description;

    RandomGraphModel(int words, int radix, int actions, int initialCount, int violationPercent, boolean symmetric,
                     long seed) {
        this.words = words;
        this.radix = radix;
        this.actions = actions;
        this.symmetric = symmetric;
        this.description = "RandomGraphModel(words=" + words + ", radix=" + radix + ", actions=" + actions
                + ", initial=" + initialCount + ", violation%=" + violationPercent + ", symmetric=" + symmetric
                + ", seed=" + seed + ")";
        int n = 1;
        for (int i = 0; i < words; i++) {
            n *= radix;
        }
        this.states = n;
        Random random = new Random(seed);
        target = new int[n][actions];
        mask = new long[n][actions];
        initialMask = new long[n];
        for (int s = 0; s < n; s++) {
            initialMask[s] = random.nextInt(400) < violationPercent ? 1 : 0;
            for (int a = 0; a < actions; a++) {
                target[s][a] = random.nextInt(10) < 7 ? random.nextInt(n) : -1;
                mask[s][a] = random.nextInt(100) < violationPercent ? 1 + random.nextInt(3) : 0;
            }
        }
        for (int i = 0; i < initialCount; i++) {
            initial.add(decode(random.nextInt(n)));
        }
    }

    @Override
    public String toString() {
        return description;
    }

    private long[] decode(int id) {
        long[] s = new long[words];
        for (int i = 0; i < words; i++) {
            s[i] = id % radix;
            id /= radix;
        }
        return s;
    }

    private int encode(long[] s) {
        int id = 0;
        for (int i = words - 1; i >= 0; i--) {
            id = id * radix + (int) s[i];
        }
        return id;
    }

    @Override
    public int stateWords() {
        return words;
    }

    @Override
    public int actionCount() {
        return actions;
    }

    @Override
    public String actionName(int action) {
        return "a" + action;
    }

    @Override
    public List<Property> properties() {
        return List.of(new Property("p0", "random"), new Property("p1", "random"));
    }

    @Override
    public List<long[]> initialStates() {
        return initial;
    }

    @Override
    public boolean hasSymmetry() {
        return symmetric;
    }

    @Override
    public Worker newWorker() {
        return new Worker() {
            @Override
            public long check(long[] state) {
                return initialMask[encode(state)];
            }

            @Override
            public void successors(long[] state, Successors sink) {
                long[] next = new long[words];
                for (int a = 0; a < actions; a++) {
                    long m = apply(state, a, next);
                    if (m != NOT_ENABLED) {
                        sink.accept(a, next, m);
                    }
                }
            }

            @Override
            public long apply(long[] state, int action, long[] next) {
                int s = encode(state);
                int t = target[s][action];
                if (t < 0) {
                    return NOT_ENABLED;
                }
                System.arraycopy(decode(t), 0, next, 0, words);
                return mask[s][action];
            }

            @Override
            public void representative(long[] state, long[] out) {
                System.arraycopy(state, 0, out, 0, words);
                java.util.Arrays.sort(out);
            }
        };
    }

    int stateCount() {
        return states;
    }

    /**
     * Random graph models for jqwik, in the ranges the engine's properties share (1-3 words, 1-4 actions,
     * 1-3 initial states, symmetric or not); each property gives its largest radix and violation share.
     */
    static net.jqwik.api.Arbitrary<RandomGraphModel> arbitrary(int maxRadix, int maxViolationPercent) {
        return net.jqwik.api.Combinators.combine(
                net.jqwik.api.Arbitraries.integers().between(1, 3),
                net.jqwik.api.Arbitraries.integers().between(2, maxRadix),
                net.jqwik.api.Arbitraries.integers().between(1, 4),
                net.jqwik.api.Arbitraries.integers().between(1, 3),
                net.jqwik.api.Arbitraries.integers().between(0, maxViolationPercent),
                net.jqwik.api.Arbitraries.of(true, false),
                net.jqwik.api.Arbitraries.longs())
                .as(RandomGraphModel::new);
    }
}
