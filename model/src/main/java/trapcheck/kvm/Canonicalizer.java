package trapcheck.kvm;

import java.util.Arrays;

/**
 * Symmetry reduction: maps a state to the representative of its class under renaming of
 * interchangeable entities — pCPUs with identical features, VMs with identical configuration, the
 * vCPUs of one VM, and the other tasks (Rumur's scalarsets, computed exactly).
 *
 * <p>How. A renaming of threads (tasks, VMs, vCPUs) renames key values (whose key a register holds)
 * and the thread each pCPU runs; a renaming of pCPUs reorders pCPU records and the host context a key
 * op in progress targets. The representative is the least encoding over all renamings. We do not
 * enumerate them all: each thread entity gets a signature that no renaming changes (its own record
 * with key owners abstracted to "mine", "my VM's", "someone else's"), entities are sorted by it, and
 * only renamings that respect that order are tried — all permutations within runs of equal
 * signatures. For each, pCPUs are simply sorted by their renamed record plus the set of vCPUs whose
 * key op targets them, which leaves ties only between pCPUs whose swap changes nothing. Because the
 * signatures are invariant, symmetric states try the same set of encodings, hence get the same
 * minimum: the form is canonical, not a heuristic.
 *
 * <p>One instance per worker thread (it owns scratch arrays).
 */
final class Canonicalizer {
    private final World w;
    private final StateLayout l;
    private final Semantics sem;
    private final boolean active;
    private final int keys;

    // signatures and orders (old indices sorted by signature)
    private final long[] vcpuSig;
    private final long[] vmSig;
    private final long[] taskSig;
    private final int[] taskOrder;
    private final int[][] vmOrderByClass;
    private final int[][] vmPositionsByClass;
    private final int[][] vcpuOrderByVm;
    private final long[] sortKeys;

    // the renaming under test
    final int[] taskMap;
    final int[] vmMap;
    final int[] vcpuMap;
    final int[] cpuMap;
    private final int[] keyMap;
    private final int[] threadMap;

    // segments to permute: (array, from, to)
    private final int[][] segArray;
    private final int[] segFrom;
    private final int[] segTo;
    private int segments;

    private final long[] candidate;
    private final long[] best;
    private final int[][] cpuRecord;   // renamed pCPU record + incoming key-op targets, for sorting
    private final int[] cpuOrder;

    Canonicalizer(World w, StateLayout l, Semantics sem) {
        this.w = w;
        this.l = l;
        this.sem = sem;
        this.active = hasSymmetry(w);
        this.keys = w.keys.length;
        vcpuSig = new long[w.vcpus];
        vmSig = new long[w.vms];
        taskSig = new long[w.otherTasks];
        taskOrder = new int[w.otherTasks];
        int classes = 0;
        for (int c : w.vmClass) {
            classes = Math.max(classes, c + 1);
        }
        vmOrderByClass = new int[classes][];
        vmPositionsByClass = new int[classes][];
        for (int c = 0; c < classes; c++) {
            final int cls = c;
            vmPositionsByClass[c] = java.util.stream.IntStream.range(0, w.vms).filter(i -> w.vmClass[i] == cls).toArray();
            vmOrderByClass[c] = new int[vmPositionsByClass[c].length];
        }
        vcpuOrderByVm = new int[w.vms][];
        for (int i = 0; i < w.vms; i++) {
            vcpuOrderByVm[i] = new int[w.vmFirstVcpu[i + 1] - w.vmFirstVcpu[i]];
        }
        sortKeys = new long[Math.max(Math.max(w.vcpus, w.vms), Math.max(w.otherTasks, w.cpus)) + 1];
        taskMap = new int[w.otherTasks];
        vmMap = new int[w.vms];
        vcpuMap = new int[w.vcpus];
        cpuMap = new int[w.cpus];
        keyMap = new int[w.keyValueCount()];
        threadMap = new int[w.threadCount()];
        int maxSegs = w.otherTasks + w.vms + w.vcpus + 1;
        segArray = new int[maxSegs][];
        segFrom = new int[maxSegs];
        segTo = new int[maxSegs];
        candidate = new long[l.words];
        best = new long[l.words];
        cpuRecord = new int[w.cpus][2 * w.keys.length + 3];
        cpuOrder = new int[w.cpus];
    }

