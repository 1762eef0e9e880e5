package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import trapcheck.engine.Model;
import trapcheck.kvm.spec.Op;

/** Properties of the packed encoding, the canonical form and the successor function. */
class ModelPropertiesTest {
    private static final String[] ALGS = {"none", "qarma5", "qarma3", "impdef"};
    private static final String EAGER = """
              hooks:
                vcpu_load:
                  - if: vcpu_has_ptrauth
                    then: [ { set_vcpu_hcr: [API, APK] }, save_host_keys ]
                guest_enter: [ activate_traps ]
                switch_in:
                  - if: vcpu_hcr.API
                    then: [ restore_guest_keys ]
                switch_out:
                  - if: vcpu_hcr.API
                    then: [ save_guest_keys, restore_host_keys ]
                trap: { context: host, do: [ inject_undef, { save_host_keys: [APGA] }, preempt_disable, restore_host_keys, preempt_enable ] }
            """;

    /** A random small spec: 1-3 pCPUs (often alike), 1-2 VMs of 1-2 vCPUs, 0-2 tasks, one of three policies. */
    @Provide
    Arbitrary<String> specs() {
        Arbitrary<String> cpus = Arbitraries.integers().between(1, 3).flatMap(n -> Arbitraries.of(0, 1, 2).map(kind -> {
            StringBuilder b = new StringBuilder("  cpus:\n");
            for (int p = 0; p < n; p++) {
                String a = kind == 0 ? "qarma5" : ALGS[(p * 7 + kind) % 4];
                String g = kind == 2 && p == n - 1 ? "none" : "qarma5";
                b.append("    - { name: c").append(p).append(", address: ").append(a).append(", generic: ").append(g).append(" }\n");
            }
            return b.toString();
        }));
        Arbitrary<String> vms = Arbitraries.integers().between(1, 2).flatMap(n -> Arbitraries.integers().between(1, 2).list().ofSize(n)
                .flatMap(sizes -> Arbitraries.of("[address, generic]", "[]", "[address]").list().ofSize(n).map(reqs -> {
                    StringBuilder b = new StringBuilder("  vms:\n");
                    for (int i = 0; i < n; i++) {
                        b.append("    - { name: v").append(i).append(", vcpus: ").append(sizes.get(i)).append(", request: ")
                                .append(reqs.get(i)).append(" }\n");
                    }
                    return b.toString();
                })));
        Arbitrary<String> tasks = Arbitraries.integers().between(0, 2).map(t -> "  other_tasks: " + t + "\n");
        Arbitrary<String> keys = Arbitraries.of("[APIA]", "[APGA]", "[APIA, APGA]", "[APDB, APGA]");
        Arbitrary<String> hooks = Arbitraries.of(TestSpecs.HOOKS_52, TestSpecs.HOOKS_58, EAGER);
        return Combinators.combine(cpus, vms, tasks, keys, hooks).as((c, v, t, k, h) -> TestSpecs.spec(c + v + t, k, h));
    }

    /** States reached by a seeded random walk (reachable, so meaningful to canonicalise). */
    static List<long[]> walk(KvmModel m, long seed, int steps) {
        Random rnd = new Random(seed);
        Model.Worker w = m.newWorker();
        List<long[]> out = new ArrayList<>();
        long[] s = m.initialStates().get(0);
        out.add(s);
        for (int i = 0; i < steps; i++) {
            List<long[]> next = new ArrayList<>();
            w.successors(s, (a, n, v) -> next.add(n.clone()));
            if (next.isEmpty()) {
                break;
            }
            s = next.get(rnd.nextInt(next.size()));
            out.add(s);
        }
        return out;
    }

    /** Every field of a layout, dead ones (width 0) included. */
    static List<Field> allFields(StateLayout l) {
        List<Field> fields = new ArrayList<>();
        for (Field[] a : new Field[][] {l.cpuThread, l.cpuApi, l.cpuApk, l.vcpuInit, l.vcpuLoc, l.vcpuTarget,
            l.vcpuTrapClass, l.vcpuApi, l.vcpuApk}) {
            fields.addAll(Arrays.asList(a));
        }
        for (Field[][] aa : new Field[][][] {l.cpuReg, l.cpuHostCtx, l.vcpuSave, l.vcpuVersion, l.vcpuSigned}) {
            for (Field[] a : aa) {
                fields.addAll(Arrays.asList(a));
            }
        }
        return fields;
    }

    @Property(tries = 60)
    void packingRoundTripsEveryFieldOfRandomLayouts(@ForAll("specs") String spec, @ForAll long seed) {
        KvmModel m = TestSpecs.model(spec);
        Random rnd = new Random(seed);
        StateLayout l = m.layout;
        List<Field> fields = allFields(l);
        long[] s = new long[l.words];
        int[] values = new int[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            values[i] = f.width == 0 ? 0 : rnd.nextInt(1 << f.width);
            f.set(s, values[i]);
        }
        for (int i = 0; i < fields.size(); i++) {
            assertEquals(values[i], fields.get(i).get(s), "field " + i + " overlaps another");
        }
        assertTrue(l.bits <= l.words * 64);
    }

