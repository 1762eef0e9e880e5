package trapcheck.engine;

import java.io.IOException;
import java.nio.LongBuffer;

/*
 * A spilled seen set's states on disk: a SpillFile of records in RecordSort's order, without
 * duplicates, and a sparse index in memory holding the first record of every block of BLOCK
 * records (TLC's DiskFPSet keeps one the same way). A batch of sorted candidates is checked in one
 * forward pass that reads only the blocks some candidate falls in: a whole sequential scan for a
 * wide BFS level, a few block reads for a thin one. The index takes stride * 8 / BLOCK bytes a
 * state (1/512 of a byte in fingerprint mode). A single state is looked up (holds) through a
 * read-only mapping of the file: the index gives its block, and since fingerprints are uniform, an
 * interpolation within the block lands a few dozen records from it; no system call, any thread.
 */
final class SortedRun implements AutoCloseable {
    static final int BLOCK = 4096;

    private final SpillFile file;
    private final int stride;
    private final long[] index;
    private final int blocks;
    /** Records per mapping (each at most 1 GiB), whole blocks. */
    private final long segmentRecords;
    /** The file mapped, on the first lookup; null before. */
    private volatile LongBuffer[] mapped;

    private SortedRun(SpillFile file, long[] index) {
        this.file = file;
        this.stride = file.stride;
        this.index = index;
        this.blocks = (int) ((file.records() + BLOCK - 1) / BLOCK);
        this.segmentRecords = (1L << 30) / (8L * stride) / BLOCK * BLOCK;
    }

    long records() {
        return file.records();
    }

    /** Writes a run from records handed over in sorted order. */
    static final class Builder {
        private final SpillFile file;
        private final SpillFile.Writer writer;
        private long[] index;
        private long n;

        Builder(SpillFile file) {
            this.file = file;
            this.writer = file.writer();
            this.index = new long[16 * file.stride];
        }

        void add(long[] record) throws IOException {
            if (n % BLOCK == 0) {
                int at = (int) (n / BLOCK) * file.stride;
                if (at + file.stride > index.length) {
                    index = java.util.Arrays.copyOf(index, index.length * 2);
                }
                System.arraycopy(record, 0, index, at, file.stride);
            }
            writer.put(record, 0, 1);
            n++;
        }

        SortedRun finish() throws IOException {
            writer.close();
            return new SortedRun(file, index);
        }
    }

    /** Calls {@code found} with the position of every one of the {@code n} sorted candidates the run holds. */
    void matches(long[] candidates, int n, java.util.function.IntConsumer found) throws IOException {
        long[] block = new long[BLOCK * stride];
        java.nio.ByteBuffer bytes = file.buffer(BLOCK);
        int loaded = -1;
        int length = 0;
        int pos = 0;
        int b = 0;
        for (int c = 0; c < n; c++) {
            int at = c * stride;
            while (b + 1 < blocks && RecordSort.compare(index, (b + 1) * stride, candidates, at, stride) <= 0) {
                b++;
            }
            if (RecordSort.compare(index, b * stride, candidates, at, stride) > 0) {
                continue; // before the run's first record
            }
            if (b != loaded) {
                length = readBlock(b, block, bytes);
                loaded = b;
                pos = 0;
            }
            int cmp = -1;
            while (pos < length && (cmp = RecordSort.compare(block, pos * stride, candidates, at, stride)) < 0) {
                pos++;
            }
            if (pos < length && cmp == 0) {
                found.accept(c);
            }
        }
    }

    /**
     * Whether the run holds the state {@code key} (stride longs): the block the index gives, searched
     * through the mapping. Any thread.
     */
    boolean holds(long[] key) throws IOException {
        if (blocks == 0 || RecordSort.compare(index, 0, key, 0, stride) > 0) {
            return false;
        }
        int lo = 0;
        int hi = blocks - 1;
        while (lo < hi) {   // the last block whose first record is <= key
            int mid = (lo + hi + 1) >>> 1;
            if (RecordSort.compare(index, mid * stride, key, 0, stride) <= 0) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        long first = (long) lo * BLOCK;
        int length = (int) (Math.min(file.records(), first + BLOCK) - first);
        // a block lies in one mapping (segmentRecords is a multiple of BLOCK)
        LongBuffer segment = mapping()[(int) (first / segmentRecords)];
        int base = (int) (first % segmentRecords) * stride;
        // fingerprints are uniform: interpolate between the block's first and the next block's first
        // fingerprint, then walk to the key (a few dozen records, mostly on the same cache lines)
        double low = index[lo * stride];
        double high = lo + 1 < blocks ? index[(lo + 1) * stride] : Long.MAX_VALUE;
        double fraction = high > low ? (key[0] - low) / (high - low) : 0;
        int r = (int) (Math.max(0, Math.min(1, fraction)) * (length - 1));
        int c = compareRecord(segment, base + r * stride, key);
        while (c < 0 && r < length - 1) {
            c = compareRecord(segment, base + ++r * stride, key);
        }
        while (c > 0 && r > 0) {
            c = compareRecord(segment, base + --r * stride, key);
        }
        return c == 0;
    }

    /** The record at long {@code at} of {@code segment} against {@code key}, as RecordSort.compare orders them. */
    private int compareRecord(LongBuffer segment, int at, long[] key) {
        for (int k = 0; k < stride; k++) {
            int c = Long.compare(segment.get(at + k), key[k]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private LongBuffer[] mapping() throws IOException {
        LongBuffer[] m = mapped;
        if (m == null) {
            synchronized (this) {
                m = mapped;
                if (m == null) {
                    m = file.map(segmentRecords);
                    mapped = m;
                }
            }
        }
        return m;
    }

    /** Reads every record in order. */
    SpillFile.Reader reader() {
        return file.reader(0);
    }

    private int readBlock(int b, long[] into, java.nio.ByteBuffer bytes) throws IOException {
        int length = (int) Math.min(BLOCK, file.records() - (long) b * BLOCK);
        file.read((long) b * BLOCK, length, into, bytes);
        return length;
    }

    @Override
    public void close() {
        file.close();
    }
}