    /** Whether any two entities are interchangeable at all. */
    static boolean hasSymmetry(World w) {
        if (w.otherTasks > 1) {
            return true;
        }
        for (int p = 0; p < w.cpus; p++) {
            if (w.cpuClass[p] != p) {
                return true;
            }
        }
        for (int i = 0; i < w.vms; i++) {
            if (w.vmClass[i] != i || w.vmFirstVcpu[i + 1] - w.vmFirstVcpu[i] > 1) {
                return true;
            }
        }
        return false;
    }

    void canonicalize(long[] s, long[] out) {
        if (!active) {
            System.arraycopy(s, 0, out, 0, s.length);
            return;
        }
        signatures(s);
        segments = 0;
        sortBy(taskOrder, identity(taskOrder), taskSig);
        addTies(taskOrder, taskSig);
        for (int c = 0; c < vmOrderByClass.length; c++) {
            int[] order = vmOrderByClass[c];
            System.arraycopy(vmPositionsByClass[c], 0, order, 0, order.length);
            sortBy(order, order, vmSig);
            addTies(order, vmSig);
        }
        for (int i = 0; i < w.vms; i++) {
            int[] order = vcpuOrderByVm[i];
            for (int a = 0; a < order.length; a++) {
                order[a] = w.vmFirstVcpu[i] + a;
            }
            sortBy(order, order, vcpuSig);
            addTies(order, vcpuSig);
        }
        boolean first = true;
        while (true) {
            mapsFromOrders();
            renameSortingCpus(s, candidate);
            if (first || compare(candidate, best) < 0) {
                System.arraycopy(candidate, 0, best, 0, best.length);
                first = false;
            }
            if (!advance()) {
                break;
            }
        }
        System.arraycopy(best, 0, out, 0, best.length);
    }

