package trapcheck.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import trapcheck.engine.FingerprintStore;
import trapcheck.kvm.KvmTarget;
import trapcheck.kvm.spec.SpecLoader;

/**
 * The engine's per-successor store path: the 64-bit fingerprint of a packed state, and the seen
 * set's membership test and insert (fingerprint mode), through the engine's {@link FingerprintStore}:
 * {@code table=compact} is today's set (a quotient table, about 6-8 bytes a state, and its log on
 * disk), {@code table=fp64} the previous one (64-bit fingerprints with linear probing, 10-15 bytes).
 *
 * <ul>
 *   <li>{@code fingerprint}: {@link FingerprintStore#fingerprint} of a reachable 3x2 state (the sample of
 *       {@link KvmBenchmark}).</li>
 *   <li>{@code containsHit} / {@code containsMiss}: a lookup in a table of {@code size} fingerprints at
 *       the load it has after growing to that size (BFS mostly hits: most successors are known).</li>
 *   <li>{@code insertFresh}: per operation, one of {@value #BATCH} new fingerprints inserted (with
 *       the preceding lookup, as {@code insertIfAbsent}) into a table that starts empty at 16 slots
 *       and grows one state at a time, as the initial states and a depth-first search do: every
 *       growth is included (for the compact set also the refills from its log on disk when the bits
 *       kept change), so this is the amortised cost of that path.</li>
 *   <li>{@code insertLevels}: the same {@value #BATCH} fingerprints inserted as BFS inserts them, in
 *       levels (here of 1, 2, 4, ... states) whose room is made once per level, so the table grows
 *       at most once a level; per fingerprint, growth included. BFS's lookups are
 *       {@code containsHit}/{@code containsMiss}.</li>
 * </ul>
 *
 * <p>{@code fingerprint} does not depend on {@code table}: its two rows measure the same code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SeenTableBenchmark {
    static final int BATCH = 1 << 16;

    /** Fingerprints in the table for the lookups. */
    @Param("1000000")
    public int size;

    @Param("specs/v5.8-early-hyp-trap.yaml")
    public String spec;

    @Param({"compact", "fp64"})
    public String table;

    private FingerprintStore store;
    private long[] present;
    private long[] absent;
    private long[] fresh;
    private long[][] states;
    private int words;
    private int next;

    @Setup
    public void setup() throws Exception {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        present = new long[size];
        absent = new long[size];
        store = newStore();
        long[] one = new long[1];
        for (int i = 0; i < size; i++) {
            one[0] = random.nextLong();
            present[i] = FingerprintStore.fingerprint(one, 1);
            store.insertIfAbsent(present[i]);
        }
        for (int i = 0; i < size; i++) {
            one[0] = random.nextLong();
            absent[i] = FingerprintStore.fingerprint(one, 1);
        }
        fresh = new long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            one[0] = random.nextLong();
            fresh[i] = FingerprintStore.fingerprint(one, 1);
        }
        KvmTarget target = new KvmTarget(SpecLoader.load(Path.of(spec))).scaled(3, 2);
        words = target.model().stateWords();
        states = KvmBenchmark.sample(target.model(), target.model().newWorker(), 4096, 200, 20240607L);
    }

    private FingerprintStore newStore() {
        return table.equals("compact") ? FingerprintStore.compact() : new FingerprintStore();
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    private int nextIndex(int bound) {
        int i = next;
        next = i + 1 >= bound ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public long fingerprint() {
        return FingerprintStore.fingerprint(states[nextIndex(states.length)], words);
    }

    @Benchmark
    public boolean containsHit() {
        return store.contains(present[nextIndex(size)]);
    }

    @Benchmark
    public boolean containsMiss() {
        return store.contains(absent[nextIndex(size)]);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long insertLevels() {
        try (FingerprintStore t = newStore()) {
            for (int from = 0, size = 1; from < BATCH; from += size, size *= 2) {
                if (!t.insertLevel(fresh, from, Math.min(BATCH, from + size))) {
                    throw new IllegalStateException("the memory budget refused a level");
                }
            }
            return t.count();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long insertFresh() {
        try (FingerprintStore t = newStore()) {
            long added = 0;
            for (long fp : fresh) {
                added += t.insertIfAbsent(fp);
            }
            return added;
        }
    }
}
