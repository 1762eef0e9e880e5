package trapcheck.engine;

import java.io.IOException;

/*
 * A spilled seen set's states on disk: a SpillFile of records in RecordSort's order, without
 * duplicates, and a sparse index in memory holding the first record of every block of BLOCK
 * records (TLC's DiskFPSet keeps one the same way). A batch of sorted candidates is checked in one
 * forward pass that reads only the blocks some candidate falls in: a whole sequential scan for a
 * wide BFS level, a few block reads for a thin one. The index takes stride * 8 / BLOCK bytes a
 * state (1/512 of a byte in fingerprint mode).
 */
final class SortedRun implements AutoCloseable {
    static final int BLOCK = 4096;

    private final SpillFile file;
    private final int stride;
    private final long[] index;
    private final int blocks;

    private SortedRun(SpillFile file, long[] index) {
        this.file = file;
        this.stride = file.stride;
        this.index = index;
        this.blocks = (int) ((file.records() + BLOCK - 1) / BLOCK);
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

    /** Whether the run holds {@code key} (one block read: for a trace replay's checks). */
    boolean contains(long[] key) throws IOException {
        int[] hit = new int[1];
        matches(key, 1, c -> hit[0] = 1);
        return hit[0] == 1;
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
