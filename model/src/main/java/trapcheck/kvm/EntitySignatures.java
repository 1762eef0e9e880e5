package trapcheck.kvm;

import java.util.Arrays;

/**
 * For the state being canonicalised (as {@link Records}), a signature per thread entity that no
 * renaming changes — its own record with key owners seen from it ("mine", "my VM's", "someone
 * else's") and pCPUs by class — and which entities are isolated: nothing outside them refers to them
 * and they refer to no pCPU (the thread runs nowhere, no key op is in progress, its keys lie only in
 * its own save areas). Isolated entities with equal signatures have equal records, so every order
 * of them encodes the same state. One instance per canonicaliser; recomputed per candidate key order.
 * Isolation matters only to a run of equal signatures, so it is computed only when one is found.
 */
final class EntitySignatures {
    private final World world;
    private final Records records;
    private final KeyOwners owners;

    /** Thread → the pCPU it runs on, -1: none. */
    final int[] runningOn;
    final long[] vcpuSig;
    final long[] vmSig;
    final long[] taskSig;
    final boolean[] taskIsolated;
    final boolean[] vmIsolated;
    final boolean[] vcpuIsolated;
    private final long[] vmMemberSigs;  // scratch: the vCPU signatures of one VM, sorted
    /** The records last given to {@link #compute}, and whether their isolation flags are computed. */
    private int[] cpuRecords;
    private int[] vcpuRecords;
    private boolean isolationKnown;

    EntitySignatures(World world, Records records, KeyOwners owners) {
        this.world = world;
        this.records = records;
        this.owners = owners;
        runningOn = new int[world.threadCount()];
        vcpuSig = new long[world.vcpus];
        vmSig = new long[world.vms];
        taskSig = new long[world.otherTasks];
        taskIsolated = new boolean[world.otherTasks];
        vmIsolated = new boolean[world.vms];
        vcpuIsolated = new boolean[world.vcpus];
        vmMemberSigs = new long[Math.max(world.vcpus, 1)];
    }

    /**
     * Computes every signature of the state whose records are given (kept, not copied, until the
     * next call); the isolation flags follow on demand ({@link #computeIsolation}), since only a
     * tie between signatures asks for them.
     */
    void compute(int[] cpuRecords, int[] vcpuRecords) {
        this.cpuRecords = cpuRecords;
        this.vcpuRecords = vcpuRecords;
        isolationKnown = false;
        int cpuFields = records.cpuFields;
        Arrays.fill(runningOn, -1);
        for (int p = 0; p < world.cpus; p++) {
            int thread = cpuRecords[p * cpuFields + Records.CPU_THREAD];
            if (thread != 0) {
                runningOn[thread] = p;
            }
        }
        for (int g = 0; g < world.vcpus; g++) {
            vcpuSig[g] = vcpuSignature(g, cpuRecords, vcpuRecords);
        }
        for (int i = 0; i < world.vms; i++) {
            int from = world.vmFirstVcpu[i];
            int n = world.vmFirstVcpu[i + 1] - from;
            long h = world.vmClass[i];
            if (n == 1) {
                h = mix(h, vcpuSig[from]);
            } else {
                System.arraycopy(vcpuSig, from, vmMemberSigs, 0, n);
                Arrays.sort(vmMemberSigs, 0, n);
                for (int k = 0; k < n; k++) {
                    h = mix(h, vmMemberSigs[k]);
                }
            }
            vmSig[i] = h;
        }
        for (int j = 0; world.otherTasks > 1 && j < world.otherTasks; j++) { // one task has nothing to order
            int cpu = runningOn[1 + j];
            int key = world.otherKey(j);
            int uses = 0;
            for (int p = 0; p < world.cpus; p++) {
                for (int f = p * cpuFields + Records.CPU_FIRST_KEY, end = p * cpuFields + records.cpuKeysEnd; f < end; f++) {
                    uses += cpuRecords[f] == key ? 1 : 0;
                }
            }
            taskSig[j] = mix(cpuClassOrNone(cpu), uses);
        }
    }

