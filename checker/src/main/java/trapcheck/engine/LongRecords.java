package trapcheck.engine;

/*
 * A growable sequence of fixed-width records of longs, stored in chunks of 2^14 records so that no
 * single array needs more than 2^31 elements, growth never copies, and memory is released chunk by
 * chunk. Frontiers (one packed state per record), per-worker discovery records and the DFS stack
 * all live in one of these: no object per state.
 *
 * Not thread-safe; a frontier is written by several threads only at disjoint indices after
 * reserve() has allocated every chunk.
 */
final class LongRecords {
    private static final int SHIFT = 14;
    /** Records per chunk: chunk(i) holds records i - i % CHUNK_RECORDS onwards. */
    static final int CHUNK_RECORDS = 1 << SHIFT;
    private static final long MASK = CHUNK_RECORDS - 1;

    private final int stride;
    private final MemoryBudget budget;
    private long[][] chunks = new long[4][];
    private int chunkCount;
    private long size;

    LongRecords(int stride, MemoryBudget budget) {
        this.stride = Math.max(1, stride);
        this.budget = budget;
    }

    long size() {
        return size;
    }

    /** Makes room for {@code records} records in total; false if the memory budget refused. */
    boolean reserve(long records) {
        long needChunks = (records + MASK) >>> SHIFT;
        while (chunkCount < needChunks) {
            long[] chunk = budget.allocate((long) stride << SHIFT);
            if (chunk == null) {
                return false;
            }
            if (chunkCount == chunks.length) {
                chunks = java.util.Arrays.copyOf(chunks, chunks.length * 2);
            }
            chunks[chunkCount++] = chunk;
        }
        return true;
    }

    /** Appends an uninitialised record and returns its index, or -1 if memory ran out. */
    long append() {
        if ((size >>> SHIFT) >= chunkCount && !reserve(size + 1)) {
            return -1;
        }
        return size++;
    }

    /** Sets the number of records (they must have been reserved). */
    void setSize(long n) {
        size = n;
    }

    long[] chunk(long index) {
        return chunks[(int) (index >>> SHIFT)];
    }

    int offset(long index) {
        return (int) (index & MASK) * stride;
    }

    long get(long index, int field) {
        return chunks[(int) (index >>> SHIFT)][(int) (index & MASK) * stride + field];
    }

    void set(long index, int field, long value) {
        chunks[(int) (index >>> SHIFT)][(int) (index & MASK) * stride + field] = value;
    }

    /** Copies {@code n} longs of record {@code index}, starting at {@code field}, to {@code dst}. */
    void copyOut(long index, int field, long[] dst, int n) {
        System.arraycopy(chunks[(int) (index >>> SHIFT)], (int) (index & MASK) * stride + field, dst, 0, n);
    }

    void copyIn(long index, int field, long[] src, int n) {
        copyIn(index, field, src, 0, n);
    }

    /** Copies {@code n} longs of {@code src} from {@code from} into record {@code index} from {@code field}. */
    void copyIn(long index, int field, long[] src, int from, int n) {
        System.arraycopy(src, from, chunks[(int) (index >>> SHIFT)], (int) (index & MASK) * stride + field, n);
    }

    /** Copies a whole record between two stores of equal stride (or a prefix of it). */
    void copyRecord(long from, LongRecords dst, long to, int field, int n) {
        System.arraycopy(chunks[(int) (from >>> SHIFT)], (int) (from & MASK) * stride + field,
                dst.chunks[(int) (to >>> SHIFT)], (int) (to & MASK) * dst.stride, n);
    }

    /** Forgets the records but keeps the first chunk for reuse. */
    void clear() {
        size = 0;
        for (int i = 1; i < chunkCount; i++) {
            budget.free(chunks[i]);
            chunks[i] = null;
        }
        chunkCount = Math.min(chunkCount, 1);
    }

    /** Returns every chunk to the budget. */
    void release() {
        clear();
        if (chunkCount == 1) {
            budget.free(chunks[0]);
            chunks[0] = null;
            chunkCount = 0;
        }
    }
}
