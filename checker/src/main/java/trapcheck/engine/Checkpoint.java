package trapcheck.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/*
 * BFS checkpoints, taken at level boundaries: the seen table, the frontier, the parent links, the
 * level and the counters, plus what identifies the model and the options that shape the table
 * (stateWords, actionCount, a hash of the initial states, exact, symmetry).
 *
 * Atomicity: generation g writes seen-g.bin, frontier-g.bin and links-g.bin, forces them to disk,
 * then writes manifest.tmp, forces it and renames it over manifest.properties (an atomic move);
 * only then are other generations' files deleted. A crash at any moment leaves a manifest naming
 * complete files. A run may resume from and checkpoint into the same directory.
 *
 * Cost: the whole table and link file are rewritten each time (O(states)); hence at most one
 * checkpoint every Tuning.checkpointIntervalNanos (10 s by default), plus one when the run is
 * interrupted or runs out of time.
 */
final class Checkpoint {
    private static final String MANIFEST = "manifest.properties";
    private static final int FORMAT = 1;

    private final Model model;
    private final Options options;

    Checkpoint(Model model, Options options) {
        this.model = model;
        this.options = options;
    }

    void write(Path dir, BreadthFirstSearch bfs, long generated, long[] fires) {
        try {
            Files.createDirectories(dir);
            Properties old = readManifest(dir);
            long generation = old == null ? 1 : Long.parseLong(old.getProperty("generation")) + 1;
            long[] slots = bfs.seen.slots();
            writeLongs(dir.resolve("seen-" + generation + ".bin"), slots, slots.length);
            writeFrontier(dir.resolve("frontier-" + generation + ".bin"), bfs.frontier, bfs.words);
            long linkCount = bfs.levelStart + bfs.frontier.size();
            bfs.links().copyTo(dir.resolve("links-" + generation + ".bin"), linkCount);

            Properties m = identity();
            m.setProperty("format", Integer.toString(FORMAT));
            m.setProperty("generation", Long.toString(generation));
            m.setProperty("level", Integer.toString(bfs.level));
            m.setProperty("levelStart", Long.toString(bfs.levelStart));
            m.setProperty("frontierSize", Long.toString(bfs.frontier.size()));
            m.setProperty("seenCount", Long.toString(bfs.seen.count()));
            m.setProperty("seenSlots", Long.toString(slots.length));
            m.setProperty("generated", Long.toString(generated));
            StringBuilder f = new StringBuilder();
            for (int a = 0; a < fires.length; a++) {
                f.append(a == 0 ? "" : ",").append(fires[a]);
            }
            m.setProperty("fires", f.toString());
            Path tmp = dir.resolve("manifest.tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                m.store(out, "trapcheck BFS checkpoint");
            }
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            Files.move(tmp, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            deleteOtherGenerations(dir, generation);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint to " + dir, e);
        }
    }

    void load(Path dir, BreadthFirstSearch bfs) {
        try {
            Properties m = readManifest(dir);
            if (m == null) {
                throw new IllegalArgumentException(dir + ": no checkpoint (" + MANIFEST + " missing)");
            }
            Properties expected = identity();
            for (String key : expected.stringPropertyNames()) {
                if (!expected.getProperty(key).equals(m.getProperty(key))) {
                    throw new IllegalArgumentException(dir.resolve(MANIFEST) + ": " + key + " is " + m.getProperty(key)
                            + " in the checkpoint but " + expected.getProperty(key)
                            + " for this run: the checkpoint belongs to another model or options");
                }
            }
            String generation = m.getProperty("generation");
            bfs.budget.free(bfs.seen.slots());
            long[] slots = bfs.budget.allocate(Long.parseLong(m.getProperty("seenSlots")));
            if (slots == null) {
                throw new IllegalStateException(dir + ": the checkpoint's seen table does not fit the memory budget");
            }
            readLongs(dir.resolve("seen-" + generation + ".bin"), slots, slots.length);
            bfs.seen = new SeenTable(bfs.words, options.exact(), slots, Long.parseLong(m.getProperty("seenCount")),
                    bfs.budget);
            long frontierSize = Long.parseLong(m.getProperty("frontierSize"));
            if (!bfs.frontier.reserve(frontierSize)) {
                throw new IllegalStateException(dir + ": the checkpoint's frontier does not fit the memory budget");
            }
            bfs.frontier.setSize(frontierSize);
            readFrontier(dir.resolve("frontier-" + generation + ".bin"), bfs.frontier, bfs.words);
            bfs.level = Integer.parseInt(m.getProperty("level"));
            bfs.levelStart = Long.parseLong(m.getProperty("levelStart"));
            bfs.links().loadFrom(dir.resolve("links-" + generation + ".bin"), bfs.levelStart + frontierSize);
            bfs.baseGenerated = Long.parseLong(m.getProperty("generated"));
            String[] fires = m.getProperty("fires").split(",", -1);
            for (int a = 0; a < bfs.baseFires.length && a < fires.length; a++) {
                bfs.baseFires[a] = fires[a].isEmpty() ? 0 : Long.parseLong(fires[a]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint from " + dir, e);
        }
    }

    private Properties identity() {
        Properties p = new Properties();
        p.setProperty("stateWords", Integer.toString(model.stateWords()));
        p.setProperty("actionCount", Integer.toString(model.actionCount()));
        p.setProperty("exact", Boolean.toString(options.exact()));
        p.setProperty("symmetry", Boolean.toString(options.symmetry() && model.hasSymmetry()));
        long h = model.initialStates().size();
        for (long[] s : model.initialStates()) {
            h = h * 0x9E3779B97F4A7C15L + Fingerprints.of(s, s.length);
        }
        p.setProperty("initialStatesHash", Long.toHexString(h));
        return p;
    }

    private static Properties readManifest(Path dir) throws IOException {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.exists(manifest)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(manifest)) {
            p.load(in);
        }
        return p;
    }

    private static void deleteOtherGenerations(Path dir, long generation) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".bin") && !name.endsWith("-" + generation + ".bin")
                        && (name.startsWith("seen-") || name.startsWith("frontier-") || name.startsWith("links-"))) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static void writeLongs(Path file, long[] a, int n) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            LongBuffer view = buf.asLongBuffer();
            for (int done = 0; done < n; ) {
                int k = Math.min(view.capacity(), n - done);
                view.clear();
                view.put(a, done, k);
                buf.clear().limit(k * 8);
                while (buf.hasRemaining()) {
                    c.write(buf);
                }
                done += k;
            }
            c.force(true);
        }
    }

    private static void readLongs(Path file, long[] a, int n) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            LongBuffer view = buf.asLongBuffer();
            for (int done = 0; done < n; ) {
                int k = Math.min(view.capacity(), n - done);
                buf.clear().limit(k * 8);
                while (buf.hasRemaining()) {
                    if (c.read(buf) < 0) {
                        throw new IOException(file + ": truncated");
                    }
                }
                view.clear();
                view.get(a, done, k);
                done += k;
            }
        }
    }

    private static void writeFrontier(Path file, LongRecords frontier, int words) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long r = 0; r < frontier.size(); r += 1L << LongRecords.SHIFT) {
                int k = (int) Math.min(1L << LongRecords.SHIFT, frontier.size() - r);
                long[] chunk = frontier.chunk(r);
                for (int done = 0; done < k * words; ) {
                    int n = Math.min(buf.capacity() / 8, k * words - done);
                    buf.clear();
                    buf.asLongBuffer().put(chunk, done, n);
                    buf.limit(n * 8);
                    while (buf.hasRemaining()) {
                        c.write(buf);
                    }
                    done += n;
                }
            }
            c.force(true);
        }
    }

    private static void readFrontier(Path file, LongRecords frontier, int words) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (long r = 0; r < frontier.size(); r += 1L << LongRecords.SHIFT) {
                int k = (int) Math.min(1L << LongRecords.SHIFT, frontier.size() - r);
                long[] chunk = frontier.chunk(r);
                for (int done = 0; done < k * words; ) {
                    int n = Math.min(buf.capacity() / 8, k * words - done);
                    buf.clear().limit(n * 8);
                    while (buf.hasRemaining()) {
                        if (c.read(buf) < 0) {
                            throw new IOException(file + ": truncated");
                        }
                    }
                    buf.flip();
                    buf.asLongBuffer().get(chunk, done, n);
                    done += n;
                }
            }
        }
    }
}
