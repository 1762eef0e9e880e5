package trapcheck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import trapcheck.engine.Model;
import trapcheck.kvm.KvmTarget;
import trapcheck.kvm.spec.SpecLoader;

/**
 * The model's hot paths, per state: all successors of a state ({@code successors}), the successors
 * of its ample sets for partial-order reduction ({@code ampleSets}) and its canonical form under
 * symmetry ({@code representative}), over a fixed sample of reachable states of
 * {@code specs/v5.8-early-hyp-trap.yaml} scaled to 3x2 (the anchors' mainline; see BENCHMARKS.md).
 *
 * <p>The sample: {@link #STATES} distinct states met by a seeded random walk from the initial state
 * (restarting every {@link #WALK} steps, so it covers shallow and deep states). Each invocation takes
 * the next state of the sample in turn, so one score is the mean over the sample, not one lucky state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KvmBenchmark {
    static final int STATES = 4096;
    static final int WALK = 200;
    static final long SEED = 20240607L;

    /** The spec, relative to the working directory (run from the repository root) or absolute. */
    @Param("specs/v5.8-early-hyp-trap.yaml")
    public String spec;

    /** pCPUs x VMs. */
    @Param("3x2")
    public String topology;

    private Model.Worker worker;
    private long[][] states;
    private long[] out;
    private final ConsumingSets sets = new ConsumingSets();
    private int next;

    @Setup
    public void setup() throws Exception {
        Path file = Path.of(spec);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file.toAbsolutePath() + " not found: run the benchmarks from the "
                    + "repository root, or pass -p spec=/path/to/spec.yaml");
        }
        String[] nm = topology.split("x");
        KvmTarget target = new KvmTarget(SpecLoader.load(file))
                .scaled(Integer.parseInt(nm[0]), Integer.parseInt(nm[1]));
        Model model = target.model();
        worker = model.newWorker();
        states = sample(model, worker, STATES, WALK, SEED);
        out = new long[model.stateWords()];
    }

    /** Distinct states met by seeded random walks from the (first) initial state. */
    public static long[][] sample(Model model, Model.Worker worker, int count, int walk, long seed) {
        Random random = new Random(seed);
        long[] initial = model.initialStates().get(0);
        Set<List<Long>> seen = new HashSet<>();
        List<long[]> found = new ArrayList<>();
        long[] state = initial.clone();
        int steps = 0;
        int attempts = 0;
        while (found.size() < count && attempts++ < 100 * count) {
            List<Long> key = new ArrayList<>();
            for (long w : state) {
                key.add(w);
            }
            if (seen.add(key)) {
                found.add(state.clone());
            }
            List<long[]> succ = new ArrayList<>();
            worker.successors(state, (action, s, violations) -> {
                if (violations == 0) {
                    succ.add(s.clone());
                }
            });
            if (succ.isEmpty() || ++steps == walk) {
                state = initial.clone();
                steps = 0;
            } else {
                state = succ.get(random.nextInt(succ.size()));
            }
        }
        return found.toArray(long[][]::new);
    }

    private long[] nextState() {
        long[] s = states[next];
        next = next + 1 == states.length ? 0 : next + 1;
        return s;
    }

    /** Every successor of one state (the engine's per-state expansion, less fingerprinting). */
    @Benchmark
    public void successors(Blackhole bh) {
        worker.successors(nextState(), (action, s, violations) -> bh.consume(s[0] ^ violations ^ action));
    }

    /**
     * Partial-order reduction's model side for one state: find the threads whose steps are ample
     * sets (their footprints), order them, and report each one's successors (all of them, as for a
     * state no candidate of which passes the proviso); compare with {@link #successors}.
     */
    @Benchmark
    public void ampleSets(Blackhole bh) {
        sets.hole = bh;
        worker.ampleSets(nextState(), sets);
    }

    /** Consumes every ample successor and set end (one instance: the benchmark allocates nothing). */
    private static final class ConsumingSets implements Model.AmpleSets {
        Blackhole hole;

        @Override
        public void accept(int action, long[] s, long violations) {
            hole.consume(s[0] ^ violations ^ action);
        }

        @Override
        public boolean endSet() {
            return true;   // every candidate, as when none passes the proviso
        }
    }

    /** The canonical representative of one state (symmetry reduction). */
    @Benchmark
    public long[] representative() {
        worker.representative(nextState(), out);
        return out;
    }
}
