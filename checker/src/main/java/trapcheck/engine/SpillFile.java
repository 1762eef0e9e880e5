package trapcheck.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/*
 * A scratch file (TempFiles) of fixed-width records of longs, little-endian: what the BFS spills to
 * disk (a sorted run of the seen set, a dump being sorted, a frontier level). Written once,
 * sequentially, then read sequentially (a merge, a frontier level in order) or by record through
 * a mapping (a spilled seen set's lookups: partial order's proviso, a trace replay). Every byte it holds is counted in the run's SpillMeter.
 */
final class SpillFile implements AutoCloseable {
    private static final int BUFFER_BYTES = 1 << 20;

    final int stride;
    private final FileChannel channel;
    private final SpillMeter meter;
    private long records;

    SpillFile(Path dir, String prefix, int stride, SpillMeter meter) throws IOException {
        this.stride = stride;
        this.meter = meter;
        this.channel = TempFiles.open(dir, prefix);
    }

    long records() {
        return records;
    }

    long bytes() {
        return records * stride * 8;
    }

    /** Appends records sequentially; close() (or flush()) writes what is buffered. */
    Writer writer() {
        return new Writer(BUFFER_BYTES);
    }

    /** Like {@link #writer()}, through a buffer of about {@code bufferBytes} (many files written at once). */
    Writer writer(int bufferBytes) {
        return new Writer(bufferBytes);
    }

    /** Reads the records from {@code from} on, in order. */
    Reader reader(long from) {
        return new Reader(from, BUFFER_BYTES);
    }

    /** Like {@link #reader(long)}, through a buffer of about {@code bufferBytes} (many files merged at once). */
    Reader reader(long from, int bufferBytes) {
        return new Reader(from, bufferBytes);
    }

    /** A buffer size between 8 KiB and 1 MiB for one of {@code files} files open at once. */
    static int bufferFor(int files) {
        return Math.max(1 << 13, Math.min(BUFFER_BYTES, (16 << 20) / Math.max(1, files)));
    }

    /** A buffer for {@link #read} of up to {@code n} records. */
    ByteBuffer buffer(int n) {
        return ByteBuffer.allocateDirect(n * stride * 8).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies {@code n} records from record {@code index} on into {@code into}, through {@code b} (from {@link #buffer}). */
    void read(long index, int n, long[] into, ByteBuffer b) throws IOException {
        b.clear().limit(n * stride * 8);
        long at = index * stride * 8;
        while (b.hasRemaining()) {
            if (channel.read(b, at + b.position()) < 0) {
                throw new IOException("spill file ends before record " + (index + n));
            }
        }
        b.flip();
        b.asLongBuffer().get(into, 0, n * stride);
    }

    /**
     * The file, written and flushed, as read-only mappings of consecutive records, at most
     * {@code segmentRecords} each (a mapping holds at most 2 GiB): for lookups by record from any
     * thread without a system call (the OS pages the file in, outside the heap budget).
     */
    LongBuffer[] map(long segmentRecords) throws IOException {
        int n = (int) ((records + segmentRecords - 1) / segmentRecords);
        LongBuffer[] segments = new LongBuffer[n];
        for (int s = 0; s < n; s++) {
            long first = s * segmentRecords;
            long bytes = Math.min(segmentRecords, records - first) * stride * 8;
            segments[s] = channel.map(FileChannel.MapMode.READ_ONLY, first * stride * 8, bytes)
                    .order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        }
        return segments;
    }

    @Override
    public void close() {
        meter.remove(bytes());
        records = 0;
        try {
            channel.close();
        } catch (IOException e) {
            // a scratch file: nothing to save
        }
    }

    final class Writer implements AutoCloseable {
        private final ByteBuffer buffer;

        private Writer(int bufferBytes) {
            buffer = ByteBuffer.allocateDirect(Math.max(8, bufferBytes - bufferBytes % 8)).order(ByteOrder.LITTLE_ENDIAN);
        }

        /** Appends {@code n} records from {@code src} starting at long {@code from}. */
        void put(long[] src, int from, int n) throws IOException {
            int longs = n * stride;
            for (int i = 0; i < longs; ) {
                if (buffer.remaining() < 8) {
                    flush();
                }
                int k = Math.min(longs - i, buffer.remaining() / 8);
                buffer.asLongBuffer().put(src, from + i, k);
                buffer.position(buffer.position() + k * 8);
                i += k;
            }
            records += n;
            meter.add((long) longs * 8);
        }

        void flush() throws IOException {
            buffer.flip();
            long at = channel.size();
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            buffer.clear();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** A sequential cursor: {@link #next} fills {@link #record} with the next record. */
    final class Reader {
        final long[] record = new long[stride];
        private final ByteBuffer buffer;
        private long position;
        private long left;

        private Reader(long from, int bufferBytes) {
            int size = Math.max(8 * stride, bufferBytes - bufferBytes % (8 * stride));
            this.buffer = ByteBuffer.allocateDirect(size).order(ByteOrder.LITTLE_ENDIAN);
            this.position = from * stride * 8;
            this.left = records - from;
            buffer.limit(0);
        }

        /** False at the end of the file. */
        boolean next() throws IOException {
            if (left == 0) {
                return false;
            }
            if (!buffer.hasRemaining()) {
                buffer.clear();
                buffer.limit((int) Math.min(buffer.capacity(), left * stride * 8));
                while (buffer.hasRemaining()) {
                    int r = channel.read(buffer, position);
                    if (r < 0) {
                        throw new IOException("spill file ends early (" + left + " records missing)");
                    }
                    position += r;
                }
                buffer.flip();
            }
            for (int i = 0; i < stride; i++) {
                record[i] = buffer.getLong();
            }
            left--;
            return true;
        }
    }
}
