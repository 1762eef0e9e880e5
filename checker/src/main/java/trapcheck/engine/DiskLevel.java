package trapcheck.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/*
 * A BFS level on disk (TLC's DiskStateQueue, by position): `size` packed states of `words` longs
 * in a scratch file (TempFiles), for a Frontier whose next level is larger than its share of the
 * memory budget. Written once, at disjoint positions, by the merge's workers; then read by the
 * expanding workers, each in increasing positions inside the chunks it claims.
 *
 * Both go through per-thread buffers of BLOCK states, so the file sees block-sized positional reads
 * and writes: a write buffer holds consecutive positions and is written when the next position is
 * not the following one or it is full; finishWrites (one thread, after the merge's barrier) writes
 * what is left. A read fills the thread's buffer with the block starting at the position asked.
 * The buffers (a few hundred KiB per thread) are not counted in the budget.
 *
 * An I/O failure stops the run with a "disk:" reason; reads then give zeroed states, which the
 * stopping run never stores.
 */
final class DiskLevel implements AutoCloseable {
    private static final int BLOCK = 4096;

    private final int words;
    private final long size;
    private final FileChannel channel;
    private final RunControl control;
    private final Path dir;
    private final SpillMeter meter;
    private final ThreadLocal<ReadBlock> reads;
    private final ThreadLocal<WriteBlock> writes;
    private final Queue<WriteBlock> pending = new ConcurrentLinkedQueue<>();

    DiskLevel(int words, long size, Path dir, RunControl control, SpillMeter meter) throws IOException {
        this.words = words;
        this.size = size;
        this.dir = dir;
        this.control = control;
        this.meter = meter;
        this.channel = TempFiles.open(dir, "frontier");
        this.reads = ThreadLocal.withInitial(ReadBlock::new);
        this.writes = ThreadLocal.withInitial(() -> {
            WriteBlock b = new WriteBlock();
            pending.add(b);
            return b;
        });
        meter.add(size * words * 8);
    }

    long size() {
        return size;
    }

    /** Copies the state at {@code position} into {@code into}. Any thread, once finishWrites has run. */
    void read(long position, long[] into) {
        ReadBlock b = reads.get();
        if (position < b.first || position >= b.first + b.count) {
            b.load(position);
        }
        System.arraycopy(b.states, (int) (position - b.first) * words, into, 0, words);
    }

    /** Writes the state held in {@code src} from {@code from} at {@code position}. Several threads, disjoint positions. */
    void place(long position, long[] src, int from) {
        WriteBlock b = writes.get();
        if (b.count == BLOCK || (b.count > 0 && position != b.first + b.count)) {
            b.write();
        }
        if (b.count == 0) {
            b.first = position;
        }
        System.arraycopy(src, from, b.states, b.count * words, words);
        b.count++;
    }

    /** Writes every buffered state (one thread, after the writers' barrier). */
    void finishWrites() {
        for (WriteBlock b : pending) {
            b.write();
        }
    }

    @Override
    public void close() {
        meter.remove(size * words * 8);
        try {
            channel.close();
        } catch (IOException e) {
            // a scratch file: nothing to save
        }
    }

    private void fail(IOException e) {
        control.stop(RunControl.diskFailure("the frontier", dir, e));
    }

    private final class ReadBlock {
        final long[] states = new long[BLOCK * words];
        final ByteBuffer bytes = ByteBuffer.allocateDirect(BLOCK * words * 8).order(ByteOrder.LITTLE_ENDIAN);
        long first = -1;
        int count;

        void load(long position) {
            first = position;
            count = (int) Math.min(BLOCK, size - position);
            bytes.clear().limit(count * words * 8);
            try {
                long at = position * words * 8;
                while (bytes.hasRemaining()) {
                    if (channel.read(bytes, at + bytes.position()) < 0) {
                        throw new IOException("the frontier file ends before state " + (position + count));
                    }
                }
                bytes.flip();
                bytes.asLongBuffer().get(states, 0, count * words);
            } catch (IOException e) {
                fail(e);
                java.util.Arrays.fill(states, 0);
            }
        }
    }

    private final class WriteBlock {
        final long[] states = new long[BLOCK * words];
        final ByteBuffer bytes = ByteBuffer.allocateDirect(BLOCK * words * 8).order(ByteOrder.LITTLE_ENDIAN);
        long first;
        int count;

        void write() {
            if (count == 0) {
                return;
            }
            bytes.clear();
            bytes.asLongBuffer().put(states, 0, count * words);
            bytes.limit(count * words * 8);
            count = 0;
            try {
                long at = first * words * 8;
                while (bytes.hasRemaining()) {
                    at += channel.write(bytes, at);
                }
            } catch (IOException e) {
                fail(e);
            }
        }
    }
}
