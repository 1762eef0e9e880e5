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
 * signatures, except runs of isolated entities (nothing outside them refers to them), whose every
 * order encodes the same state. For each renaming, pCPUs are sorted by their renamed record plus the
 * set of vCPUs whose key op targets them, which leaves ties only between pCPUs whose swap changes
 * nothing. Because the signatures are invariant, symmetric states try the same encodings and get the
 * same minimum. (Soundness needs only that the representative is a renaming of the state, which it
 * always is; a signature collision could only cost reduction, never a wrong verdict.)
 *
 * <p>Speed. This runs for every transition, so it works on records read once into int arrays
 * ({@link Records}) and writes the candidate with plain ORs. One instance per worker thread.
 */
final class Canonicalizer {
    private final World w;
    private final Records rec;
    private final boolean active;
    private final int keys;
    private final int fc;           // fields per pCPU record
    private final int fv;           // fields per vCPU record
    private final int valueCount;

    // key symmetry: keys of one class are interchangeable (KeySymmetry)
    private final int[] keyClass;
    private final boolean keySymmetric;
    private int[] origCpu;            // the state as read, before its key columns are permuted
    private int[] origVcpu;
    private long[] colSig;
    private int[] keyOrder;           // key slot j receives the old key keyOrder[j]
    private int[][] classSlots;       // per key class (with two or more keys): its keys, ascending
    private int[][] classOrder;       // the same keys in the order being tried
    private int[][] keySegArray;
    private int[] keySegFrom;
    private int[] keySegTo;
    private int keySegments;

    // the state being canonicalised, as records
    private final int[] cpuVals;
    private final int[] vcpuVals;
    private final int[] runningOn;  // thread -> pCPU, -1: not running

    // signatures and orders (old indices sorted by signature)
    private final long[] vcpuSig;
    private final long[] vmSig;
    private final long[] taskSig;
    private final boolean[] taskIsolated;
    private final boolean[] vmIsolated;
    private final boolean[] vcpuIsolated;
    private final int[] taskOrder;
    private final int[][] vmOrderByClass;
    private final int[][] vmPositionsByClass;
    private final int[][] vcpuOrderByVm;
    private final long[] sortKeys;
    private final int[][] abstractKeys;  // [vcpu][key value]: the value as vCPU g sees it, without names
    private final int[] keyTask;         // key value -> other task owning it, or -1
    private final int[] keyVm;           // key value -> VM owning it (VMM or guest key), or -1
    private final int[] keyVcpu;         // key value -> vCPU owning it (guest key), or -1

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

    private final int[] mappedCpus;   // renamed pCPU records, by old index
    private final int[] incoming;     // per old pCPU: bit set of renamed vCPUs whose key op targets it
    private final int[] mappedVcpu;
    private final int[] cpuOrder;
    private final long[] candidate;
    private final long[] best;

