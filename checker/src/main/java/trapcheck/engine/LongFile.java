package trapcheck.engine;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/*
 * Files of little-endian longs, written and read in order through a 1 MiB direct buffer: the
 * sections of a checkpoint (the seen set, the frontier, the parent links) that the structures
 * holding them save and restore themselves. Both ends keep a CRC32C of the bytes that passed, so a
 * checkpoint records one per file and a reader can tell a damaged or swapped file from a good one.
 */
final class LongFile {
    private static final int BUFFER_BYTES = 1 << 20;

    private LongFile() {
    }

    /** Writes longs in order to a new file; close() forces them to disk. */
    static final class Writer implements Closeable {
        private final FileChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private final LongBuffer longs = buffer.asLongBuffer();
        private final CRC32C crc = new CRC32C();
        private long written;

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
                crc.update(buffer);
                buffer.flip();
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                done += k;
            }
            written += n;
        }

        /** CRC32C of the bytes written so far. */
        int crc() {
            return (int) crc.getValue();
        }

        long longsWritten() {
            return written;
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
        private final CRC32C crc = new CRC32C();

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
                        throw new IOException(file.getFileName() + ": ends early");
                    }
                }
                buffer.flip();
                crc.update(buffer);
                longs.clear();
                longs.get(a, from + done, k);
                done += k;
            }
        }

        /** CRC32C of the bytes read so far. */
        int crc() {
            return (int) crc.getValue();
        }

        /** Whether the file holds nothing past what was read. */
        boolean atEnd() throws IOException {
            return channel.position() == channel.size();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
