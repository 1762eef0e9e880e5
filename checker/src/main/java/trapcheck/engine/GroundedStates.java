package trapcheck.engine;

/*
 * Partial order's second witness (ENGINE.md "Partial order"): the states earlier BFS levels
 * grounded, by representative, as the seen set keeps them (whole in exact mode, by 64-bit
 * fingerprint otherwise). A state is grounded when it was expanded in full, or reduced through an
 * ample set whose witness was grounded on an earlier level: following witnesses from it reaches a
 * state expanded in full, where every enabled action is taken. An ample set whose successor is one
 * of them may be used: nothing is postponed forever.
 *
 * Each LevelWorker buffers the states it grounds during a level; the search adds them here once
 * the level is expanded, so the set is read-only while a level is expanded and every answer is the
 * same for every thread count. The set is a seen set of its own (SeenSets.createGrounded): past its
 * share of the memory budget it spills to disk like the BFS seen set, and contains looks there too,
 * so a run past its budget grounds, and reduces, exactly as one in memory. A state missing here
 * only costs reduction, never soundness: if the set cannot grow, later levels add nothing.
 */
final class GroundedStates {
    /** Records whose slots add touches together. */
    private static final int ADD_BATCH = 32;
    private final SeenSet states;
    private final int words;
    private final boolean exact;
    private final long[] scratch;
    private boolean adding = true;
    /** What the prefetching loads read, kept so that they are not optimised away. */
    private long touched;

    /** @param states an empty set: SeenSets.createGrounded */
    GroundedStates(int words, boolean exact, SeenSet states) {
        this.words = words;
        this.exact = exact;
        this.states = states;
        this.scratch = new long[words];
    }

    /** Record width in a worker's buffer: the fingerprint, then the representative in exact mode. */
    int recordLongs() {
        return exact ? 1 + words : 1;
    }

    /** Whether the state was grounded on an earlier level, in memory or on disk (read-only: any thread). */
    boolean contains(long fp, long[] rep) {
        return states.containsStored(fp, rep);
    }

    /** Touches what contains of fp reads first (in memory); returns what it read. */
    long prefetch(long fp) {
        return states.prefetch(fp);
    }

    /** Adds a level's buffered grounded states (one thread, between levels); the buffers are cleared. */
    void add(LongRecords[] buffers) {
        long total = 0;
        for (LongRecords b : buffers) {
            total += b.size();
        }
        if (adding && !states.ensureCapacityBetweenLevels(states.count() + total)) {
            adding = false;
        }
        for (LongRecords b : buffers) {
            for (long r = 0; adding && r < b.size(); r += ADD_BATCH) {
                addBatch(b, r, Math.min(b.size(), r + ADD_BATCH));
            }
            b.clear();
        }
        states.endBatch();
    }

    /** Records [from, to) of a buffer: their slots touched together first, so that the misses overlap. */
    private void addBatch(LongRecords b, long from, long to) {
        long t = 0;
        for (long r = from; r < to; r++) {
            t ^= states.prefetch(b.get(r, 0));
        }
        touched ^= t;
        for (long r = from; r < to; r++) {
            long fp = b.get(r, 0);
            long[] rep = null;
            if (exact) {
                b.copyOut(r, 1, scratch, words);
                rep = scratch;
            }
            if (!states.containsStored(fp, rep)) {   // only a fingerprint collision finds one
                states.insertNew(fp, rep);
                states.addCount(1);
            }
        }
    }

    long bytes() {
        return states.bytes();
    }

    void release() {
        states.release();
    }
}
