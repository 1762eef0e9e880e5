package trapcheck.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/*
 * For every stored state, by its global index (the order in which the search stored it), one long:
 * parentIndex * actionCount + action, or -(ordinal + 1) for the initial state model.initialStates()
 * .get(ordinal). That is all trace reconstruction needs: follow the links back, then replay.
 *
 * Why a file and not a long[] in the heap (like TLC's trace file, unlike Stateright's in-memory
 * map): the heap is what bounds the size of a run, and the seen table already takes 10-15 bytes
 * per state; 8 more per state, read only when a counterexample is rebuilt (depth reads), belongs
 * on disk. The links are written in index order, one level (or one DFS state) at a time, through
 * per-writer buffers, so the cost is a sequential write of 8 bytes per state. A checkpoint copies
 * the file as its link section and checks every link it loads back (Checkpoint). It is deleted when the search closes.
 */
final class ParentLinks implements AutoCloseable {
    private static final int COPY_LONGS = 1 << 16;
    private final FileChannel channel;

    /** An empty link file in {@code dir} (the spill folder; null: the OS temp folder). */
    ParentLinks(Path dir) {
        try {
            channel = TempFiles.open(dir, "links");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the parent-link file", e);
        }
    }

    static long link(long parentIndex, int action, int actionCount) {
        return parentIndex * actionCount + action;
    }

    /**
     * The link of a state found on the level starting at global index {@code levelStart} under the
     * discoverer key {@code key} (frontier position within the level * actionCount + action).
     */
    static long fromDiscoverer(long levelStart, long key, int actionCount) {
        return link(levelStart + key / actionCount, (int) (key % actionCount), actionCount);
    }

    static long initialLink(int ordinal) {
        return -(ordinal + 1L);
    }

    /** A writer owns a buffer; several writers may write disjoint index ranges concurrently. */
    Writer writer() {
        return new Writer();
    }

    long read(long index) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        try {
            long position = index * 8;
            while (b.hasRemaining()) {
                if (channel.read(b, position + b.position()) < 0) {
                    throw new IllegalStateException("parent link " + index + " was never written");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.getLong(0);
    }

    /** Looks at the links read from a checkpoint, chunk by chunk, as they are loaded. */
    @FunctionalInterface
    interface Check {
        /** {@code n} links of {@code chunk}, of the states with global indices {@code first} onwards. */
        void check(long first, long[] chunk, int n);
    }

    /** Writes the first {@code count} links to {@code out}. */
    void save(LongFile.Writer out, long count) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocateDirect(COPY_LONGS * 8).order(ByteOrder.LITTLE_ENDIAN);
        long[] chunk = new long[COPY_LONGS];
        for (long done = 0; done < count; ) {
            int n = (int) Math.min(COPY_LONGS, count - done);
            bytes.clear().limit(n * 8);
            while (bytes.hasRemaining()) {
                if (channel.read(bytes, done * 8 + bytes.position()) < 0) {
                    throw new IOException("the parent-link file ends at link " + (done + bytes.position() / 8));
                }
            }
            bytes.flip();
            bytes.asLongBuffer().get(chunk, 0, n);
            out.put(chunk, 0, n);
            done += n;
        }
    }

    /** Replaces the content by {@code count} links read from {@code in}, each chunk passed by {@code check} first. */
    void load(LongFile.Reader in, long count, Check check) throws IOException {
        channel.truncate(0);
        ByteBuffer bytes = ByteBuffer.allocateDirect(COPY_LONGS * 8).order(ByteOrder.LITTLE_ENDIAN);
        long[] chunk = new long[COPY_LONGS];
        for (long done = 0; done < count; ) {
            int n = (int) Math.min(COPY_LONGS, count - done);
            in.get(chunk, 0, n);
            check.check(done, chunk, n);
            bytes.clear();
            bytes.asLongBuffer().put(chunk, 0, n);
            bytes.limit(n * 8);
            while (bytes.hasRemaining()) {
                channel.write(bytes, done * 8 + bytes.position());
            }
            done += n;
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // a leftover temp file is not worth failing a finished run for
        }
    }

    /** Buffers consecutive links; flush() before writing at a non-consecutive index. */
    final class Writer {
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        private long next = -1;

        void put(long index, long link) {
            if (index != next || !buffer.hasRemaining()) {
                flush();
                next = index;
            }
            buffer.putLong(link);
            next++;
        }

        void flush() {
            buffer.flip();
            long position = (next - buffer.remaining() / 8) * 8;
            try {
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer, position);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the parent-link file", e);
            }
            buffer.clear();
        }
    }
}
