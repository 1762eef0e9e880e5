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
