package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import trapcheck.engine.Model;
import trapcheck.kvm.spec.SpecLoader;

/**
 * The search's per-state path (a worker without an observer: every successor of a state, and the
 * representative of each) allocates nothing. Round 2 built the culprit walk's field names there for
 * no observer, a string per key register at every switch-in, preemption and key write: 1.2x the
 * time of round 1 and twice its heap in use. A per-state allocation comes back as kilobytes per
 * hundred states, far above the bound here.
 */
class SearchPathAllocationTest {
    private static final int STATES = 2000;
    /** A few objects at most (a lazily built table, a class initialised late), never one per state. */
    private static final long MAX_BYTES = 16 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"../bench/anchors/mainline.yaml", "../specs/v5.2-lazy-host-trap.yaml",
            "../specs/v5.8-early-hyp-trap.yaml"})
    void successorsAndRepresentativesAllocateNothing(String spec) throws Exception {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        Model model = new KvmTarget(SpecLoader.load(Path.of(spec))).scaled(3, 2).model();
        Model.Worker worker = model.newWorker();
        long[][] states = sample(model, worker);
        long[] rep = new long[model.stateWords()];
        long[] sum = new long[1];
        Model.Successors sink = (action, next, violations) -> {
            worker.representative(next, rep);
            sum[0] += rep[0] ^ violations ^ action;
        };
        expandAll(worker, states, sink);   // the first pass loads and initialises what it needs
        long before = threads.getCurrentThreadAllocatedBytes();
        expandAll(worker, states, sink);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(sum[0] != 0 || states.length > 0);
        assertTrue(allocated <= MAX_BYTES, spec + ": the search's path allocated " + allocated + " bytes over "
                + states.length + " states (" + allocated / states.length + " a state)");
    }

    private static void expandAll(Model.Worker worker, long[][] states, Model.Successors sink) {
        for (long[] s : states) {
            worker.successors(s, sink);
        }
    }

    /** Distinct states met by seeded random walks from the initial state (shallow and deep ones). */
    private static long[][] sample(Model model, Model.Worker worker) {
        Random random = new Random(15);
        long[] initial = model.initialStates().get(0);
        Set<List<Long>> seen = new HashSet<>();
        List<long[]> found = new ArrayList<>();
        long[] state = initial.clone();
        int steps = 0;
        for (int attempt = 0; found.size() < STATES && attempt < 100 * STATES; attempt++) {
            List<Long> key = new ArrayList<>();
            for (long w : state) {
                key.add(w);
            }
            if (seen.add(key)) {
                found.add(state.clone());
            }
            List<long[]> successors = new ArrayList<>();
            worker.successors(state, (action, next, violations) -> successors.add(next.clone()));
            if (successors.isEmpty() || ++steps == 200) {
                state = initial.clone();
                steps = 0;
            } else {
                state = successors.get(random.nextInt(successors.size()));
            }
        }
        return found.toArray(long[][]::new);
    }
}
