package trapcheck.kvm;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Key symmetry: the key columns of a state (what each modelled key holds in every pCPU and vCPU)
 * permuted within each class of interchangeable keys ({@link KeySymmetry}). The columns of a class
 * are ordered by a signature no renaming changes (each row with owners seen from its place and pCPUs
 * by class, combined order-free), and every order of tied columns that are not identical is tried;
 * the canonicaliser renames the entities under each. Allocation-free once built.
 */
final class KeyColumns {
    private final World world;
    private final Records records;
    private final KeyOwners owners;

    /** The state's records as read, before any column is moved. */
    private final int[] stateCpus;
    private final int[] stateVcpus;
    private final long[] columnSig;
    /** Key slot j receives the column of key keyOrder[j]. */
    private final int[] keyOrder;
    /** Per class with two or more keys: its keys, ascending. */
    private final int[][] classKeys;
    /** The same keys in the order being tried. */
    private final int[][] classOrder;
    private final TiePermutations ties;
    private final TiePermutations.RunPredicate identicalColumns = this::identicalColumns;

    KeyColumns(World world, Records records, KeyOwners owners, KeySymmetry symmetry) {
        this.world = world;
        this.records = records;
        this.owners = owners;
        int keys = records.keys;
        stateCpus = new int[world.cpus * records.cpuFields];
        stateVcpus = new int[world.vcpus * records.vcpuFields];
        columnSig = new long[keys];
        keyOrder = IntStream.range(0, keys).toArray(); // keys alone in their class stay in place
        int[] keyClass = symmetry.keyClasses();
        List<int[]> classes = new ArrayList<>();
        for (int c = 0; c < keys; c++) {
            final int cls = c;
            int[] members = IntStream.range(0, keys).filter(k -> keyClass[k] == cls).toArray();
            if (members.length > 1) {
                classes.add(members);
            }
        }
        classKeys = classes.toArray(new int[0][]);
        classOrder = new int[classKeys.length][];
        for (int c = 0; c < classKeys.length; c++) {
            classOrder[c] = new int[classKeys[c].length];
        }
        ties = new TiePermutations(keys);
    }

    /** Reads the state and sorts each class's columns by signature; the first order to try is set. */
    void read(long[] s) {
        records.readCpus(s, stateCpus);
        records.readVcpus(s, stateVcpus);
        for (int k = 0; k < records.keys; k++) {
            columnSig[k] = columnSignature(k);
        }
        ties.clear();
        for (int c = 0; c < classKeys.length; c++) {
            int[] order = classOrder[c];
            System.arraycopy(classKeys[c], 0, order, 0, order.length);
            ties.addSorted(order, columnSig, identicalColumns);
        }
    }

    /** Moves to the next order of tied columns; false when all were tried. */
    boolean advance() {
        return ties.advance();
    }

    private long columnSignature(int k) {
        long h = 0;
        int[] cpuClass = world.cpuClass;
        for (int g = 0; g < world.vcpus; g++) {
            int b = g * records.vcpuFields;
            long row = world.vmClass[world.vcpuVm[g]];
            for (int f = 0; f < Records.VCPU_HEADER; f++) {
                int value = stateVcpus[b + f];
                row = 31 * row + (f == Records.VCPU_TARGET ? EntitySignatures.targetClass(cpuClass, value) : value);
            }
            row = 31 * row + owners.seenFrom(g)[stateVcpus[b + records.vcpuSave(k)]];
            row = 31 * row + stateVcpus[b + records.vcpuVersion(k)];
            row = 31 * row + stateVcpus[b + records.vcpuSigned(k)];
            h += EntitySignatures.mix(row, 1);
        }
        for (int p = 0; p < world.cpus; p++) {
            int b = p * records.cpuFields;
            int thread = stateCpus[b + Records.CPU_THREAD];
            int g = world.threadVcpu(thread);
            long row = 1 + cpuClass[p];
            row = 31 * row + (thread == 0 ? 0 : g < 0 ? 1 : 2);
            row = 31 * row + (stateCpus[b + records.cpuApi] * 2 + stateCpus[b + records.cpuApk]);
            row = 31 * row + owners.seenOnCpu(stateCpus[b + records.cpuReg(k)], g);
            row = 31 * row + owners.seenOnCpu(stateCpus[b + records.cpuHostCtx(k)], g);
            h += EntitySignatures.mix(row, 2);
        }
        return h;
    }

    /** Whether the keys order[from .. to) hold the same in every place: then their order does not matter. */
    private boolean identicalColumns(int[] order, int from, int to) {
        for (int j = from + 1; j < to; j++) {
            if (!sameColumn(order[from], order[j])) {
                return false;
            }
        }
        return true;
    }

    private boolean sameColumn(int a, int b) {
        for (int base = 0; base < stateCpus.length; base += records.cpuFields) {
            if (stateCpus[base + records.cpuReg(a)] != stateCpus[base + records.cpuReg(b)]
                    || stateCpus[base + records.cpuHostCtx(a)] != stateCpus[base + records.cpuHostCtx(b)]) {
                return false;
            }
        }
        for (int base = 0; base < stateVcpus.length; base += records.vcpuFields) {
            if (stateVcpus[base + records.vcpuSave(a)] != stateVcpus[base + records.vcpuSave(b)]
                    || stateVcpus[base + records.vcpuVersion(a)] != stateVcpus[base + records.vcpuVersion(b)]
                    || stateVcpus[base + records.vcpuSigned(a)] != stateVcpus[base + records.vcpuSigned(b)]) {
                return false;
            }
        }
        return true;
    }

    /** The state's records with each class's slots receiving its keys' columns in the order being tried. */
    void permuteInto(int[] cpuRecords, int[] vcpuRecords) {
        for (int c = 0; c < classKeys.length; c++) {
            for (int i = 0; i < classKeys[c].length; i++) {
                keyOrder[classKeys[c][i]] = classOrder[c][i];
            }
        }
        System.arraycopy(stateCpus, 0, cpuRecords, 0, stateCpus.length);
        System.arraycopy(stateVcpus, 0, vcpuRecords, 0, stateVcpus.length);
        for (int slot = 0; slot < keyOrder.length; slot++) {
            int k = keyOrder[slot];
            if (k == slot) {
                continue;
            }
            for (int base = 0; base < stateCpus.length; base += records.cpuFields) {
                cpuRecords[base + records.cpuReg(slot)] = stateCpus[base + records.cpuReg(k)];
                cpuRecords[base + records.cpuHostCtx(slot)] = stateCpus[base + records.cpuHostCtx(k)];
            }
            for (int base = 0; base < stateVcpus.length; base += records.vcpuFields) {
                vcpuRecords[base + records.vcpuSave(slot)] = stateVcpus[base + records.vcpuSave(k)];
                vcpuRecords[base + records.vcpuVersion(slot)] = stateVcpus[base + records.vcpuVersion(k)];
                vcpuRecords[base + records.vcpuSigned(slot)] = stateVcpus[base + records.vcpuSigned(k)];
            }
        }
    }
}