    Canonicalizer(World w, StateLayout l, KeySymmetry keySymmetry) {
        this.w = w;
        this.rec = new Records(w, l);
        this.keyClass = keySymmetry.keyClasses();
        this.keySymmetric = keySymmetry.any();
        this.active = hasSymmetry(w) || keySymmetric;
        this.keys = w.keys.length;
        this.fc = rec.cpuFields;
        this.fv = rec.vcpuFields;
        this.valueCount = w.keyValueCount();
        cpuVals = new int[w.cpus * fc];
        vcpuVals = new int[w.vcpus * fv];
        runningOn = new int[w.threadCount()];
        vcpuSig = new long[w.vcpus];
        vmSig = new long[w.vms];
        taskSig = new long[w.otherTasks];
        taskIsolated = new boolean[w.otherTasks];
        vmIsolated = new boolean[w.vms];
        vcpuIsolated = new boolean[w.vcpus];
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
        sortKeys = new long[Math.max(w.vcpus, 1)];
        abstractKeys = new int[w.vcpus][valueCount];
        keyTask = new int[valueCount];
        keyVm = new int[valueCount];
        keyVcpu = new int[valueCount];
        for (int v = 0; v < valueCount; v++) {
            keyTask[v] = w.otherKeyTask(v);
            int g = w.guestKeyVcpu(v);
            keyVcpu[v] = g;
            keyVm[v] = g >= 0 ? w.vcpuVm[g] : w.vmmKeyVm(v);
            for (int h = 0; h < w.vcpus; h++) {
                abstractKeys[h][v] = abstractKey(v, h);
            }
        }
        taskMap = new int[w.otherTasks];
        vmMap = new int[w.vms];
        vcpuMap = new int[w.vcpus];
        cpuMap = new int[w.cpus];
        keyMap = new int[valueCount];
        threadMap = new int[w.threadCount()];
        int maxSegs = w.otherTasks + w.vms + w.vcpus + 1;
        segArray = new int[maxSegs][];
        segFrom = new int[maxSegs];
        segTo = new int[maxSegs];
        mappedCpus = new int[w.cpus * fc];
        incoming = new int[w.cpus];
        mappedVcpu = new int[fv];
        cpuOrder = new int[w.cpus];
        candidate = new long[l.words];
        best = new long[l.words];
        if (keySymmetric) {
            origCpu = new int[cpuVals.length];
            origVcpu = new int[vcpuVals.length];
            colSig = new long[keys];
            keyOrder = new int[keys];
            for (int k = 0; k < keys; k++) {
                keyOrder[k] = k; // keys alone in their class stay in place
            }
            keySegArray = new int[keys][];
            keySegFrom = new int[keys];
            keySegTo = new int[keys];
            java.util.List<int[]> slots = new java.util.ArrayList<>();
            for (int c = 0; c < keys; c++) {
                final int cls = c;
                int[] members = java.util.stream.IntStream.range(0, keys).filter(k -> keyClass[k] == cls).toArray();
                if (members.length > 1) {
                    slots.add(members);
                }
            }
            classSlots = slots.toArray(new int[0][]);
            classOrder = new int[classSlots.length][];
            for (int c = 0; c < classSlots.length; c++) {
                classOrder[c] = new int[classSlots[c].length];
            }
        }
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
        if (!keySymmetric) {
            rec.readCpus(s, cpuVals);
            rec.readVcpus(s, vcpuVals);
            entities(true);
        } else {
            // Keys first: order each class's key columns by a signature no renaming changes, try every
            // order of tied columns that are not identical, and canonicalise the entities under each.
            rec.readCpus(s, origCpu);
            rec.readVcpus(s, origVcpu);
            orderKeys();
            boolean first = true;
            while (true) {
                permuteKeyColumns();
                entities(first);
                first = false;
                if (!advanceKeys()) {
                    break;
                }
            }
        }
        System.arraycopy(best, 0, out, 0, best.length);
    }

    /** Canonicalises the entities of the state in cpuVals/vcpuVals; keeps the least encoding in best. */
    private void entities(boolean first) {
        isolationAndSignatures();
        segments = 0;
        for (int j = 0; j < taskOrder.length; j++) {
            taskOrder[j] = j;
        }
        sortBy(taskOrder, taskSig);
        addTies(taskOrder, taskSig, taskIsolated);
        for (int c = 0; c < vmOrderByClass.length; c++) {
            int[] order = vmOrderByClass[c];
            System.arraycopy(vmPositionsByClass[c], 0, order, 0, order.length);
            sortBy(order, vmSig);
            addTies(order, vmSig, vmIsolated);
        }
        for (int i = 0; i < w.vms; i++) {
            int[] order = vcpuOrderByVm[i];
            for (int a = 0; a < order.length; a++) {
                order[a] = w.vmFirstVcpu[i] + a;
            }
            sortBy(order, vcpuSig);
            addTies(order, vcpuSig, vcpuIsolated);
        }
        while (true) {
            mapsFromOrders();
            encodeCandidate(candidate, true);
            if (first || compare(candidate, best) < 0) {
                System.arraycopy(candidate, 0, best, 0, best.length);
                first = false;
            }
            if (!advance()) {
                break;
            }
        }
    }

    // ---- key columns ----

