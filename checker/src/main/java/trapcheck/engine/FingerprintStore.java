package trapcheck.engine;

/**
 * The store path BFS runs for every successor in fingerprint mode (hash the packed state, look the
 * fingerprint up in the seen set, insert it), opened so the JMH benchmarks in {@code bench/}
 * measure the engine's own code without declaring classes in this package. Not a way to search:
 * {@link Explorer} is.
 */
public final class FingerprintStore implements AutoCloseable {
    /** Null for the compact set. */
    private final SeenTable table;
    private final SeenSet set;

    private FingerprintStore(SeenTable table, SeenSet set) {
        this.table = table;
        this.set = set;
    }

    /** The previous fingerprint-mode seen set: 64-bit fingerprints, linear probing, from 16 slots. */
    public FingerprintStore() {
        this(new SeenTable(1, false, 16, budget()), null);
    }

    /** Today's fingerprint-mode seen set (a quotient table and its log in the OS temp folder), from 16 homes. */
    public static FingerprintStore compact() {
        RunControl control = new RunControl(Options.defaults());
        return new FingerprintStore(null, CompactSeenSet.create(16, new MemoryBudget(0, control), control, null));
    }

    private static MemoryBudget budget() {
        return new MemoryBudget(0, new RunControl(Options.defaults()));
    }

    /** The 64-bit fingerprint BFS stores for the first {@code words} words of {@code state}. */
    public static long fingerprint(long[] state, int words) {
        return Fingerprints.of(state, words);
    }

    public boolean contains(long fingerprint) {
        return table != null ? table.contains(fingerprint, null) : set.contains(fingerprint, null);
    }

    /** 1 when the fingerprint was new (and is now stored), 0 when it was already there. */
    public int insertIfAbsent(long fingerprint) {
        if (table != null) {
            return table.insertIfAbsent(fingerprint, null);
        }
        if (set.contains(fingerprint, null) || !set.ensureCapacity(set.count() + 1)) {
            return 0;
        }
        set.insertNew(fingerprint, null);
        set.addCount(1);
        return 1;
    }

    /**
     * BFS's insert of one level's new states: room made for all of them at once (one growth at most,
     * where {@link #insertIfAbsent} may grow at every call), each stored, the level ended (the compact
     * set's log takes it as one batch). {@code fingerprints[from..to)} must be absent and distinct.
     * False if the memory budget refused the room (nothing stored then).
     */
    public boolean insertLevel(long[] fingerprints, int from, int to) {
        SeenSet s = table != null ? table : set;
        if (!s.ensureCapacityBetweenLevels(s.count() + (to - from))) {
            return false;
        }
        for (int i = from; i < to; i++) {
            s.insertNew(fingerprints[i], null);
        }
        s.addCount(to - from);
        s.endBatch();
        return true;
    }

    /** Fingerprints stored. */
    public long count() {
        return (table != null ? table : set).count();
    }

    /** Heap bytes the set holds. */
    public long bytes() {
        return table != null ? table.bytes() : set.bytes();
    }

    /** Returns the memory and deletes the scratch file, if any. */
    @Override
    public void close() {
        (table != null ? table : set).release();
    }
}