    @Property(tries = 60)
    void canonicalFormIsIdempotentAndInvariantUnderPermutingInterchangeableEntities(
            @ForAll("specs") String spec, @ForAll long seed) {
        KvmModel m = TestSpecs.model(spec);
        Canonicalizer canon = m.newCanonicalizer();
        Canonicalizer renamer = m.newCanonicalizer();
        Random rnd = new Random(seed);
        World w = m.world;
        for (long[] s : walk(m, seed, 60)) {
            long[] c = new long[s.length];
            canon.canonicalize(s, c);
            long[] cc = new long[s.length];
            canon.canonicalize(c, cc);
            assertArrayEquals(c, cc, "idempotent");
            // A random renaming within the symmetry classes.
            randomWithinClasses(renamer.cpuMap, w.cpuClass, rnd);
            randomWithinClasses(renamer.vmMap, w.vmClass, rnd);
            int[] all = new int[w.otherTasks];
            randomWithinClasses(renamer.taskMap, all, rnd);
            for (int i = 0; i < w.vms; i++) {
                int n = w.vmFirstVcpu[i + 1] - w.vmFirstVcpu[i];
                int[] perm = shuffled(n, rnd);
                for (int a = 0; a < n; a++) {
                    renamer.vcpuMap[w.vmFirstVcpu[i] + a] = w.vmFirstVcpu[renamer.vmMap[i]] + perm[a];
                }
            }
            long[] p = new long[s.length];
            renamer.rename(s, p);
            long[] cp = new long[s.length];
            canon.canonicalize(p, cp);
            assertArrayEquals(c, cp, "symmetric states share a representative");
            // The renamed state behaves the same: as many successors, same violations.
            assertEquals(successorMasks(m, s), successorMasks(m, p));
        }
    }

    private static List<Long> successorMasks(KvmModel m, long[] s) {
        List<Long> out = new ArrayList<>();
        m.newWorker().successors(s, (a, n, v) -> out.add(v));
        out.sort(null);
        return out;
    }

    private static void randomWithinClasses(int[] map, int[] cls, Random rnd) {
        for (int i = 0; i < map.length; i++) {
            map[i] = i;
        }
        for (int i = map.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            if (cls[i] == cls[j]) {
                int t = map[i];
                map[i] = map[j];
                map[j] = t;
            }
        }
    }

    private static int[] shuffled(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Property(tries = 60)
    void everySuccessorOfAReachableStateIsWellFormed(@ForAll("specs") String spec, @ForAll long seed) {
        KvmModel m = TestSpecs.model(spec);
        Model.Worker w = m.newWorker();
        for (long[] s : walk(m, seed, 80)) {
            w.successors(s, (a, n, v) -> wellFormed(m, n));
        }
    }

    /** What any state the model reaches must satisfy, whatever the policy. */
    static void wellFormed(KvmModel m, long[] s) {
        World w = m.world;
        StateLayout l = m.layout;
        int[] runningOn = new int[w.threadCount()];
        Arrays.fill(runningOn, -1);
        for (int p = 0; p < w.cpus; p++) {
            int t = l.cpuThread[p].get(s);
            assertTrue(t < w.threadCount());
            if (t != 0) {
                assertEquals(-1, runningOn[t], "a thread runs on one pCPU at most");
                runningOn[t] = p;
            } else {
                for (int k = 0; k < w.keys.length; k++) {
                    assertEquals(0, l.cpuReg[p][k].get(s), "an idle pCPU holds the idle task's (zero) keys");
                }
            }
            for (int k = 0; k < w.keys.length; k++) {
                assertTrue(l.cpuReg[p][k].get(s) < w.keyValueCount());
                assertTrue(l.cpuHostCtx[p][k].get(s) < w.keyValueCount());
            }
        }
        for (int g = 0; g < w.vcpus; g++) {
            int loc = l.vcpuLoc[g].get(s);
            assertTrue(loc < StateLayout.LOC_HANDLER + m.policy.handlerPositions);
            if (!l.vcpuInit[g].bit(s)) {
                assertEquals(StateLayout.LOC_OUT, loc, "an uninitialised vCPU never enters KVM_RUN");
            }
            if (loc == StateLayout.LOC_GUEST) {
                assertTrue(runningOn[w.vcpuThread(g)] >= 0, "a guest runs on a pCPU");
            }
            int tgt = l.vcpuTarget[g].get(s);
            if (tgt != 0) {
                assertTrue(loc >= StateLayout.LOC_HANDLER, "a resolved target only inside a handler");
                int pos = loc - StateLayout.LOC_HANDLER;
                HookProgram prog = m.policy.positionProgram[pos];
                Op op = prog.op[m.policy.positionInstruction[pos]];
                assertTrue(op instanceof Op.KeyMove km && km.kind().hostContext() && m.policy.positionSubStep[pos] > 0);
                assertTrue(tgt <= w.cpus);
            }
            for (int k = 0; k < w.keys.length; k++) {
                assertTrue(l.vcpuSave[g][k].get(s) < w.keyValueCount());
            }
        }
    }
}
