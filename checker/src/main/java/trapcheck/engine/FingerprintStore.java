package trapcheck.engine;

/**
 * The store path BFS runs for every successor in fingerprint mode (hash the packed state, look the
 * fingerprint up in the seen table, insert it), opened so the JMH benchmarks in {@code bench/}
 * measure the engine's own code without declaring classes in this package. Not a way to search:
 * {@link Explorer} is.
 */
public final class FingerprintStore {
    private final SeenTable table;

    /** An empty table of 16 slots that grows as BFS's does, within a share of the heap. */
    public FingerprintStore() {
        table = new SeenTable(1, false, 16, new MemoryBudget(0, new RunControl(Options.defaults())));
    }

    /** The 64-bit fingerprint BFS stores for the first {@code words} words of {@code state}. */
    public static long fingerprint(long[] state, int words) {
        return Fingerprints.of(state, words);
    }

    public boolean contains(long fingerprint) {
        return table.contains(fingerprint, null);
    }

    /** 1 when the fingerprint was new (and is now stored), 0 when it was already there. */
    public int insertIfAbsent(long fingerprint) {
        return table.insertIfAbsent(fingerprint, null);
    }
}