    /** Computes the isolation flags of the state last given to {@link #compute}, once. */
    void computeIsolation() {
        if (isolationKnown) {
            return;
        }
        isolationKnown = true;
        int cpuFields = records.cpuFields;
        int vcpuFields = records.vcpuFields;
        Arrays.fill(taskIsolated, true);
        Arrays.fill(vmIsolated, true);
        Arrays.fill(vcpuIsolated, true);
        for (int p = 0; p < world.cpus; p++) {
            int base = p * cpuFields;
            int thread = cpuRecords[base + Records.CPU_THREAD];
            if (thread != 0) {
                int g = world.threadVcpu(thread);
                if (g >= 0) {
                    vcpuIsolated[g] = false;
                    vmIsolated[world.vcpuVm[g]] = false;
                } else {
                    taskIsolated[thread - 1] = false;
                }
            }
            for (int f = base + Records.CPU_FIRST_KEY; f < base + records.cpuKeysEnd; f++) {
                refer(cpuRecords[f], -1, -1);
            }
        }
        for (int g = 0; g < world.vcpus; g++) {
            int base = g * vcpuFields;
            for (int f = base + Records.VCPU_SAVE; f < base + records.vcpuKeysEnd; f++) {
                refer(vcpuRecords[f], g, world.vcpuVm[g]);
            }
            if (vcpuRecords[base + Records.VCPU_TARGET] != 0) {
                // A key op in progress names a pCPU: swapping this vCPU would move that reference.
                vcpuIsolated[g] = false;
                vmIsolated[world.vcpuVm[g]] = false;
            }
        }
    }

    /** Key value v lies in a place of vCPU {@code g} of VM {@code vm} (-1, -1: a pCPU's). */
    private void refer(int v, int g, int vm) {
        int task = owners.task[v];
        if (task >= 0) {
            taskIsolated[task] = false;
            return;
        }
        int owner = owners.vm[v];
        if (owner >= 0 && owner != vm) {
            vmIsolated[owner] = false;
        }
        int ownerVcpu = owners.vcpu[v];
        if (ownerVcpu >= 0 && ownerVcpu != g) {
            vcpuIsolated[ownerVcpu] = false;
        }
    }

    private long vcpuSignature(int g, int[] cpuRecords, int[] vcpuRecords) {
        int[] seen = owners.seenFrom(g);
        int base = g * records.vcpuFields;
        // A polynomial over the fields (cheap per field), mixed once at the end.
        long h = world.vmClass[world.vcpuVm[g]];
        for (int f = 0; f < Records.VCPU_HEADER; f++) {
            if (f != Records.VCPU_TARGET) { // it names a pCPU: only its class is invariant
                h = 31 * h + vcpuRecords[base + f];
            }
        }
        h = 31 * h + targetClass(world.cpuClass, vcpuRecords[base + Records.VCPU_TARGET]);
        for (int f = base + Records.VCPU_SAVE; f < base + records.vcpuKeysEnd; f++) {
            h = 31 * h + seen[vcpuRecords[f]];
        }
        for (int f = base + records.vcpuKeysEnd; f < base + records.vcpuFields; f++) {
            h = 31 * h + vcpuRecords[f];
        }
        int cpu = runningOn[world.vcpuThread(g)];
        h = 31 * h + cpuClassOrNone(cpu);
        if (cpu >= 0) {
            int cpuBase = cpu * records.cpuFields;
            for (int f = cpuBase + Records.CPU_FIRST_KEY; f < cpuBase + records.cpuKeysEnd; f++) {
                h = 31 * h + seen[cpuRecords[f]];
            }
        }
        return mix(h, 0);
    }

    /** A {@link Records#VCPU_TARGET} value with the pCPU's name taken out: 0 none, else 1 + its class. */
    static int targetClass(int[] cpuClass, int target) {
        return target == 0 ? 0 : 1 + cpuClass[target - 1];
    }

    /** A pCPU index (-1: none) with its name taken out: 0 none, else 1 + its class. */
    private int cpuClassOrNone(int cpu) {
        return cpu < 0 ? 0 : 1 + world.cpuClass[cpu];
    }

    static long mix(long h, long v) {
        long x = (h ^ v) * 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 29);
    }
}
