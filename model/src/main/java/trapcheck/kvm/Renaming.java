package trapcheck.kvm;

import java.util.Arrays;

/**
 * One renaming of entities applied to a state held as {@link Records}. A renaming of threads (other
 * tasks, VMs, vCPUs) renames the key values (whose key a register holds) and the thread each pCPU
 * runs; a renaming of pCPUs reorders the pCPU records and renames the pCPU a key op in progress
 * targets. The thread maps are set by the caller; the pCPU map is either set too or derived by
 * ordering each class's pCPUs by their renamed records. Allocation-free.
 */
final class Renaming {
    private final World world;
    private final Records records;

    /** Old index → new index. */
    final int[] taskMap;
    final int[] vmMap;
    final int[] vcpuMap;
    final int[] cpuMap;
    private final int[] keyMap;     // key value → renamed key value
    private final int[] threadMap;  // thread → renamed thread

    private final int[] renamedCpus;  // renamed pCPU records, by old index
    private final int[] incoming;     // per old pCPU: bit set of renamed vCPUs whose key op targets it
    private final int[] renamedVcpu;  // one renamed vCPU record
    private final int[] cpuOrder;     // scratch: one class's pCPUs in renamed-record order

    Renaming(World world, Records records) {
        this.world = world;
        this.records = records;
        taskMap = new int[world.otherTasks];
        vmMap = new int[world.vms];
        vcpuMap = new int[world.vcpus];
        cpuMap = new int[world.cpus];
        keyMap = new int[world.keyValueCount()];
        threadMap = new int[world.threadCount()];
        renamedCpus = new int[world.cpus * records.cpuFields];
        incoming = new int[world.cpus];
        renamedVcpu = new int[records.vcpuFields];
        cpuOrder = new int[world.cpus];
    }

    /**
     * Writes the state whose records are given, renamed by the thread maps, into {@code out}; with
     * {@code sortCpus} the pCPUs of each class are first ordered by their renamed records (and
     * cpuMap set), else the caller's cpuMap is used.
     */
    void encode(int[] cpuRecords, int[] vcpuRecords, long[] out, boolean sortCpus) {
        buildValueMaps();
        int cpuFields = records.cpuFields;
        int cpuKeysEnd = records.cpuKeysEnd;
        for (int base = 0; base < cpuRecords.length; base += cpuFields) {
            renamedCpus[base + Records.CPU_THREAD] = threadMap[cpuRecords[base + Records.CPU_THREAD]];
            int keysEnd = base + cpuKeysEnd;
            for (int f = base + Records.CPU_FIRST_KEY; f < keysEnd; f++) {
                renamedCpus[f] = keyMap[cpuRecords[f]];
            }
            for (int f = keysEnd; f < base + cpuFields; f++) {
                renamedCpus[f] = cpuRecords[f];
            }
        }
        int vcpuFields = records.vcpuFields;
        if (sortCpus) {
            Arrays.fill(incoming, 0);
            for (int g = 0; g < world.vcpus; g++) {
                int target = vcpuRecords[g * vcpuFields + Records.VCPU_TARGET];
                if (target != 0) {
                    incoming[target - 1] |= 1 << vcpuMap[g];
                }
            }
            sortCpus();
        }
        Arrays.fill(out, 0L);
        for (int p = 0; p < world.cpus; p++) {
            records.writeCpu(out, cpuMap[p], renamedCpus, p * cpuFields);
        }
        int vcpuKeysEnd = records.vcpuKeysEnd;
        for (int g = 0; g < world.vcpus; g++) {
            System.arraycopy(vcpuRecords, g * vcpuFields, renamedVcpu, 0, vcpuFields);
            int target = renamedVcpu[Records.VCPU_TARGET];
            renamedVcpu[Records.VCPU_TARGET] = target == 0 ? 0 : cpuMap[target - 1] + 1;
            for (int f = Records.VCPU_SAVE; f < vcpuKeysEnd; f++) {
                renamedVcpu[f] = keyMap[renamedVcpu[f]];
            }
            records.writeVcpu(out, vcpuMap[g], renamedVcpu, 0);
        }
    }

    private void buildValueMaps() {
        keyMap[0] = 0;
        for (int j = 0; j < world.otherTasks; j++) {
            keyMap[world.otherKey(j)] = world.otherKey(taskMap[j]);
        }
        for (int i = 0; i < world.vms; i++) {
            keyMap[world.vmmKey(i)] = world.vmmKey(vmMap[i]);
        }
        for (int g = 0; g < world.vcpus; g++) {
            int from = world.guestKey(g, 0);
            int to = world.guestKey(vcpuMap[g], 0);
            for (int n = 0; n < world.keyVersions; n++) {
                keyMap[from + n] = to + n;
            }
        }
        threadMap[0] = 0;
        for (int j = 0; j < world.otherTasks; j++) {
            threadMap[1 + j] = 1 + taskMap[j];
        }
        for (int g = 0; g < world.vcpus; g++) {
            threadMap[world.vcpuThread(g)] = world.vcpuThread(vcpuMap[g]);
        }
    }

    /** Within each class, the class's positions receive its members in renamed-record order. */
    private void sortCpus() {
        int[] cpuClass = world.cpuClass;
        for (int p = 0; p < world.cpus; p++) {
            if (cpuClass[p] != p) {
                continue;
            }
            int n = 0;
            for (int q = p; q < world.cpus; q++) {
                if (cpuClass[q] == p) {
                    cpuOrder[n++] = q;
                }
            }
            for (int i = 1; i < n; i++) {
                int x = cpuOrder[i];
                int j = i - 1;
                while (j >= 0 && cpuLess(x, cpuOrder[j])) {
                    cpuOrder[j + 1] = cpuOrder[j];
                    j--;
                }
                cpuOrder[j + 1] = x;
            }
            int k = 0;
            for (int q = p; q < world.cpus; q++) {
                if (cpuClass[q] == p) {
                    cpuMap[cpuOrder[k++]] = q;
                }
            }
        }
    }

    /** Exact order of renamed pCPU records (no hashing: a collision here would cost canonicity). */
    private boolean cpuLess(int a, int b) {
        int cpuFields = records.cpuFields;
        int x = a * cpuFields;
        int y = b * cpuFields;
        for (int f = 0; f < cpuFields; f++) {
            if (renamedCpus[x + f] != renamedCpus[y + f]) {
                return renamedCpus[x + f] < renamedCpus[y + f];
            }
        }
        return incoming[a] < incoming[b];
    }
}