    /**
     * Sorts the keys of each class by column signature (what the key holds in every pCPU and vCPU,
     * with owners abstracted as the entity sees them, combined order-free) and records runs of equal
     * signatures whose columns differ as segments to permute.
     */
    private void orderKeys() {
        for (int k = 0; k < keys; k++) {
            colSig[k] = columnSignature(k);
        }
        keySegments = 0;
        for (int c = 0; c < classSlots.length; c++) {
            int[] order = classOrder[c];
            System.arraycopy(classSlots[c], 0, order, 0, order.length);
            sortBy(order, colSig);
            int i = 0;
            while (i < order.length) {
                int j = i + 1;
                boolean identical = true;
                while (j < order.length && colSig[order[j]] == colSig[order[i]]) {
                    identical &= sameColumn(order[i], order[j]);
                    j++;
                }
                if (j - i > 1 && !identical) {
                    keySegArray[keySegments] = order;
                    keySegFrom[keySegments] = i;
                    keySegTo[keySegments] = j;
                    keySegments++;
                }
                i = j;
            }
        }
    }

    private boolean advanceKeys() {
        for (int k = 0; k < keySegments; k++) {
            if (nextPermutation(keySegArray[k], keySegFrom[k], keySegTo[k])) {
                return true;
            }
        }
        return false;
    }

    private long columnSignature(int k) {
        long h = 0;
        for (int g = 0; g < w.vcpus; g++) {
            int b = g * fv;
            long row = w.vmClass[w.vcpuVm[g]];
            for (int f = 0; f < 6; f++) {
                row = 31 * row + (f == 2 ? (origVcpu[b + 2] == 0 ? 0 : 1 + w.cpuClass[origVcpu[b + 2] - 1]) : origVcpu[b + f]);
            }
            row = 31 * row + abstractKeys[g][origVcpu[b + 6 + k]];
            row = 31 * row + origVcpu[b + 6 + keys + k];
            row = 31 * row + origVcpu[b + 6 + 2 * keys + k];
            h += mix(row, 1);
        }
        for (int p = 0; p < w.cpus; p++) {
            int b = p * fc;
            int t = origCpu[b];
            int g = w.threadVcpu(t);
            long row = 1 + w.cpuClass[p];
            row = 31 * row + (t == 0 ? 0 : g < 0 ? 1 : 2);
            row = 31 * row + (origCpu[b + 2 * keys + 1] * 2 + origCpu[b + 2 * keys + 2]);
            row = 31 * row + plainAbstract(origCpu[b + 1 + k], g);
            row = 31 * row + plainAbstract(origCpu[b + 1 + keys + k], g);
            h += mix(row, 2);
        }
        return h;
    }

    /** A key value abstracted as the running vCPU sees it, or by kind alone when no vCPU runs. */
    private int plainAbstract(int v, int g) {
        if (g >= 0) {
            return abstractKeys[g][v];
        }
        if (v == 0) {
            return 0;
        }
        if (keyTask[v] >= 0) {
            return 1;
        }
        return keyVcpu[v] < 0 ? 2 : 3 + w.guestKeyVersion(v);
    }

