package trapcheck.engine;

/*
 * Partial order's second witness (ENGINE.md "Partial order"): the states earlier BFS levels
 * grounded. A state is grounded when it was expanded in full, or reduced through an ample set whose
 * witness was grounded on an earlier level: following witnesses from it reaches a state expanded in
 * full, where every enabled action is taken. An ample set whose successor is one of them may be used:
 * nothing is postponed forever.
 *
 * Every grounded state is stored (it is a frontier state), so being grounded is a mark on the seen
 * set's own entry (SeenSet.markGrounded), and the proviso's one lookup (SeenSet.storedKind) answers
 * absent, stored or grounded. Each LevelWorker buffers the states it grounds during a level; add
 * marks them once the level is expanded, so the seen set is read-only while a level is expanded
 * and every answer is the same for every thread count. A mark the set cannot keep (no memory) only
 * costs reduction, never soundness.
 */
final class GroundedStates {
    /** Records whose slots add touches together. */
    private static final int ADD_BATCH = 32;
    private final int words;
    private final boolean exact;
    private final long[] scratch;
    /** What the prefetching loads read, kept so that they are not optimised away. */
    private long touched;

    GroundedStates(int words, boolean exact) {
        this.words = words;
        this.exact = exact;
        this.scratch = new long[words];
    }

    /** Record width in a worker's buffer: the fingerprint, then the representative in exact mode. */
    int recordLongs() {
        return exact ? 1 + words : 1;
    }

    /** Marks a level's buffered grounded states in {@code seen} (one thread, between levels); the buffers are cleared. */
    void add(SeenSet seen, LongRecords[] buffers) {
        for (LongRecords b : buffers) {
            for (long r = 0; r < b.size(); r += ADD_BATCH) {
                markBatch(seen, b, r, Math.min(b.size(), r + ADD_BATCH));
            }
            b.clear();
        }
        seen.endMarks();
    }

    /** Records [from, to) of a buffer: their slots touched together first, so that the misses overlap. */
    private void markBatch(SeenSet seen, LongRecords b, long from, long to) {
        long t = 0;
        for (long r = from; r < to; r++) {
            t ^= seen.prefetch(b.get(r, 0));
        }
        touched ^= t;
        for (long r = from; r < to; r++) {
            long[] rep = null;
            if (exact) {
                b.copyOut(r, 1, scratch, words);
                rep = scratch;
            }
            seen.markGrounded(b.get(r, 0), rep);
        }
    }
}
