package trapcheck.engine;

import java.io.IOException;

/*
 * The states a search has stored, by representative: in fingerprint mode by its 64-bit fingerprint,
 * in exact mode by its packed words. Admission is its only writer; every strategy reaches it
 * through Admission, so another kind of set (a more compact table, one that spills to disk) is one
 * new implementation and one line where Search creates it.
 *
 * Concurrency contract (what the BFS relies on): contains may run on any number of threads while
 * nothing is inserted; insertNew may run on several threads at once for distinct absent states;
 * ensureCapacity, addCount and everything else run on one thread, between those phases. The
 * search's phase hand-offs (thread pool) give the happens-before edges.
 */
interface SeenSet {
    /** storedKind: not stored; stored; stored and marked grounded (partial order's proviso). */
    int ABSENT = QuotientTable.ABSENT;
    int STORED = QuotientTable.STORED;
    int GROUNDED = QuotientTable.GROUNDED;

    /** States stored (insertNew does not count: the caller adds them with addCount). */
    long count();

    void addCount(long states);

    boolean contains(long fp, long[] rep);

    /**
     * Touches the memory a contains or insertNew of {@code fp} will read first and returns what it
     * read (the caller keeps it, so the load stays): BFS touches a batch of fingerprints before
     * looking them up, so their cache misses overlap. Any thread, like contains; no effect on answers.
     */
    default long prefetch(long fp) {
        return 0;
    }

    /**
     * Whether the state was stored, wherever it is kept: unlike contains, also what a spilling set
     * holds on disk (a lookup in its run when memory does not hold the state; for partial order's
     * proviso and a trace replay's checks). Any thread, while nothing is inserted.
     */
    default boolean containsStored(long fp, long[] rep) {
        return contains(fp, rep);
    }

    /**
     * containsStored and partial order's grounded mark in one answer: ABSENT, STORED, or GROUNDED
     * (stored, and marked by markGrounded on an earlier level). Any thread, while nothing is
     * inserted or marked.
     */
    default int storedKind(long fp, long[] rep) {
        return containsStored(fp, rep) ? STORED : ABSENT;
    }

    /** Whether the set keeps grounded marks (else markGrounded marks nothing and no state is GROUNDED). */
    default boolean marksGrounded() {
        return false;
    }

    /**
     * Marks a stored state grounded (ENGINE.md "Partial order"); false if it is not stored or the set
     * keeps no marks. One thread, between levels: the marks of a level are all made before the next
     * level is expanded, then {@link #endMarks}.
     */
    default boolean markGrounded(long fp, long[] rep) {
        return false;
    }

    /** A level's marks are made. One thread. */
    default void endMarks() {
    }

    /** States held on disk rather than in memory (SpillingSeenSet). */
    default long spilledStates() {
        return 0;
    }

    /** Heap bytes the set would take to hold {@code states} states, its growth to them included. */
    long bytesToHold(long states);

    /**
     * Writes every stored state as one record (its fingerprint, in exact mode followed by its packed
     * representative), in any order, and those marked grounded once more to {@code grounded} (unless
     * null): how a SpillingSeenSet moves it to disk. One thread.
     */
    void drain(SpillFile.Writer out, SpillFile.Writer grounded) throws IOException;

    /**
     * The states inserted since the last call form a batch (a BFS level, called once the level is
     * stored): a set that logs its states makes them durable in batch order. One thread.
     */
    default void endBatch() {
    }

    /** Makes room so that {@code states} states fit; false if the memory budget refused. */
    boolean ensureCapacity(long states);

    /**
     * BFS, between two levels, once the level's candidates were checked against what is on disk
     * (Admission.dropSpilled): like ensureCapacity, but a set that spills (SpillingSeenSet) may first
     * move its states to disk. Anywhere else a spill would hide states from contains.
     */
    default boolean ensureCapacityBetweenLevels(long states) {
        return ensureCapacity(states);
    }

    /** Stores a state known to be absent, in room made by ensureCapacity. */
    void insertNew(long fp, long[] rep);

    /** Heap bytes held (the run's seenBytes statistic). */
    long bytes();

    /** Bits of a fingerprint that decide membership now; 0 when states are kept whole. */
    int fingerprintBits();

    /** Estimated probability that a fingerprint collision hid a state; 0 when states are kept whole. */
    double collisionProbability(long generated, long distinct);

    /**
     * The layout {@link #save} writes, recorded in a checkpoint: a checkpoint is restored only by the
     * implementation of the same kind (Checkpoint.restoreSeen), which checks what it reads.
     */
    String kind();

    /** Longs {@link #save} writes (a checkpoint's manifest records it). */
    long savedLongs();

    /** Writes the set for a checkpoint. */
    void save(LongFile.Writer out) throws IOException;

    /** Returns the memory to the budget; the set is unusable afterwards. */
    void release();
}
