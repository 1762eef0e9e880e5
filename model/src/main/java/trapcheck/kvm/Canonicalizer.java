package trapcheck.kvm;

import java.util.stream.IntStream;

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
 * <p>Keys. When the policy cannot tell some keys apart ({@link KeySymmetry}), every order of their
 * tied columns ({@link KeyColumns}) is tried first, and the entities are renamed under each.
 *
 * <p>Parts. {@link EntitySignatures} computes the signatures and isolation, {@link TiePermutations}
 * sorts by signature and steps through the orders of tied runs (for entities and key columns alike),
 * {@link Renaming} encodes one renaming; this class ties them together.
 *
 * <p>Speed. This runs for every transition, so it works on records read once into int arrays
 * ({@link Records}) and writes the candidate with plain ORs; nothing is allocated per state. Most
 * states (96% of the 4x3 bench rung's) have no tie between signatures: then isolation is never
 * computed and the one renaming is written straight to the output, with nothing to compare
 * ({@code CanonicalFastPathTest} holds this to the plain search). One instance per worker thread.
 */
final class Canonicalizer {
    private final World world;
    private final Records records;
    /** Whether anything is interchangeable at all; if not, a state is its own representative. */
    private final boolean active;
    /** Null when no two keys are interchangeable. */
    private final KeyColumns keyColumns;
    private final EntitySignatures signatures;
    private final Renaming renaming;
    private final TiePermutations ties;
    private final TiePermutations.RunPredicate tasksIsolated;
    private final TiePermutations.RunPredicate vmsIsolated;
    private final TiePermutations.RunPredicate vcpusIsolated;
    private final boolean fastPaths;

    /** The state being canonicalised as records, its key columns in the order being tried. */
    private final int[] cpuRecords;
    private final int[] vcpuRecords;

    /** Old entity indices in the order being tried; a VM class's or a VM's entries take its positions in turn. */
    private final int[] taskOrder;
    private final int[][] vmOrderByClass;
    private final int[][] vmPositionsByClass;
    private final int[][] vcpuOrderByVm;
    private final long[] candidate;
    private final long[] best;

    /** The renaming {@link #rename} applies (old index to new; set by tests). */
    final int[] taskMap;
    final int[] vmMap;
    final int[] vcpuMap;
    final int[] cpuMap;

    Canonicalizer(World world, StateLayout layout, KeySymmetry keySymmetry) {
        this(world, layout, keySymmetry, true);
    }

    /**
     * @param fastPaths false: the plain search, for tests — isolation computed for every state and
     *                  even a single renaming encoded as a candidate; the answer must not differ
     */
    Canonicalizer(World world, StateLayout layout, KeySymmetry keySymmetry, boolean fastPaths) {
        this.world = world;
        this.fastPaths = fastPaths;
        this.records = new Records(world, layout);
        this.active = hasSymmetry(world) || keySymmetry.any();
        KeyOwners owners = new KeyOwners(world);
        keyColumns = keySymmetry.any() ? new KeyColumns(world, records, owners, keySymmetry) : null;
        signatures = new EntitySignatures(world, records, owners);
        renaming = new Renaming(world, records);
        ties = new TiePermutations(world.otherTasks + world.vms + world.vcpus + 1);
        tasksIsolated = allIsolated(signatures.taskIsolated);
        vmsIsolated = allIsolated(signatures.vmIsolated);
        vcpusIsolated = allIsolated(signatures.vcpuIsolated);
        cpuRecords = new int[world.cpus * records.cpuFields];
        vcpuRecords = new int[world.vcpus * records.vcpuFields];
        taskOrder = new int[world.otherTasks];
        int classes = 0;
        for (int c : world.vmClass) {
            classes = Math.max(classes, c + 1);
        }
        vmOrderByClass = new int[classes][];
        vmPositionsByClass = new int[classes][];
        for (int c = 0; c < classes; c++) {
            final int cls = c;
            vmPositionsByClass[c] = IntStream.range(0, world.vms).filter(i -> world.vmClass[i] == cls).toArray();
            vmOrderByClass[c] = new int[vmPositionsByClass[c].length];
        }
        vcpuOrderByVm = new int[world.vms][];
        for (int i = 0; i < world.vms; i++) {
            vcpuOrderByVm[i] = new int[world.vmFirstVcpu[i + 1] - world.vmFirstVcpu[i]];
        }
        candidate = new long[layout.words];
        best = new long[layout.words];
        taskMap = renaming.taskMap;
        vmMap = renaming.vmMap;
        vcpuMap = renaming.vcpuMap;
        cpuMap = renaming.cpuMap;
    }

    /** Whether any two entities are interchangeable at all. */
    static boolean hasSymmetry(World world) {
        if (world.otherTasks > 1) {
            return true;
        }
        for (int p = 0; p < world.cpus; p++) {
            if (world.cpuClass[p] != p) {
                return true;
            }
        }
        for (int i = 0; i < world.vms; i++) {
            if (world.vmClass[i] != i || world.vmFirstVcpu[i + 1] - world.vmFirstVcpu[i] > 1) {
                return true;
            }
        }
        return false;
    }

    /** A run of tied entities all isolated: every order of them encodes the same state. */
    private TiePermutations.RunPredicate allIsolated(boolean[] isolated) {
        return (order, from, to) -> {
            signatures.computeIsolation();
            for (int i = from; i < to; i++) {
                if (!isolated[order[i]]) {
                    return false;
                }
            }
            return true;
        };
    }

    void canonicalize(long[] s, long[] out) {
        if (!active) {
            System.arraycopy(s, 0, out, 0, s.length);
            return;
        }
        if (keyColumns == null) {
            records.readCpus(s, cpuRecords);
            records.readVcpus(s, vcpuRecords);
            if (leastEntityRenaming(true, fastPaths ? out : null)) {
                return;
            }
        } else {
            // Keys first: under every order of tied key columns, the least renaming of the entities.
            keyColumns.read(s);
            boolean first = true;
            do {
                keyColumns.permuteInto(cpuRecords, vcpuRecords);
                leastEntityRenaming(first, null);
                first = false;
            } while (keyColumns.advance());
        }
        System.arraycopy(best, 0, out, 0, best.length);
    }

    /** Applies taskMap, vmMap, vcpuMap and cpuMap (all set by the caller) to s: for tests. */
    void rename(long[] s, long[] out) {
        records.readCpus(s, cpuRecords);
        records.readVcpus(s, vcpuRecords);
        renaming.encode(cpuRecords, vcpuRecords, out, false);
    }

    /**
     * Tries every renaming of the entities in cpuRecords/vcpuRecords that respects their signatures;
     * keeps the least encoding in best. When only one renaming respects them and {@code direct} is
     * given, it is written there instead, and the answer is true (the common case: no ties).
     */
    private boolean leastEntityRenaming(boolean first, long[] direct) {
        signatures.compute(cpuRecords, vcpuRecords);
        if (!fastPaths) {
            signatures.computeIsolation();
        }
        ties.clear();
        for (int j = 0; j < taskOrder.length; j++) {
            taskOrder[j] = j;
        }
        ties.addSorted(taskOrder, signatures.taskSig, tasksIsolated);
        for (int c = 0; c < vmOrderByClass.length; c++) {
            int[] order = vmOrderByClass[c];
            System.arraycopy(vmPositionsByClass[c], 0, order, 0, order.length);
            ties.addSorted(order, signatures.vmSig, vmsIsolated);
        }
        for (int i = 0; i < world.vms; i++) {
            int[] order = vcpuOrderByVm[i];
            for (int a = 0; a < order.length; a++) {
                order[a] = world.vmFirstVcpu[i] + a;
            }
            ties.addSorted(order, signatures.vcpuSig, vcpusIsolated);
        }
        if (direct != null && ties.single()) {
            mapsFromOrders();
            renaming.encode(cpuRecords, vcpuRecords, direct, true);
            return true;
        }
        do {
            mapsFromOrders();
            renaming.encode(cpuRecords, vcpuRecords, candidate, true);
            if (first || compare(candidate, best) < 0) {
                System.arraycopy(candidate, 0, best, 0, best.length);
                first = false;
            }
        } while (ties.advance());
        return false;
    }

    /** The thread maps of the orders being tried: the entity at position k of an order gets the k-th place. */
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
        for (int i = 0; i < world.vms; i++) {
            int[] order = vcpuOrderByVm[i];
            int base = world.vmFirstVcpu[vmMap[i]];
            for (int a = 0; a < order.length; a++) {
                vcpuMap[order[a]] = base + a;
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
