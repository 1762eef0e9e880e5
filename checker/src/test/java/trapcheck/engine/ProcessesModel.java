package trapcheck.engine;

import java.util.List;
import java.util.Random;

/**
 * Fixture for partial-order reduction: {@code processes} processes, each a random graph over its
 * own local word (digits 0..radix-1), plus one shared word. A process's step from local state l by
 * its k-th action is disabled, local (a new local state; its mask a function of l and k), or shared
 * (reads and writes the shared word: new local and shared state and mask from l, k and the shared
 * value). Local steps of different processes are independent; a shared step is dependent on every
 * other shared step. The ample sets of a state are the enabled steps of each process whose every
 * step from its local state is local (or disabled): no other process can touch its word, and its
 * enabledness depends on that word alone, so C0 and C1 hold for each.
 *
 * With {@code symmetric}, every process has the same graph and the representative sorts the
 * processes' words (the shared word stays): a true symmetry. Action p * perProcess + k is process
 * p's k-th action.
 */
final class ProcessesModel implements Model {
    private static final int DISABLED = 0;
    private static final int LOCAL = 1;
    private static final int SHARED = 2;

    private final int processes;
    private final int radix;
    private final int perProcess;
    private final boolean symmetric;
    /** [process][local][action]: kind, then the target/mask tables. */
    private final int[][][] kind;
    private final int[][][] localTarget;
    private final long[][][] localMask;
    /** [process][local][action][shared]: packed new local * radix + new shared, and the mask. */
    private final int[][][][] sharedTarget;
    private final long[][][][] sharedMask;
    private final boolean reduces;
    private final String description;

    ProcessesModel(int processes, int radix, int perProcess, int sharedPercent, int violationPercent,
                   boolean symmetric, boolean reduces, long seed) {
        this.processes = processes;
        this.radix = radix;
        this.perProcess = perProcess;
        this.symmetric = symmetric;
        this.reduces = reduces;
        this.description = "ProcessesModel(processes=" + processes + ", radix=" + radix + ", perProcess=" + perProcess
                + ", shared%=" + sharedPercent + ", violation%=" + violationPercent + ", symmetric=" + symmetric
                + ", seed=" + seed + ")";
        Random random = new Random(seed);
        kind = new int[processes][radix][perProcess];
        localTarget = new int[processes][radix][perProcess];
        localMask = new long[processes][radix][perProcess];
        sharedTarget = new int[processes][radix][perProcess][radix];
        sharedMask = new long[processes][radix][perProcess][radix];
        for (int p = 0; p < processes; p++) {
            if (symmetric && p > 0) {
                kind[p] = kind[0];
                localTarget[p] = localTarget[0];
                localMask[p] = localMask[0];
                sharedTarget[p] = sharedTarget[0];
                sharedMask[p] = sharedMask[0];
                continue;
            }
            for (int l = 0; l < radix; l++) {
                for (int k = 0; k < perProcess; k++) {
                    int roll = random.nextInt(100);
                    kind[p][l][k] = roll < 30 ? DISABLED : roll < 30 + sharedPercent * 70 / 100 ? SHARED : LOCAL;
                    localTarget[p][l][k] = random.nextInt(radix);
                    localMask[p][l][k] = random.nextInt(100) < violationPercent ? 1 + random.nextInt(3) : 0;
                    for (int v = 0; v < radix; v++) {
                        sharedTarget[p][l][k][v] = random.nextInt(radix * radix);
                        sharedMask[p][l][k][v] = random.nextInt(100) < violationPercent ? 1 + random.nextInt(3) : 0;
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public int stateWords() {
        return processes + 1;
    }

    @Override
    public int actionCount() {
        return processes * perProcess;
    }

    @Override
    public String actionName(int action) {
        return "p" + action / perProcess + ".a" + action % perProcess;
    }

    @Override
    public List<Property> properties() {
        return List.of(new Property("p0", "random"), new Property("p1", "random"));
    }

    @Override
    public List<long[]> initialStates() {
        return List.<long[]>of(new long[processes + 1]);
    }

    @Override
    public boolean hasSymmetry() {
        return symmetric;
    }

    @Override
    public Worker newWorker() {
        return new Worker() {
            private final long[] next = new long[processes + 1];

            @Override
            public long check(long[] state) {
                return 0;
            }

            @Override
            public void successors(long[] state, Successors sink) {
                report(state, 0, actionCount(), sink);
            }

            @Override
            public void ampleSets(long[] state, AmpleSets sink) {
                if (!reduces) {
                    return;
                }
                for (int p = 0; p < processes; p++) {
                    int l = (int) state[p];
                    boolean local = false;
                    boolean shared = false;
                    for (int k = 0; k < perProcess; k++) {
                        local |= kind[p][l][k] == LOCAL;
                        shared |= kind[p][l][k] == SHARED;
                    }
                    if (local && !shared) {
                        report(state, p * perProcess, (p + 1) * perProcess, sink);
                        if (!sink.endSet()) {
                            return;
                        }
                    }
                }
            }

            private void report(long[] state, int from, int to, Successors sink) {
                for (int a = from; a < to; a++) {
                    long m = apply(state, a, next);
                    if (m != NOT_ENABLED) {
                        sink.accept(a, next, m);
                    }
                }
            }

            @Override
            public long apply(long[] state, int action, long[] out) {
                int p = action / perProcess;
                int k = action % perProcess;
                int l = (int) state[p];
                int shared = (int) state[processes];
                switch (kind[p][l][k]) {
                    case LOCAL -> {
                        System.arraycopy(state, 0, out, 0, state.length);
                        out[p] = localTarget[p][l][k];
                        return localMask[p][l][k];
                    }
                    case SHARED -> {
                        System.arraycopy(state, 0, out, 0, state.length);
                        int t = sharedTarget[p][l][k][shared];
                        out[p] = t / radix;
                        out[processes] = t % radix;
                        return sharedMask[p][l][k][shared];
                    }
                    default -> {
                        return NOT_ENABLED;
                    }
                }
            }

            @Override
            public void representative(long[] state, long[] out) {
                System.arraycopy(state, 0, out, 0, state.length);
                java.util.Arrays.sort(out, 0, processes);
            }
        };
    }
}
