package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the parts of symmetry reduction: record offsets and the tie-permutation odometer. */
class SymmetryPartsTest {
    @Provide
    Arbitrary<String> specs() {
        return new ModelPropertiesTest().specs();
    }

    @Property(tries = 40)
    void namedRecordOffsetsReadTheFieldsTheLayoutNames(@ForAll("specs") String spec, @ForAll long seed) {
        KvmModel m = TestSpecs.model(spec);
        StateLayout l = m.layout;
        World w = m.world;
        Records records = new Records(w, l);
        Random rnd = new Random(seed);
        long[] s = new long[l.words];
        for (Field f : ModelPropertiesTest.allFields(l)) {
            f.set(s, f.width == 0 ? 0 : rnd.nextInt(1 << f.width));
        }
        int[] cpus = new int[w.cpus * records.cpuFields];
        int[] vcpus = new int[w.vcpus * records.vcpuFields];
        records.readCpus(s, cpus);
        records.readVcpus(s, vcpus);
        for (int p = 0; p < w.cpus; p++) {
            int b = p * records.cpuFields;
            assertEquals(l.cpuThread[p].get(s), cpus[b + Records.CPU_THREAD]);
            assertEquals(l.cpuApi[p].get(s), cpus[b + records.cpuApi]);
            assertEquals(l.cpuApk[p].get(s), cpus[b + records.cpuApk]);
            for (int k = 0; k < records.keys; k++) {
                assertEquals(l.cpuReg[p][k].get(s), cpus[b + records.cpuReg(k)]);
                assertEquals(l.cpuHostCtx[p][k].get(s), cpus[b + records.cpuHostCtx(k)]);
            }
        }
        for (int g = 0; g < w.vcpus; g++) {
            int b = g * records.vcpuFields;
            assertEquals(l.vcpuInit[g].get(s), vcpus[b + Records.VCPU_INIT]);
            assertEquals(l.vcpuLoc[g].get(s), vcpus[b + Records.VCPU_LOC]);
            assertEquals(l.vcpuTarget[g].get(s), vcpus[b + Records.VCPU_TARGET]);
            assertEquals(l.vcpuTrapClass[g].get(s), vcpus[b + Records.VCPU_TRAP_CLASS]);
            assertEquals(l.vcpuApi[g].get(s), vcpus[b + Records.VCPU_API]);
            assertEquals(l.vcpuApk[g].get(s), vcpus[b + Records.VCPU_APK]);
            for (int k = 0; k < records.keys; k++) {
                assertEquals(l.vcpuSave[g][k].get(s), vcpus[b + records.vcpuSave(k)]);
                assertEquals(l.vcpuVersion[g][k].get(s), vcpus[b + records.vcpuVersion(k)]);
                assertEquals(l.vcpuSigned[g][k].get(s), vcpus[b + records.vcpuSigned(k)]);
            }
        }
        // Writing every record back into a zeroed state rebuilds it: the records cover every field.
        long[] rebuilt = new long[l.words];
        for (int p = 0; p < w.cpus; p++) {
            records.writeCpu(rebuilt, p, cpus, p * records.cpuFields);
        }
        for (int g = 0; g < w.vcpus; g++) {
            records.writeVcpu(rebuilt, g, vcpus, g * records.vcpuFields);
        }
        assertArrayEquals(s, rebuilt);
    }

    @Provide
    Arbitrary<int[]> signatures() {
        return Arbitraries.integers().between(0, 3).array(int[].class).ofMinSize(0).ofMaxSize(7);
    }

    /**
     * Two orders sorted by signature: the odometer visits every combination of permutations of their
     * tied runs exactly once (runs containing a "fixed" entry excepted), each order stays sorted by
     * signature, and it ends with both orders back as sorted.
     */
    @Property(tries = 300)
    void tieOdometerVisitsEveryOrderOfTiedRunsOnce(@ForAll("signatures") int[] first, @ForAll("signatures") int[] second,
                                                   @ForAll long seed) {
        long[] signature = new long[first.length + second.length];
        for (int i = 0; i < first.length; i++) {
            signature[i] = first[i];
        }
        for (int i = 0; i < second.length; i++) {
            signature[first.length + i] = second[i];
        }
        boolean[] fixed = new boolean[signature.length];
        Random rnd = new Random(seed);
        for (int i = 0; i < fixed.length; i++) {
            fixed[i] = rnd.nextInt(4) == 0;
        }
        TiePermutations.RunPredicate anyFixed = (order, from, to) -> {
            for (int i = from; i < to; i++) {
                if (fixed[order[i]]) {
                    return true;
                }
            }
            return false;
        };
        int[] a = shuffledRange(0, first.length, rnd);
        int[] b = shuffledRange(first.length, signature.length, rnd);
        TiePermutations ties = new TiePermutations(signature.length);
        ties.clear();
        ties.addSorted(a, signature, anyFixed);
        ties.addSorted(b, signature, anyFixed);
        int[] sortedA = a.clone();
        int[] sortedB = b.clone();
        long expected = combinations(sortedA, signature, fixed) * combinations(sortedB, signature, fixed);
        Set<String> seen = new HashSet<>();
        do {
            assertSortedBySignature(a, signature);
            assertSortedBySignature(b, signature);
            assertTrue(seen.add(Arrays.toString(a) + Arrays.toString(b)), "an order was visited twice");
        } while (ties.advance());
        assertEquals(expected, seen.size());
        assertArrayEquals(sortedA, a);
        assertArrayEquals(sortedB, b);
    }

    /** Product over runs of equal signature without a fixed entry of (run length)!. */
    private static long combinations(int[] sorted, long[] signature, boolean[] fixed) {
        long product = 1;
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            boolean anyFixed = false;
            while (j < sorted.length && signature[sorted[j]] == signature[sorted[i]]) {
                anyFixed |= fixed[sorted[j]];
                j++;
            }
            if (!anyFixed) {
                for (int n = 2; n <= j - i; n++) {
                    product *= n;
                }
            }
            i = j;
        }
        return product;
    }

    private static void assertSortedBySignature(int[] order, long[] signature) {
        for (int i = 1; i < order.length; i++) {
            assertTrue(signature[order[i - 1]] <= signature[order[i]], "order not sorted by signature");
        }
    }

    private static int[] shuffledRange(int from, int to, Random rnd) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        for (int i = out.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }
}
