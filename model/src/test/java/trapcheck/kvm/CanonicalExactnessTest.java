package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import trapcheck.engine.Explorer;
import trapcheck.engine.Model;
import trapcheck.engine.Options;

/**
 * The representative is exact: the engine with symmetry stores exactly one state per orbit. The
 * orbits are counted by brute force — every reachable state (no symmetry), each mapped to the least
 * encoding over every renaming of interchangeable entities — and compared with the engine's count.
 */
class CanonicalExactnessTest {
    private static final String TWO_VCPU_VM = """
              cpus:
                - { name: cpu, count: 2, address: qarma5, generic: qarma5 }
              vms:
                - { name: vm0, vcpus: 2, request: [address, generic] }
              other_tasks: 2
            """;
    private static final String THREE_CPUS = """
              cpus:
                - { name: cpu, count: 3, address: qarma5, generic: qarma5 }
              vms:
                - { name: vm0, vcpus: 1, request: [address, generic] }
                - { name: vm1, vcpus: 1, request: [address, generic] }
            """;

    private static final String ONE_VM = """
              cpus:
                - { name: cpu, count: 2, address: qarma5, generic: qarma5 }
              vms:
                - { name: vm0, vcpus: 1, request: [address, generic] }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"2x2-58", "2x2-52-ok", "vm2-tasks2", "3x2-apga", "keys-58", "keys-interleaved",
        "keys-2vms"})
    void symmetricCountEqualsBruteForceOrbitCount(String which) {
        String spec = switch (which) {
            case "2x2-58" -> TestSpecs.spec(TestSpecs.TWO_BY_TWO, "[APIA, APGA]", TestSpecs.HOOKS_58);
            case "2x2-52-ok" -> TestSpecs.spec(TestSpecs.TWO_BY_TWO, "[APGA]", TestSpecs.HOOKS_52)
                    .replace("  lazy: true\n", "  lazy: true\n") + "check: { invariants: [trap-bits-match-vcpu] }\n";
            case "vm2-tasks2" -> TestSpecs.spec(TWO_VCPU_VM, "[APGA]", TestSpecs.HOOKS_52)
                    + "check: { invariants: [trap-bits-match-vcpu] }\n";
            case "keys-58" -> TestSpecs.spec(ONE_VM, "[APIA, APIB, APDA, APGA]", TestSpecs.HOOKS_58);
            // ops that name APIA with APDA and APIB with APDB: two interleaved key classes
            case "keys-interleaved" -> TestSpecs.spec(ONE_VM, "[APIA, APIB, APDA, APDB]", TestSpecs.HOOKS_58
                    .replace("then: [ save_host_keys,", "then: [ { save_host_keys: [APIA, APDA] }, { save_host_keys: [APIB, APDB] },"));
            case "keys-2vms" -> TestSpecs.spec(TestSpecs.TWO_BY_TWO.replace("count: 2", "count: 1"), "[APIA, APIB]",
                    TestSpecs.HOOKS_58);
            default -> TestSpecs.spec(THREE_CPUS, "[APGA]", TestSpecs.HOOKS_58);
        };
        KvmModel m = TestSpecs.model(spec);
        long engine = Explorer.explore(m, Options.defaults().withThreads(2)).stats().distinct();
        assertEquals(bruteForceOrbits(m), engine, which);
    }

    static long bruteForceOrbits(KvmModel m) {
        List<int[][]> renamings = renamings(m.world);
        Canonicalizer renamer = m.newCanonicalizer();
        Model.Worker worker = m.newWorker();
        Set<String> seen = new HashSet<>();
        Set<String> orbits = new HashSet<>();
        ArrayDeque<long[]> queue = new ArrayDeque<>();
        long[] init = m.initialStates().get(0);
        seen.add(Arrays.toString(init));
        queue.add(init);
        long[] tmp = new long[init.length];
        List<int[]> keyPerms = keyPermutations(m.keySymmetry.keyClasses());
        long[] keyed = new long[init.length];
        while (!queue.isEmpty()) {
            long[] s = queue.poll();
            String least = null;
            for (int[] kp : keyPerms) {
            permuteKeys(m, s, kp, keyed);
            for (int[][] r : renamings) {
                System.arraycopy(r[0], 0, renamer.cpuMap, 0, r[0].length);
                System.arraycopy(r[1], 0, renamer.vmMap, 0, r[1].length);
                System.arraycopy(r[2], 0, renamer.vcpuMap, 0, r[2].length);
                System.arraycopy(r[3], 0, renamer.taskMap, 0, r[3].length);
                renamer.rename(keyed, tmp);
                String e = Arrays.toString(Arrays.stream(tmp).mapToObj(Long::toUnsignedString).toArray());
                if (least == null || e.compareTo(least) < 0) {
                    least = e;
                }
            }
            }
            orbits.add(least);
            worker.successors(s, (a, n, v) -> {
                if (seen.add(Arrays.toString(n))) {
                    queue.add(n.clone());
                }
            });
        }
        return orbits.size();
    }

    /** Every permutation of the modelled keys that maps each key into its own class. */
    static List<int[]> keyPermutations(int[] keyClass) {
        List<int[]> out = new ArrayList<>();
        for (int[] p : perms(keyClass.length)) {
            if (respects(p, keyClass)) {
                out.add(p);
            }
        }
        return out;
    }

    /** out := s with key slot j holding what key perm[j] held. */
    static void permuteKeys(KvmModel m, long[] s, int[] perm, long[] out) {
        System.arraycopy(s, 0, out, 0, s.length);
        StateLayout l = m.layout;
        for (int j = 0; j < perm.length; j++) {
            int k = perm[j];
            for (int p = 0; p < m.world.cpus; p++) {
                l.cpuReg[p][j].set(out, l.cpuReg[p][k].get(s));
                l.cpuHostCtx[p][j].set(out, l.cpuHostCtx[p][k].get(s));
            }
            for (int g = 0; g < m.world.vcpus; g++) {
                l.vcpuSave[g][j].set(out, l.vcpuSave[g][k].get(s));
                l.vcpuVersion[g][j].set(out, l.vcpuVersion[g][k].get(s));
                l.vcpuSigned[g][j].set(out, l.vcpuSigned[g][k].get(s));
            }
        }
    }

    /** Every renaming: (cpuMap, vmMap, vcpuMap, taskMap) within the symmetry classes. */
    static List<int[][]> renamings(World w) {
        List<int[][]> out = new ArrayList<>();
        for (int[] cpu : perms(w.cpus)) {
            if (!respects(cpu, w.cpuClass)) {
                continue;
            }
            for (int[] vm : perms(w.vms)) {
                if (!respects(vm, w.vmClass)) {
                    continue;
                }
                for (int[] vcpu : perms(w.vcpus)) {
                    boolean ok = true;
                    for (int g = 0; g < w.vcpus && ok; g++) {
                        ok = w.vcpuVm[vcpu[g]] == vm[w.vcpuVm[g]];
                    }
                    if (!ok) {
                        continue;
                    }
                    for (int[] task : perms(w.otherTasks)) {
                        out.add(new int[][] {cpu, vm, vcpu, task});
                    }
                }
            }
        }
        return out;
    }

    private static boolean respects(int[] perm, int[] cls) {
        for (int i = 0; i < perm.length; i++) {
            if (cls[perm[i]] != cls[i]) {
                return false;
            }
        }
        return true;
    }

    static List<int[]> perms(int n) {
        List<int[]> out = new ArrayList<>();
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        do {
            out.add(a.clone());
        } while (TiePermutations.nextPermutation(a, 0, n) && n > 0);
        return out;
    }
}