    private static int[] identity(int[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Sorts {@code order} (holding entity indices) by signature, then index. */
    private void sortBy(int[] order, int[] src, long[] sig) {
        for (int i = 1; i < order.length; i++) {
            int x = order[i];
            int j = i - 1;
            while (j >= 0 && (sig[order[j]] > sig[x] || (sig[order[j]] == sig[x] && order[j] > x))) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = x;
        }
    }

    private void addTies(int[] order, long[] sig) {
        int i = 0;
        while (i < order.length) {
            int j = i + 1;
            while (j < order.length && sig[order[j]] == sig[order[i]]) {
                j++;
            }
            if (j - i > 1) {
                segArray[segments] = order;
                segFrom[segments] = i;
                segTo[segments] = j;
                segments++;
            }
            i = j;
        }
    }

    /** Next combination of permutations of the tie segments (odometer); false when all were tried. */
    private boolean advance() {
        for (int k = 0; k < segments; k++) {
            if (nextPermutation(segArray[k], segFrom[k], segTo[k])) {
                return true;
            }
        }
        return false;
    }

    /** Lexicographic next permutation of a[from..to); on the last one, restores ascending order and returns false. */
    static boolean nextPermutation(int[] a, int from, int to) {
        int i = to - 2;
        while (i >= from && a[i] >= a[i + 1]) {
            i--;
        }
        if (i < from) {
            reverse(a, from, to - 1);
            return false;
        }
        int j = to - 1;
        while (a[j] <= a[i]) {
            j--;
        }
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        reverse(a, i + 1, to - 1);
        return true;
    }

    private static void reverse(int[] a, int i, int j) {
        while (i < j) {
            int t = a[i];
            a[i++] = a[j];
            a[j--] = t;
        }
    }

    private void mapsFromOrders() {
        for (int pos = 0; pos < taskOrder.length; pos++) {
            taskMap[taskOrder[pos]] = pos;
        }
        for (int c = 0; c < vmOrderByClass.length; c++) {
            int[] order = vmOrderByClass[c];
            for (int k = 0; k < order.length; k++) {
                vmMap[order[k]] = vmPositionsByClass[c][k];
            }
        }
        for (int i = 0; i < w.vms; i++) {
            int[] order = vcpuOrderByVm[i];
            int base = w.vmFirstVcpu[vmMap[i]];
            for (int a = 0; a < order.length; a++) {
                vcpuMap[order[a]] = base + a;
            }
        }
    }

    // ---- signatures: invariant under every renaming ----

    private void signatures(long[] s) {
        for (int g = 0; g < w.vcpus; g++) {
            vcpuSig[g] = vcpuSignature(s, g);
        }
        for (int i = 0; i < w.vms; i++) {
            int n = 0;
            for (int g = w.vmFirstVcpu[i]; g < w.vmFirstVcpu[i + 1]; g++) {
                sortKeys[n++] = vcpuSig[g];
            }
            Arrays.sort(sortKeys, 0, n);
            long h = w.vmClass[i];
            for (int k = 0; k < n; k++) {
                h = mix(h, sortKeys[k]);
            }
            vmSig[i] = h;
        }
        for (int j = 0; j < w.otherTasks; j++) {
            int cpu = sem.cpuOf(s, 1 + j);
            long h = cpu < 0 ? 0 : 1 + w.cpuClass[cpu];
            int key = w.otherKey(j);
            int uses = 0;
            for (int p = 0; p < w.cpus; p++) {
                for (int k = 0; k < keys; k++) {
                    uses += (l.cpuReg[p][k].get(s) == key ? 1 : 0) + (l.cpuHostCtx[p][k].get(s) == key ? 1 : 0);
                }
            }
            for (int g = 0; g < w.vcpus; g++) {
                for (int k = 0; k < keys; k++) {
                    uses += l.vcpuSave[g][k].get(s) == key ? 1 : 0;
                }
            }
            taskSig[j] = mix(h, uses);
        }
    }

    private long vcpuSignature(long[] s, int g) {
        long h = w.vmClass[w.vcpuVm[g]];
        h = mix(h, l.vcpuInit[g].get(s));
        h = mix(h, l.vcpuLoc[g].get(s));
        h = mix(h, l.vcpuTrapClass[g].get(s));
        h = mix(h, (l.vcpuApi[g].get(s) << 1) | l.vcpuApk[g].get(s));
        int tgt = l.vcpuTarget[g].get(s);
        h = mix(h, tgt == 0 ? 0 : 1 + w.cpuClass[tgt - 1]);
        int cpu = sem.cpuOf(s, w.vcpuThread(g));
        h = mix(h, cpu < 0 ? 0 : 1 + w.cpuClass[cpu]);
        for (int k = 0; k < keys; k++) {
            h = mix(h, abstractKey(l.vcpuSave[g][k].get(s), g));
            h = mix(h, l.vcpuVersion[g][k].get(s));
            h = mix(h, l.vcpuSigned[g][k].get(s));
            if (cpu >= 0) {
                h = mix(h, abstractKey(l.cpuReg[cpu][k].get(s), g));
                h = mix(h, abstractKey(l.cpuHostCtx[cpu][k].get(s), g));
            }
        }
        return h;
    }

    /** A key value as seen from vCPU g, without names: nobody, a task, my VMM, another VMM, my key vN, ... */
    private int abstractKey(int value, int g) {
        if (value == 0) {
            return 0;
        }
        if (w.otherKeyTask(value) >= 0) {
            return 1;
        }
        int vm = w.vmmKeyVm(value);
        if (vm >= 0) {
            return vm == w.vcpuVm[g] ? 2 : 3;
        }
        int owner = w.guestKeyVcpu(value);
        int ver = w.guestKeyVersion(value);
        int rel = owner == g ? 0 : w.vcpuVm[owner] == w.vcpuVm[g] ? 1 : 2;
        return 4 + rel * w.keyVersions + ver;
    }

    private static long mix(long h, long v) {
        long x = (h ^ v) * 0x9E3779B97F4A7C15L;
        return x ^ (x >>> 29);
    }

    // ---- renaming ----

    private void buildValueMaps() {
        keyMap[0] = 0;
        for (int j = 0; j < w.otherTasks; j++) {
            keyMap[w.otherKey(j)] = w.otherKey(taskMap[j]);
        }
        for (int i = 0; i < w.vms; i++) {
            keyMap[w.vmmKey(i)] = w.vmmKey(vmMap[i]);
        }
        for (int g = 0; g < w.vcpus; g++) {
            for (int n = 0; n < w.keyVersions; n++) {
                keyMap[w.guestKey(g, n)] = w.guestKey(vcpuMap[g], n);
            }
        }
        threadMap[0] = 0;
        for (int j = 0; j < w.otherTasks; j++) {
            threadMap[1 + j] = 1 + taskMap[j];
        }
        for (int g = 0; g < w.vcpus; g++) {
            threadMap[w.vcpuThread(g)] = w.vcpuThread(vcpuMap[g]);
        }
    }

    /** Renames threads by the current maps and orders pCPUs of each class by their renamed records. */
    private void renameSortingCpus(long[] s, long[] out) {
        buildValueMaps();
        for (int p = 0; p < w.cpus; p++) {
            int[] rec = cpuRecord[p];
            int f = 0;
            rec[f++] = threadMap[l.cpuThread[p].get(s)];
            for (int k = 0; k < keys; k++) {
                rec[f++] = keyMap[l.cpuReg[p][k].get(s)];
            }
            for (int k = 0; k < keys; k++) {
                rec[f++] = keyMap[l.cpuHostCtx[p][k].get(s)];
            }
            rec[f++] = (l.cpuApi[p].get(s) << 1) | l.cpuApk[p].get(s);
            int incoming = 0;
            for (int g = 0; g < w.vcpus; g++) {
                if (l.vcpuTarget[g].get(s) == p + 1) {
                    incoming |= 1 << vcpuMap[g];
                }
            }
            rec[f] = incoming;
            cpuOrder[p] = p;
        }
        // Within each class, the class's positions receive its members in record order.
        for (int p = 0; p < w.cpus; p++) {
            cpuMap[p] = -1;
        }
        for (int p = 0; p < w.cpus; p++) {
            if (cpuMap[p] >= 0 || w.cpuClass[p] != p) {
                continue;
            }
            int n = 0;
            for (int q = p; q < w.cpus; q++) {
                if (w.cpuClass[q] == p) {
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
            for (int q = p; q < w.cpus; q++) {
                if (w.cpuClass[q] == p) {
                    cpuMap[cpuOrder[k++]] = q;
                }
            }
        }
        rename(s, out);
    }

    /** Exact order of renamed pCPU records (no hashing: a collision here would break canonicity). */
    private boolean cpuLess(int a, int b) {
        int[] x = cpuRecord[a];
        int[] y = cpuRecord[b];
        for (int i = 0; i < x.length; i++) {
            if (x[i] != y[i]) {
                return x[i] < y[i];
            }
        }
        return false;
    }

    /** Applies taskMap, vmMap, vcpuMap and cpuMap (all set) to s. */
    void rename(long[] s, long[] out) {
        buildValueMaps();
        Arrays.fill(out, 0L);
        for (int p = 0; p < w.cpus; p++) {
            int q = cpuMap[p];
            l.cpuThread[q].set(out, threadMap[l.cpuThread[p].get(s)]);
            for (int k = 0; k < keys; k++) {
                l.cpuReg[q][k].set(out, keyMap[l.cpuReg[p][k].get(s)]);
                l.cpuHostCtx[q][k].set(out, keyMap[l.cpuHostCtx[p][k].get(s)]);
            }
            l.cpuApi[q].set(out, l.cpuApi[p].get(s));
            l.cpuApk[q].set(out, l.cpuApk[p].get(s));
        }
        for (int g = 0; g < w.vcpus; g++) {
            int h = vcpuMap[g];
            l.vcpuInit[h].set(out, l.vcpuInit[g].get(s));
            l.vcpuLoc[h].set(out, l.vcpuLoc[g].get(s));
            int tgt = l.vcpuTarget[g].get(s);
            l.vcpuTarget[h].set(out, tgt == 0 ? 0 : cpuMap[tgt - 1] + 1);
            l.vcpuTrapClass[h].set(out, l.vcpuTrapClass[g].get(s));
            l.vcpuApi[h].set(out, l.vcpuApi[g].get(s));
            l.vcpuApk[h].set(out, l.vcpuApk[g].get(s));
            for (int k = 0; k < keys; k++) {
                l.vcpuSave[h][k].set(out, keyMap[l.vcpuSave[g][k].get(s)]);
                l.vcpuVersion[h][k].set(out, l.vcpuVersion[g][k].get(s));
                l.vcpuSigned[h][k].set(out, l.vcpuSigned[g][k].get(s));
            }
        }
    }

    private static int compare(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return Long.compareUnsigned(a[i], b[i]);
            }
        }
        return 0;
    }
}