    private boolean sameColumn(int a, int b) {
        for (int p = 0; p < w.cpus; p++) {
            int base = p * fc;
            if (origCpu[base + 1 + a] != origCpu[base + 1 + b]
                    || origCpu[base + 1 + keys + a] != origCpu[base + 1 + keys + b]) {
                return false;
            }
        }
        for (int g = 0; g < w.vcpus; g++) {
            int base = g * fv + 6;
            for (int part = 0; part < 3; part++) {
                if (origVcpu[base + part * keys + a] != origVcpu[base + part * keys + b]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** cpuVals/vcpuVals := the state as read, each class's slots receiving its keys in classOrder. */
    private void permuteKeyColumns() {
        for (int c = 0; c < classSlots.length; c++) {
            for (int i = 0; i < classSlots[c].length; i++) {
                keyOrder[classSlots[c][i]] = classOrder[c][i];
            }
        }
        System.arraycopy(origCpu, 0, cpuVals, 0, cpuVals.length);
        System.arraycopy(origVcpu, 0, vcpuVals, 0, vcpuVals.length);
        for (int j = 0; j < keys; j++) {
            int k = keyOrder[j];
            if (k == j) {
                continue;
            }
            for (int p = 0; p < w.cpus; p++) {
                int base = p * fc;
                cpuVals[base + 1 + j] = origCpu[base + 1 + k];
                cpuVals[base + 1 + keys + j] = origCpu[base + 1 + keys + k];
            }
            for (int g = 0; g < w.vcpus; g++) {
                int base = g * fv + 6;
                for (int part = 0; part < 3; part++) {
                    vcpuVals[base + part * keys + j] = origVcpu[base + part * keys + k];
                }
            }
        }
    }

    /** Applies taskMap, vmMap, vcpuMap and cpuMap (all set by the caller) to s: for tests. */
    void rename(long[] s, long[] out) {
        rec.readCpus(s, cpuVals);
        rec.readVcpus(s, vcpuVals);
        encodeCandidate(out, false);
    }

    /** Sorts {@code order} (holding entity indices) by signature, then index. */
    private static void sortBy(int[] order, long[] sig) {
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

    /**
     * Records each run of equal signatures as a segment to permute, unless every entity in it is
     * isolated: nothing outside the entity refers to it and it refers to no pCPU (its thread runs
     * nowhere, it has no key op in progress, its keys lie only in its own save areas). Isolated entities with equal signatures have equal records, so every
     * order of them encodes the same state and one is enough.
     */
    private void addTies(int[] order, long[] sig, boolean[] isolated) {
        int i = 0;
        while (i < order.length) {
            int j = i + 1;
            boolean allIsolated = isolated[order[i]];
            while (j < order.length && sig[order[j]] == sig[order[i]]) {
                allIsolated &= isolated[order[j]];
                j++;
            }
            if (j - i > 1 && !allIsolated) {
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

    private void isolationAndSignatures() {
        Arrays.fill(runningOn, -1);
        Arrays.fill(taskIsolated, true);
        Arrays.fill(vmIsolated, true);
        Arrays.fill(vcpuIsolated, true);
        for (int p = 0; p < w.cpus; p++) {
            int base = p * fc;
            int t = cpuVals[base];
            if (t != 0) {
                runningOn[t] = p;
                int g = w.threadVcpu(t);
                if (g >= 0) {
                    vcpuIsolated[g] = false;
                    vmIsolated[w.vcpuVm[g]] = false;
                } else {
                    taskIsolated[t - 1] = false;
                }
            }
            for (int f = 1; f <= 2 * keys; f++) {
                refer(cpuVals[base + f], -1, -1);
            }
        }
        for (int g = 0; g < w.vcpus; g++) {
            int base = g * fv + 6;
            for (int k = 0; k < keys; k++) {
                refer(vcpuVals[base + k], g, w.vcpuVm[g]);
            }
            if (vcpuVals[g * fv + 2] != 0) {
                // A key op in progress names a pCPU: swapping this vCPU would move that reference.
                vcpuIsolated[g] = false;
                vmIsolated[w.vcpuVm[g]] = false;
            }
        }
        for (int g = 0; g < w.vcpus; g++) {
            vcpuSig[g] = vcpuSignature(g);
        }
        for (int i = 0; i < w.vms; i++) {
            int n = 0;
            for (int g = w.vmFirstVcpu[i]; g < w.vmFirstVcpu[i + 1]; g++) {
                sortKeys[n++] = vcpuSig[g];
            }
            if (n > 1) {
                Arrays.sort(sortKeys, 0, n);
            }
            long h = w.vmClass[i];
            for (int k = 0; k < n; k++) {
                h = mix(h, sortKeys[k]);
            }
            vmSig[i] = h;
        }
        for (int j = 0; w.otherTasks > 1 && j < w.otherTasks; j++) { // one task has nothing to order
            int cpu = runningOn[1 + j];
            int key = w.otherKey(j);
            int uses = 0;
            for (int p = 0; p < w.cpus; p++) {
                for (int f = p * fc + 1, end = p * fc + 2 * keys; f <= end; f++) {
                    uses += cpuVals[f] == key ? 1 : 0;
                }
            }
            taskSig[j] = mix(cpu < 0 ? 0 : 1 + w.cpuClass[cpu], uses);
        }
    }

    /** Key value v lies in a place of vCPU {@code g} of VM {@code vm} (-1, -1: a pCPU's). */
    private void refer(int v, int g, int vm) {
        int task = keyTask[v];
        if (task >= 0) {
            taskIsolated[task] = false;
            return;
        }
        int owner = keyVm[v];
        if (owner >= 0 && owner != vm) {
            vmIsolated[owner] = false;
        }
        int ownerVcpu = keyVcpu[v];
        if (ownerVcpu >= 0 && ownerVcpu != g) {
            vcpuIsolated[ownerVcpu] = false;
        }
    }

    private long vcpuSignature(int g) {
        int[] abs = abstractKeys[g];
        int base = g * fv;
        // A polynomial over the fields (cheap per field), mixed once at the end.
        long h = w.vmClass[w.vcpuVm[g]];
        for (int f = 0; f < 6; f++) {
            if (f != 2) { // field 2 names a pCPU: only its class is invariant
                h = 31 * h + vcpuVals[base + f];
            }
        }
        int tgt = vcpuVals[base + 2];
        h = 31 * h + (tgt == 0 ? 0 : 1 + w.cpuClass[tgt - 1]);
        for (int f = 6; f < 6 + keys; f++) {
            h = 31 * h + abs[vcpuVals[base + f]];
        }
        for (int f = 6 + keys; f < fv; f++) {
            h = 31 * h + vcpuVals[base + f];
        }
        int cpu = runningOn[w.vcpuThread(g)];
        h = 31 * h + (cpu < 0 ? 0 : 1 + w.cpuClass[cpu]);
        if (cpu >= 0) {
            int cb = cpu * fc;
            for (int f = 1; f <= 2 * keys; f++) {
                h = 31 * h + abs[cpuVals[cb + f]];
            }
        }
        return mix(h, 0);
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
            int from = w.guestKey(g, 0);
            int to = w.guestKey(vcpuMap[g], 0);
            for (int n = 0; n < w.keyVersions; n++) {
                keyMap[from + n] = to + n;
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

    /**
     * Writes the state renamed by the current thread maps into {@code out}; with {@code sortCpus}
     * the pCPUs of each class are first ordered by their renamed records (and cpuMap set), else the
     * caller's cpuMap is used.
     */
    private void encodeCandidate(long[] out, boolean sortCpus) {
        buildValueMaps();
        // pCPU records: thread, 2K keys, then plain fields (see Records).
        for (int base = 0; base < cpuVals.length; base += fc) {
            mappedCpus[base] = threadMap[cpuVals[base]];
            int end = base + 2 * keys;
            for (int f = base + 1; f <= end; f++) {
                mappedCpus[f] = keyMap[cpuVals[f]];
            }
            for (int f = end + 1; f < base + fc; f++) {
                mappedCpus[f] = cpuVals[f];
            }
        }
        if (sortCpus) {
            Arrays.fill(incoming, 0);
            for (int g = 0; g < w.vcpus; g++) {
                int tgt = vcpuVals[g * fv + 2];
                if (tgt != 0) {
                    incoming[tgt - 1] |= 1 << vcpuMap[g];
                }
            }
            sortCpus();
        }
        Arrays.fill(out, 0L);
        for (int p = 0; p < w.cpus; p++) {
            rec.writeCpu(out, cpuMap[p], mappedCpus, p * fc);
        }
        // vCPU records: 6 plain fields (the third a pCPU reference), K keys, then plain fields.
        for (int g = 0; g < w.vcpus; g++) {
            int base = g * fv;
            System.arraycopy(vcpuVals, base, mappedVcpu, 0, fv);
            int tgt = mappedVcpu[2];
            mappedVcpu[2] = tgt == 0 ? 0 : cpuMap[tgt - 1] + 1;
            for (int f = 6; f < 6 + keys; f++) {
                mappedVcpu[f] = keyMap[mappedVcpu[f]];
            }
            rec.writeVcpu(out, vcpuMap[g], mappedVcpu, 0);
        }
    }

    /** Within each class, the class's positions receive its members in renamed-record order. */
    private void sortCpus() {
        for (int p = 0; p < w.cpus; p++) {
            if (w.cpuClass[p] != p) {
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
    }

    /** Exact order of renamed pCPU records (no hashing: a collision here would cost canonicity). */
    private boolean cpuLess(int a, int b) {
        int x = a * fc;
        int y = b * fc;
        for (int f = 0; f < fc; f++) {
            if (mappedCpus[x + f] != mappedCpus[y + f]) {
                return mappedCpus[x + f] < mappedCpus[y + f];
            }
        }
        return incoming[a] < incoming[b];
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
