package trapcheck.engine;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/*
 * Files of little-endian longs, written and read in order through a 1 MiB direct buffer: the
 * sections of a checkpoint (the seen set, the frontier) that the structures holding them save and
 * restore themselves.
 */
final class LongFile {
    private static final int BUFFER_BYTES = 1 << 20;

    private LongFile() {
    }

    /** Writes longs in order; close() forces them to disk. */
    static final class Writer implements Closeable {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private final LongBuffer longs = buffer.asLongBuffer();

        Writer(Path file) throws IOException {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        }

        /** Appends {@code n} longs of {@code a} from {@code from}. */
        void put(long[] a, int from, int n) throws IOException {
            for (int done = 0; done < n; ) {
                int k = Math.min(longs.capacity(), n - done);
                longs.clear();
                longs.put(a, from + done, k);
                buffer.clear().limit(k * 8);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                done += k;
            }
        }

        @Override
        public void close() throws IOException {
            try (channel) {
                channel.force(true);
            }
        }
    }

    /** Reads longs in order; a file shorter than what is asked for is an IOException. */
    static final class Reader implements Closeable {
        private final Path file;
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private final LongBuffer longs = buffer.asLongBuffer();

        Reader(Path file) throws IOException {
            this.file = file;
            channel = FileChannel.open(file, StandardOpenOption.READ);
        }

        /** Reads the next {@code n} longs into {@code a} from {@code from}. */
        void get(long[] a, int from, int n) throws IOException {
            for (int done = 0; done < n; ) {
                int k = Math.min(longs.capacity(), n - done);
                buffer.clear().limit(k * 8);
                while (buffer.hasRemaining()) {
                    if (channel.read(buffer) < 0) {
                        throw new IOException(file + ": truncated");
                    }
                }
                longs.clear();
                longs.get(a, from + done, k);
                done += k;
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
