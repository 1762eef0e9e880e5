package trapcheck.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/*
 * BFS checkpoints, taken at level boundaries: a Snapshot (the seen set, the frontier, the parent
 * links, the level and the counters) plus what identifies the model and the options that shape the
 * table (stateWords, actionCount, a hash of the initial states, exact, symmetry).
 *
 * Atomicity: generation g writes seen-g.bin, frontier-g.bin and links-g.bin, forces them to disk,
 * then writes manifest.tmp, forces it and renames it over manifest.properties (an atomic move);
 * only then are other generations' files deleted. A crash at any moment leaves a manifest naming
 * complete files. A run may resume from and checkpoint into the same directory.
 *
 * Cost: the whole seen set and link file are rewritten each time (O(states)); hence at most one
 * checkpoint every Tuning.checkpointIntervalNanos (10 s by default), plus one when the run is
 * interrupted or runs out of time.
 */
final class Checkpoint {
    private static final String MANIFEST = "manifest.properties";
    private static final int FORMAT = 1;

    /**
     * What a BFS is at the start of a level, as a checkpoint holds it.
     *
     * @param level     the level whose states the frontier holds
     * @param generated transitions generated before this level
     * @param fires     per action, fires before this level
     */
    record Snapshot(int level, SeenSet seen, Frontier frontier, ParentLinks links, long generated, long[] fires) {
    }

    private final Model model;
    private final Options options;
    private final MemoryBudget budget;

    Checkpoint(Model model, Options options, MemoryBudget budget) {
        this.model = model;
        this.options = options;
        this.budget = budget;
    }

    void write(Path dir, Snapshot s) {
        try {
            Files.createDirectories(dir);
            Properties old = readManifest(dir);
            long generation = old == null ? 1 : Long.parseLong(old.getProperty("generation")) + 1;
            try (LongFile.Writer out = new LongFile.Writer(dir.resolve("seen-" + generation + ".bin"))) {
                s.seen().save(out);
            }
            try (LongFile.Writer out = new LongFile.Writer(dir.resolve("frontier-" + generation + ".bin"))) {
                s.frontier().save(out);
            }
            s.links().copyTo(dir.resolve("links-" + generation + ".bin"), s.frontier().end());

            Properties m = identity();
            m.setProperty("format", Integer.toString(FORMAT));
            m.setProperty("generation", Long.toString(generation));
            m.setProperty("level", Integer.toString(s.level()));
            m.setProperty("levelStart", Long.toString(s.frontier().start()));
            m.setProperty("frontierSize", Long.toString(s.frontier().size()));
            m.setProperty("seenCount", Long.toString(s.seen().count()));
            m.setProperty("seenSlots", Long.toString(s.seen().savedLongs()));
            m.setProperty("generated", Long.toString(s.generated()));
            StringBuilder f = new StringBuilder();
            for (int a = 0; a < s.fires().length; a++) {
                f.append(a == 0 ? "" : ",").append(s.fires()[a]);
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

    /** The snapshot the checkpoint in {@code dir} holds, in new structures allocated through the budget. */
    Snapshot read(Path dir) {
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
            int words = model.stateWords();
            SeenSet seen;
            try (LongFile.Reader in = new LongFile.Reader(dir.resolve("seen-" + generation + ".bin"))) {
                seen = SeenTable.restore(words, options.exact(), Long.parseLong(m.getProperty("seenSlots")),
                        Long.parseLong(m.getProperty("seenCount")), in, budget);
            }
            if (seen == null) {
                throw new IllegalStateException(dir + ": the checkpoint's seen table does not fit the memory budget");
            }
            long levelStart = Long.parseLong(m.getProperty("levelStart"));
            long frontierSize = Long.parseLong(m.getProperty("frontierSize"));
            Frontier frontier;
            try (LongFile.Reader in = new LongFile.Reader(dir.resolve("frontier-" + generation + ".bin"))) {
                frontier = Frontier.restore(words, levelStart, frontierSize, in, budget);
            }
            if (frontier == null) {
                throw new IllegalStateException(dir + ": the checkpoint's frontier does not fit the memory budget");
            }
            ParentLinks links = new ParentLinks();
            try {
                links.loadFrom(dir.resolve("links-" + generation + ".bin"), frontier.end());
            } catch (IOException e) {
                links.close();
                throw e;
            }
            long[] fires = new long[model.actionCount()];
            String[] recorded = m.getProperty("fires").split(",", -1);
            for (int a = 0; a < fires.length && a < recorded.length; a++) {
                fires[a] = recorded[a].isEmpty() ? 0 : Long.parseLong(recorded[a]);
            }
            return new Snapshot(Integer.parseInt(m.getProperty("level")), seen, frontier, links,
                    Long.parseLong(m.getProperty("generated")), fires);
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
}
