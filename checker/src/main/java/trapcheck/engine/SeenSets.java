package trapcheck.engine;

import java.io.IOException;
import java.util.function.Supplier;

/*
 * Which SeenSet a run uses, in one place, so that the set Search creates and the kind a checkpoint
 * must record (Checkpoint.runIdentity) cannot drift apart: exact mode keeps whole states in a
 * SeenTable; fingerprint mode keeps quotiented fingerprints in a CompactSeenSet.
 */
final class SeenSets {
    private static final long INITIAL_CAPACITY = 1024;
    /**
     * The share of the memory budget a BFS seen set keeps in memory before it spills: the rest is for
     * the level's transient structures (frontiers, level table, discovery records).
     */
    static final double SEEN_SHARE = 0.5;
    /** The share of the budget past which a BFS's next level goes to disk (DiskLevel). */
    static final double FRONTIER_SHARE = 0.125;
    /**
     * The share of the budget a spilled seen set's grounded states on disk (SpillingSeenSet.grounded)
     * keep in memory before they spill in turn.
     */
    static final double GROUNDED_SHARE = 0.125;

    private SeenSets() {
    }

    static String kind(Options options) {
        return options.exact() ? SeenTable.kind(true) : CompactSeenSet.KIND;
    }

    /**
     * The seen set of a BFS: one that spills to disk past SEEN_SHARE of the budget
     * (SpillingSeenSet), unless the run checkpoints (a spilled set is not checkpointed: with
     * checkpoints the run stops "memory" as before). With partial order it keeps grounded marks;
     * once spilled, those of the states on disk in a set that spills past GROUNDED_SHARE (tests: the
     * seen set's share), its disk bytes in the run's meter but not its states.
     */
    static SeenSet createForBfs(int words, Options options, Tuning tuning, MemoryBudget budget, RunControl control,
                                SpillMeter meter) {
        boolean marks = options.reduces();
        if (!spills(options)) {
            return create(words, options, marks, budget, control);
        }
        Supplier<SeenSet> groundedOnDisk = marks
                ? () -> spilling(GROUNDED_SHARE, words, options, tuning, budget, control, meter.bytesOnly(), false, null)
                : null;
        return spilling(SEEN_SHARE, words, options, tuning, budget, control, meter, marks, groundedOnDisk);
    }

    /** A set that spills past {@code share} of the budget (tests: Tuning.seenShareBytes). */
    private static SeenSet spilling(double share, int words, Options options, Tuning tuning, MemoryBudget budget,
                                    RunControl control, SpillMeter meter, boolean marks,
                                    Supplier<SeenSet> groundedOnDisk) {
        long bytes = tuning.seenShareBytes() > 0 ? tuning.seenShareBytes() : (long) (budget.limit() * share);
        return new SpillingSeenSet(options.exact() ? 1 + words : 1, bytes, tuning.spillPieceRecords(),
                () -> create(words, options, marks, budget, control), groundedOnDisk, budget, control,
                options.spillDir(), meter);
    }

    /** Whether a BFS with these options may spill to disk: not when it writes or resumes checkpoints. */
    static boolean spills(Options options) {
        return options.checkpointDir() == null && options.resumeDir() == null;
    }

    /** How a BFS level goes to disk past FRONTIER_SHARE of the budget; null when the run does not spill. */
    static Frontier.Spill frontierSpill(Options options, Tuning tuning, MemoryBudget budget, RunControl control,
                                        SpillMeter meter) {
        if (!spills(options)) {
            return null;
        }
        long share = tuning.frontierShareBytes() > 0 ? tuning.frontierShareBytes()
                : (long) (budget.limit() * FRONTIER_SHARE);
        return new Frontier.Spill(share, options.spillDir(), control, meter);
    }

    static SeenSet create(int words, Options options, MemoryBudget budget, RunControl control) {
        return create(words, options, false, budget, control);
    }

    /** An in-memory set; {@code marks}: one that keeps partial order's grounded marks. */
    static SeenSet create(int words, Options options, boolean marks, MemoryBudget budget, RunControl control) {
        return options.exact() ? new SeenTable(words, true, INITIAL_CAPACITY, budget)
                : CompactSeenSet.create(INITIAL_CAPACITY, marks, budget, control, options.spillDir());
    }

    /** Why a saved set of {@code longs} longs cannot hold {@code count} states for this run, or null. */
    static String unrestorable(int words, Options options, long longs, long count) {
        return options.exact() ? SeenTable.unrestorable(words, true, longs, count)
                : CompactSeenSet.unrestorable(longs, count);
    }

    /** The set saved in {@code in}, checked; null when the budget refuses it. */
    static SeenSet restore(int words, Options options, long longs, long count, LongFile.Reader in, MemoryBudget budget,
                           RunControl control, Checkpoint.IntegrityCheck integrity) throws IOException {
        return options.exact() ? SeenTable.restore(words, true, longs, count, in, budget, integrity)
                : CompactSeenSet.restore(longs, count, in, budget, control, options.spillDir(), integrity);
    }
}
