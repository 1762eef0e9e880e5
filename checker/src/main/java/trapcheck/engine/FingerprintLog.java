package trapcheck.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/*
 * Every fingerprint a compact seen set stored, whole (64 bits), in a scratch file (TempFiles): the
 * compact table keeps fewer bits, and this is where it gets the others back when it grows into a
 * table that keeps more, spills to disk, or is checkpointed. 8 bytes per state written once,
 * sequentially, like the parent links.
 *
 * Appends come from any number of threads at once (the BFS inserts a level's states in parallel)
 * through a few locked buffers; a full buffer claims the next range of the file. The order inside a
 * batch is therefore not fixed, but flush() at the end of a batch (a BFS level) puts the whole
 * batch before anything appended later, so a batch boundary is a position in the file.
 *
 * An I/O failure (a full disk) is not thrown at the inserting thread: the log stops writing, stops
 * the run through RunControl with the reason, and reports itself broken, so nothing is rebuilt from
 * an incomplete log.
 */
final class FingerprintLog implements AutoCloseable {
    private static final int STRIPES = 8;
    private static final int BUFFER_LONGS = 1 << 13;

    private final Path dir;
    private final RunControl control;
    private final FileChannel channel;
    private final AtomicLong claimed = new AtomicLong();
    private final Buffer[] buffers = new Buffer[STRIPES];
    private volatile boolean broken;

    FingerprintLog(Path dir, RunControl control) throws IOException {
        this.dir = dir;
        this.control = control;
        this.channel = TempFiles.open(dir, "fingerprints");
        for (int i = 0; i < STRIPES; i++) {
            buffers[i] = new Buffer();
        }
    }

    void append(long fp) {
        Buffer b = buffers[(int) Thread.currentThread().getId() & (STRIPES - 1)];
        synchronized (b) {
            b.longs[b.n++] = fp;
            if (b.n == BUFFER_LONGS) {
                b.write();
            }
        }
    }

    /** Writes every buffered fingerprint; afterwards size() counts all appended. */
    void flush() {
        for (Buffer b : buffers) {
            synchronized (b) {
                b.write();
            }
        }
    }

    /** Fingerprints written (all appended ones after flush()). */
    long size() {
        return claimed.get();
    }

    /** True once a write failed: the log misses fingerprints and the run is stopping. */
    boolean broken() {
        return broken;
    }

    /** Receives the log's fingerprints in chunks. */
    @FunctionalInterface
    interface ChunkSink {
        void accept(long[] chunk, int n) throws IOException;
    }

    /** Reads fingerprints [from, to) in order, in chunks of at most 2^16. */
    void read(long from, long to, ChunkSink sink) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocateDirect(1 << 19).order(ByteOrder.LITTLE_ENDIAN);
        long[] chunk = new long[1 << 16];
        for (long at = from; at < to; ) {
            int n = (int) Math.min(chunk.length, to - at);
            bytes.clear().limit(n * 8);
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, at * 8 + bytes.position()) < 0) {
                    throw new IOException("the fingerprint log ends at " + (at + bytes.position() / 8) + ", not " + to);
                }
            }
            bytes.flip();
            bytes.asLongBuffer().get(chunk, 0, n);
            sink.accept(chunk, n);
            at += n;
        }
    }

    /** Appends {@code n} fingerprints of {@code chunk} in this order, on one thread (a restore). */
    void appendAll(long[] chunk, int n) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asLongBuffer().put(chunk, 0, n);
        long at = claimed.getAndAdd(n) * 8;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // a scratch file: nothing to save
        }
    }

    private void fail(IOException e) {
        broken = true;
        control.stop(RunControl.diskFailure("the fingerprint log", dir, e));
    }

    private final class Buffer {
        final long[] longs = new long[BUFFER_LONGS];
        final ByteBuffer bytes = ByteBuffer.allocateDirect(BUFFER_LONGS * 8).order(ByteOrder.LITTLE_ENDIAN);
        int n;

        void write() {
            if (n == 0) {
                return;
            }
            int k = n;
            n = 0;
            if (broken) {
                return;
            }
            bytes.clear();
            bytes.asLongBuffer().put(longs, 0, k);
            bytes.limit(k * 8);
            long at = claimed.getAndAdd(k) * 8;
            try {
                while (bytes.hasRemaining()) {
                    at += channel.write(bytes, at);
                }
            } catch (IOException e) {
                fail(e);
            }
        }
    }
}
