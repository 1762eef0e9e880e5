package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import trapcheck.engine.Explorer;
import trapcheck.engine.Model;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.engine.Trace;
import trapcheck.engine.Verdict;
import trapcheck.kvm.spec.SpecLoader;

/**
 * The claims of {@link Footprints}, step by step, on every state reached without a violation: for
 * every running thread t that qualifies, every enabled step a of t and every enabled step b of
 * another thread are independent (neither disables the other, both orders reach the same state,
 * each one's mask is the same before and after the other, where that state is still expanded), and
 * after b, t still qualifies with the same enabled steps. By induction along any path of other
 * threads' steps this is C1 of {@link Model.Worker#ampleSets}. Then: the reduced search
 * agrees with the full one on library specs and random specs (verdict, the very counterexample, and
 * for a violation the counts; for a hold without symmetry the actions that fire), and reduces the
 * bench family's states by more than a fifth.
 */
class FootprintsTest {
    private static final Path SPECS = Path.of("..", "specs");

    @Provide
    Arbitrary<String> specs() {
        return new ModelPropertiesTest().specs();
    }

    @Property(tries = 40)
    void qualifyingThreadsCommuteWithEveryOtherThread(@ForAll("specs") String yaml) {
        checkEveryReachableState(TestSpecs.model(yaml), 3000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v5.2-lazy-host-trap", "v5.7-stable-fix", "v6.10-eager", "v5.9-physical-hcr-biglittle"})
    void libraryStatesCommute(String name) throws Exception {
        checkEveryReachableState(new KvmModel(SpecLoader.load(SPECS.resolve(name + ".yaml"))), 15_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v5.2-lazy-host-trap", "v5.7-stable-fix", "v5.8-early-hyp-trap", "v6.10-eager",
        "broken-no-save-guest-keys", "broken-hyp-fixup-moved-to-host", "v5.9-physical-hcr-biglittle",
        "broken-hyp-fixup-livelock", "broken-stable-fix-livelock", "broken-signed-pointer-across-algorithms",
        "v5.8-early-hyp-trap-parked-qarma3", "broken-load-keeps-trap-bits", "v5.2-lazy-host-trap-1cpu"})
    void reducedSearchAgreesOnTheLibrary(String name) throws Exception {
        KvmModel model = new KvmModel(SpecLoader.load(SPECS.resolve(name + ".yaml")));
        for (boolean symmetry : new boolean[] {true, false}) {
            Options o = Options.defaults().withThreads(2).withSymmetry(symmetry);
            assertAgree(model, Explorer.explore(model, o), Explorer.explore(model, o.withPartialOrder(true)), symmetry);
        }
    }

    /** Random specs (5.2, 5.8 and eager hooks on random topologies), small enough to explore in full. */
    @Property(tries = 40)
    void reducedSearchAgreesOnRandomSpecs(@ForAll("specs") String yaml, @ForAll boolean symmetry) {
        KvmModel model = TestSpecs.model(yaml);
        Options o = Options.defaults().withThreads(2).withSymmetry(symmetry).withLimits(40_000, 0, 0, 0);
        Result full = Explorer.explore(model, o);
        Assume.that(full.verdict() != Verdict.INCOMPLETE);
        assertAgree(model, full, Explorer.explore(model, o.withPartialOrder(true)), symmetry);
    }

    /**
     * The bench family's mainline policy is where reduction must pay: at 2x2 it keeps under 80% of
     * the states (with a proviso that wants a new successor it kept 99.3%).
     */
    @Test
    void reductionPaysOnTheBenchFamily() throws Exception {
        KvmModel model = new KvmTarget(SpecLoader.load(Path.of("..", "bench", "anchors", "mainline.yaml")))
                .scaled(2, 2).model();
        for (boolean symmetry : new boolean[] {true, false}) {
            Options o = Options.defaults().withThreads(2).withSymmetry(symmetry);
            Result full = Explorer.explore(model, o);
            Result reduced = Explorer.explore(model, o.withPartialOrder(true));
            assertAgree(model, full, reduced, symmetry);
            assertTrue(reduced.stats().distinct() < 0.8 * full.stats().distinct(),
                    reduced.stats().distinct() + " states reduced against " + full.stats().distinct());
        }
    }

    /**
     * Same verdict; a violation: the same properties and the very trace of the full search (the
     * reduced one searches again without reduction), with its counts; a hold: never more states,
     * and without symmetry exactly the same actions fire (the never-fired line and vacuity agree).
     */
    private static void assertAgree(KvmModel model, Result full, Result reduced, boolean symmetry) {
        assertEquals(full.verdict(), reduced.verdict());
        assertTrue(reduced.stats().distinct() <= full.stats().distinct());
        if (full.verdict() == Verdict.VIOLATED) {
            assertEquals(full.violations(), reduced.violations());
            assertEquals(full.trace().length(), reduced.trace().length(), "shortest");
            assertEquals(full.trace().steps().stream().map(Trace.Step::action).toList(),
                    reduced.trace().steps().stream().map(Trace.Step::action).toList());
            assertEquals(full.stats().distinct(), reduced.stats().distinct());
        } else if (!symmetry) {
            long[] f = full.stats().actionFires();
            long[] g = reduced.stats().actionFires();
            for (int a = 0; a < f.length; a++) {
                assertEquals(f[a] > 0, g[a] > 0, model.actionName(a) + " fires in only one search");
            }
        }
    }

    /** Visits up to {@code limit} states reachable without a violation and checks each. */
    private static void checkEveryReachableState(KvmModel model, int limit) {
        Model.Worker worker = model.newWorker();
        Set<List<Long>> seen = new HashSet<>();
        ArrayDeque<long[]> queue = new ArrayDeque<>();
        long[] init = model.initialStates().get(0);
        if (worker.check(init) != 0) {
            return;
        }
        seen.add(key(init));
        queue.add(init);
        while (!queue.isEmpty() && seen.size() < limit) {
            long[] s = queue.poll();
            List<Step> steps = steps(model, s);
            checkState(model, s, steps);
            for (Step st : steps) {
                if (st.mask == 0 && seen.add(key(st.next))) {
                    queue.add(st.next);
                }
            }
        }
    }

    private static void checkState(KvmModel model, long[] s, List<Step> steps) {
        int[] cpuOf = cpuOf(model, s);
        checkAmpleSuccessors(model, s, steps, cpuOf);
        for (int t = 1; t < cpuOf.length; t++) {
            if (cpuOf[t] < 0 || !model.footprints.qualifies(s, t, cpuOf[t])) {
                continue;
            }
            int thread = t;
            List<Step> own = steps.stream().filter(x -> model.actions.thread[x.action] == thread).toList();
            assertTrue(!own.isEmpty(), "a running thread has a step (C0)");
            for (Step b : steps) {
                if (model.actions.thread[b.action] == t) {
                    continue;
                }
                int[] afterCpu = cpuOf(model, b.next);
                assertEquals(cpuOf[t], afterCpu[t], "no other thread moves t");
                assertTrue(model.footprints.qualifies(b.next, t, afterCpu[t]),
                        "t still qualifies after " + model.actionName(b.action));
                List<Step> after = steps(model, b.next);
                assertEquals(own.stream().map(Step::action).toList(),
                        after.stream().filter(x -> model.actions.thread[x.action] == thread).map(Step::action).toList(),
                        "another thread's step neither enables nor disables t's");
                for (Step a : own) {
                    long[] ab = new long[s.length];
                    long[] ba = new long[s.length];
                    long maskBafterA = model.newWorker().apply(a.next, b.action, ab);
                    long maskAafterB = model.newWorker().apply(b.next, a.action, ba);
                    String pair = model.actionName(a.action) + " / " + model.actionName(b.action);
                    assertTrue(maskBafterA != Model.NOT_ENABLED, "t's step disables the other's: " + pair);
                    assertTrue(maskAafterB != Model.NOT_ENABLED, pair);
                    assertArrayEquals(ab, ba, "both orders reach the same state: " + pair);
                    if (b.mask == 0) {
                        assertEquals(a.mask, maskAafterB, "t's mask after the other step: " + pair);
                    }
                    if (a.mask == 0) {
                        assertEquals(b.mask, maskBafterA, "the other's mask after t's step: " + pair);
                    }
                }
            }
        }
    }

    /**
     * The ample sets are exactly the enabled steps of each qualifying thread, fewest first and in
     * thread order among equals, and none is reported once one is taken.
     */
    private static void checkAmpleSuccessors(KvmModel model, long[] s, List<Step> steps, int[] cpuOf) {
        List<List<Step>> sets = new ArrayList<>();
        List<Step> open = new ArrayList<>();
        model.newWorker().ampleSets(s, new Model.AmpleSets() {
            @Override
            public void accept(int a, long[] n, long m) {
                open.add(new Step(a, n.clone(), m));
            }

            @Override
            public boolean endSet() {
                sets.add(new ArrayList<>(open));
                open.clear();
                return true;
            }
        });
        assertTrue(open.isEmpty(), "every set ends");
        int[] taken = new int[1];
        model.newWorker().ampleSets(s, new Model.AmpleSets() {
            @Override
            public void accept(int a, long[] n, long m) {
                assertEquals(0, taken[0], "no successor after the set taken");
            }

            @Override
            public boolean endSet() {
                taken[0]++;
                return false;
            }
        });
        assertEquals(sets.isEmpty() ? 0 : 1, taken[0], "the first set taken ends the report");
        List<List<Step>> expected = new ArrayList<>();
        for (int t = 1; t < cpuOf.length; t++) {
            if (cpuOf[t] >= 0 && model.footprints.qualifies(s, t, cpuOf[t])) {
                int thread = t;
                expected.add(steps.stream().filter(x -> model.actions.thread[x.action] == thread).toList());
            }
        }
        expected.sort(java.util.Comparator.comparingInt(List::size));   // stable: thread order among equals
        if (atMostOneUnparkedPcpu(model)) {
            // the thread running there, if any, has every enabled step: nothing to postpone
            for (List<Step> e : expected) {
                assertEquals(steps.stream().map(Step::action).toList(), e.stream().map(Step::action).toList(),
                        "with one pCPU to run on, the running thread's steps are all the enabled ones");
            }
            assertTrue(sets.isEmpty(), "no ample set where it would be every enabled step");
            return;
        }
        assertEquals(expected.size(), sets.size(), "one set per qualifying thread");
        for (int k = 0; k < expected.size(); k++) {
            List<Step> e = expected.get(k);
            List<Step> got = sets.get(k);
            assertEquals(e.stream().map(Step::action).toList(), got.stream().map(Step::action).toList());
            for (int i = 0; i < e.size(); i++) {
                assertArrayEquals(e.get(i).next, got.get(i).next);
                assertEquals(e.get(i).mask, got.get(i).mask);
            }
        }
    }

    private static boolean atMostOneUnparkedPcpu(KvmModel model) {
        return model.world.cpus - Long.bitCount(model.world.parkedMask) <= 1;
    }

    private record Step(int action, long[] next, long mask) {
    }

    private static List<Step> steps(KvmModel model, long[] s) {
        List<Step> out = new ArrayList<>();
        model.newWorker().successors(s, (a, n, m) -> out.add(new Step(a, n.clone(), m)));
        return out;
    }

    private static int[] cpuOf(KvmModel model, long[] s) {
        int[] on = new int[model.world.threadCount()];
        Arrays.fill(on, -1);
        for (int p = 0; p < model.world.cpus; p++) {
            int t = model.layout.cpuThread[p].get(s);
            if (t != 0) {
                on[t] = p;
            }
        }
        return on;
    }

    private static List<Long> key(long[] s) {
        List<Long> k = new ArrayList<>(s.length);
        for (long w : s) {
            k.add(w);
        }
        return k;
    }
}
