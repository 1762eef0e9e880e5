package trapcheck.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import trapcheck.engine.CheckpointException.Kind;

/*
 * BFS checkpoints, taken at level boundaries: a Snapshot (the seen set, the frontier, the parent
 * links, the level and the counters) in three data files, and a CheckpointManifest that says whose
 * run it is (CheckpointManifest.Identity) and holds each file's CRC32C and its own.
 *
 * Writing. Generation g (one more than any generation in the folder) writes seen-g.bin,
 * frontier-g.bin and links-g.bin and forces them to disk, then writes manifest.tmp, forces it and
 * renames it over manifest.properties (atomic); only then are other generations' files deleted.
 * A crash or a full disk at any moment leaves the previous manifest naming complete files: a
 * failed write deletes what it wrote, warns through the progress listener, and the run goes on.
 *
 * Reading refuses, with a CheckpointException naming the file and the reason and before anything is
 * explored: a manifest that does not parse, fails its checksum or is inconsistent; a checkpoint of
 * another model, source or options; a data file of the wrong size or checksum; a seen table that
 * does not hold seenCount states or is too full to probe; a parent link that does not point to an
 * earlier state (which would make trace reconstruction loop); a level that the links contradict.
 *
 * Cost: the whole seen set and link file are rewritten each time (O(states)); hence at most one
 * checkpoint every Tuning.checkpointIntervalNanos (10 s by default), plus one when the run is
 * interrupted or runs out of time.
 */
final class Checkpoint {
    private static final Pattern DATA_FILE = Pattern.compile("(seen|frontier|links)-([0-9]{1,18})\\.bin");
    private static final Pattern GENERATION_LINE = Pattern.compile("(?m)^generation=([0-9]{1,18})$");

    /**
     * What a BFS is at the start of a level, as a checkpoint holds it.
     *
     * @param level     the level whose states the frontier holds
     * @param generated transitions generated before this level
     * @param fires     per action, fires before this level
     */
    record Snapshot(int level, SeenSet seen, Frontier frontier, ParentLinks links, long generated, long[] fires) {
        void release() {
            seen.release();
            frontier.release();
            links.close();
        }
    }

    /** Runs when a file has been read whole, before its content is checked (a checksum first). */
    @FunctionalInterface
    interface IntegrityCheck {
        void check() throws IOException;
    }

    private final Model model;
    private final Options options;
    private final MemoryBudget budget;
    private final RunControl control;
    /** Computed on first use: most runs never checkpoint. */
    private CheckpointManifest.Identity identity;

    Checkpoint(Model model, Options options, MemoryBudget budget, RunControl control) {
        this.model = model;
        this.options = options;
        this.budget = budget;
        this.control = control;
    }

    private CheckpointManifest.Identity identity() {
        if (identity == null) {
            identity = runIdentity(model, options);
        }
        return identity;
    }

    /** This run's identity: what a checkpoint must record to be resumed by it. */
    static CheckpointManifest.Identity runIdentity(Model model, Options options) {
        StringBuilder shape = new StringBuilder();
        for (int a = 0; a < model.actionCount(); a++) {
            shape.append("action ").append(model.actionName(a)).append('\n');
        }
        for (Property p : model.properties()) {
            shape.append("property ").append(p.id()).append('\n');
        }
        for (long[] s : model.initialStates()) {
            shape.append("initial");
            for (long w : s) {
                shape.append(' ').append(Long.toHexString(w));
            }
            shape.append('\n');
        }
        String origin = options.checkpointOrigin() == null ? "" : options.checkpointOrigin();
        return new CheckpointManifest.Identity(CheckpointManifest.sha256(model.identity()), CheckpointManifest.sha256(origin),
                CheckpointManifest.sha256(shape.toString()), model.stateWords(), model.actionCount(), options.exact(),
                options.symmetry() && model.hasSymmetry(), SeenSets.kind(options), options.reduces());
    }

    /**
     * Writes the snapshot as a new generation in {@code dir}. False if it could not (the disk is full,
     * the folder cannot be written): then a warning went to the progress listener, nothing of the
     * attempt is left, and the previous checkpoint in {@code dir}, if any, is still valid.
     */
    boolean write(Path dir, Snapshot s) {
        long generation = 0;
        try {
            Files.createDirectories(dir);
            generation = nextGeneration(dir);
            int seenCrc;
            try (LongFile.Writer out = new LongFile.Writer(dir.resolve(name("seen", generation)))) {
                s.seen().save(out);
                seenCrc = out.crc();
            }
            int frontierCrc;
            try (LongFile.Writer out = new LongFile.Writer(dir.resolve(name("frontier", generation)))) {
                s.frontier().save(out);
                frontierCrc = out.crc();
            }
            int linksCrc;
            try (LongFile.Writer out = new LongFile.Writer(dir.resolve(name("links", generation)))) {
                s.links().save(out, s.frontier().end());
                linksCrc = out.crc();
            }
            CheckpointManifest m = new CheckpointManifest(generation, identity(), s.level(), s.frontier().start(),
                    s.frontier().size(), s.seen().count(), s.seen().savedLongs(), s.generated(), s.fires(),
                    seenCrc, frontierCrc, linksCrc);
            Path tmp = dir.resolve("manifest.tmp");
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                c.write(java.nio.ByteBuffer.wrap(m.text().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                c.force(true);
            }
            Files.move(tmp, dir.resolve(CheckpointManifest.FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(dir);
            deleteGenerations(dir, generation, false);
            return true;
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            if (generation > 0) {
                try {
                    Files.deleteIfExists(dir.resolve("manifest.tmp"));
                    deleteGenerations(dir, generation, true);
                } catch (IOException | UncheckedIOException ignored) {
                    // what is left is unreferenced, and the next write deletes it
                }
            }
            options.progress().warning("checkpoint not written to " + dir + " (" + describe(cause)
                    + "); the previous checkpoint there, if any, stays valid; exploring on");
            return false;
        }
    }

    /** The snapshot in {@code dir}, every file checked, in new structures allocated through the budget. */
    Snapshot read(Path dir) {
        Path manifestFile = dir.resolve(CheckpointManifest.FILE);
        if (!Files.exists(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new CheckpointException(Kind.MISSING, dir, "no checkpoint here (no " + CheckpointManifest.FILE + ")");
        }
        CheckpointManifest m = CheckpointManifest.read(manifestFile);
        CheckpointManifest.Identity identity = identity();
        m.identity().requireEqual(manifestFile, identity);
        if (options.maxDepth() > 0 && m.level() > options.maxDepth()) {
            throw new CheckpointException(Kind.OTHER_OPTIONS, manifestFile, "the checkpoint is at level " + m.level()
                    + ", past this run's depth bound " + options.maxDepth());
        }
        int words = model.stateWords();
        Path seenFile = dir.resolve(name("seen", m.generation()));
        Path frontierFile = dir.resolve(name("frontier", m.generation()));
        Path linksFile = dir.resolve(name("links", m.generation()));
        String unrestorable = SeenSets.unrestorable(words, options, m.seenSlots(), m.seenCount());
        if (unrestorable != null) {
            throw CheckpointManifest.damaged(manifestFile, "seenSlots " + m.seenSlots() + ": " + unrestorable);
        }
        expectSize(seenFile, m.seenSlots(), 1);
        expectSize(frontierFile, m.frontierSize(), words);
        expectSize(linksFile, m.seenCount(), 1);

        SeenSet seen = null;
        Frontier frontier = null;
        ParentLinks links = null;
        boolean done = false;
        try {
            try (LongFile.Reader in = new LongFile.Reader(seenFile)) {
                seen = SeenSets.restore(words, options, m.seenSlots(), m.seenCount(), in, budget, control,
                        () -> expectCrc(seenFile, in, m.seenCrc()));
                if (seen == null) {
                    throw tooLarge(seenFile, m.seenSlots());
                }
            } catch (IOException e) {
                throw unreadable(seenFile, e);
            }
            try (LongFile.Reader in = new LongFile.Reader(frontierFile)) {
                frontier = Frontier.restore(words, m.levelStart(), m.frontierSize(), in, budget);
                if (frontier == null) {
                    throw tooLarge(frontierFile, m.frontierSize() * words);
                }
                expectCrc(frontierFile, in, m.frontierCrc());
            } catch (IOException e) {
                throw unreadable(frontierFile, e);
            }
            links = new ParentLinks(options.spillDir());
            try (LongFile.Reader in = new LongFile.Reader(linksFile)) {
                LinkCheck check = new LinkCheck(model.initialStates().size(), model.actionCount());
                links.load(in, m.seenCount(), check);
                expectCrc(linksFile, in, m.linksCrc());
                if (check.problem != null) {
                    throw new IOException(check.problem);
                }
            } catch (IOException e) {
                throw unreadable(linksFile, e);
            }
            checkLevel(linksFile, links, m);
            done = true;
            return new Snapshot(m.level(), seen, frontier, links, m.generated(), m.fires());
        } finally {
            if (!done) {
                if (seen != null) {
                    seen.release();
                }
                if (frontier != null) {
                    frontier.release();
                }
                if (links != null) {
                    links.close();
                }
            }
        }
    }

    /**
     * Every link points to an earlier state, or, for a prefix of the states, to an initial state. The
     * first bad link is remembered, not thrown, so that a damaged file is reported by its checksum.
     */
    private static final class LinkCheck implements ParentLinks.Check {
        private final int initialStates;
        private final int actionCount;
        private boolean pastInitial;
        String problem;

        LinkCheck(int initialStates, int actionCount) {
            this.initialStates = initialStates;
            this.actionCount = actionCount;
        }

        @Override
        public void check(long first, long[] chunk, int n) {
            for (int j = 0; j < n && problem == null; j++) {
                long index = first + j;
                long link = chunk[j];
                boolean ok;
                if (link < 0) {
                    ok = !pastInitial && index < initialStates && -(link + 1) < initialStates;
                } else {
                    pastInitial = true;
                    ok = actionCount > 0 && index > 0 && link / actionCount < index;
                }
                if (!ok) {
                    problem = "the parent link of state " + index + " (" + link
                            + ") points to no earlier state: not the link file of this checkpoint";
                }
            }
        }
    }

    /** The states at the frontier's ends lie at its level, and the state before it one level up. */
    private static void checkLevel(Path file, ParentLinks links, CheckpointManifest m) {
        long start = m.levelStart();
        long end = start + m.frontierSize();
        for (long index : start == 0 ? new long[] {start, end - 1} : new long[] {start - 1, start, end - 1}) {
            int expected = index < start ? m.level() - 1 : m.level();
            int depth = 0;
            for (long link = links.read(index); link >= 0; link = links.read(link / m.identity().actionCount())) {
                depth++;
            }
            if (depth != expected) {
                throw CheckpointManifest.damaged(file, "state " + index + " is " + depth + " steps deep, but the manifest"
                        + " puts it at level " + expected + " (level " + m.level() + " from state " + start + ")");
            }
        }
    }

    private static void expectSize(Path file, long longs, int words) {
        long bytes;
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw CheckpointManifest.damaged(file, Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                        ? "not a regular file" : "missing (the manifest names it)");
            }
            bytes = Files.size(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
        long expected = longs > Long.MAX_VALUE / 8 / words ? -1 : longs * words * 8;
        if (bytes != expected) {
            throw CheckpointManifest.damaged(file, bytes + " bytes, but the manifest says "
                    + (expected < 0 ? "more than 2^63" : Long.toString(expected)) + " (truncated or replaced)");
        }
    }

    private static void expectCrc(Path file, LongFile.Reader in, int recorded) throws IOException {
        if (!in.atEnd()) {
            throw CheckpointManifest.damaged(file, "longer than the manifest says");
        }
        if (in.crc() != recorded) {
            throw CheckpointManifest.damaged(file, "checksum mismatch (CRC32C " + CheckpointManifest.hex(in.crc())
                    + ", the manifest records " + CheckpointManifest.hex(recorded) + "): damaged or replaced");
        }
    }

    private static CheckpointException unreadable(Path file, IOException e) {
        return CheckpointManifest.damaged(file, describe(e));
    }

    private static CheckpointException tooLarge(Path file, long longs) {
        return new CheckpointException(Kind.NO_MEMORY, file, "needs " + (longs * 8 >> 20)
                + " MiB, more than the memory budget leaves: give the run more memory to resume it");
    }

    /** An I/O problem in words, without the exception's class name. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return (n.getFile() == null ? "" : n.getFile() + ": ") + "no such file or folder";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + ": exists and is not a folder";
        }
        if (e instanceof AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return (f.getFile() == null ? "" : f.getFile() + ": ") + f.getReason();
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? "input/output error" : e.getMessage();
    }

    private static String name(String section, long generation) {
        return section + "-" + generation + ".bin";
    }

    /** One more than any generation the folder's manifest or data files mention. */
    private static long nextGeneration(Path dir) throws IOException {
        long max = 0;
        Path manifest = dir.resolve(CheckpointManifest.FILE);
        if (Files.isRegularFile(manifest, LinkOption.NOFOLLOW_LINKS) && Files.size(manifest) < 1 << 22) {
            Matcher g = GENERATION_LINE.matcher(Files.readString(manifest, java.nio.charset.StandardCharsets.ISO_8859_1));
            if (g.find()) {
                max = Long.parseLong(g.group(1));
            }
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher d = DATA_FILE.matcher(f.getFileName().toString());
                if (d.matches()) {
                    max = Math.max(max, Long.parseLong(d.group(2)));
                }
            }
        }
        if (max == Long.MAX_VALUE) {
            throw new IOException("no generation number left");
        }
        return max + 1;
    }

    /** Deletes the data files of generation {@code generation} ({@code only}) or of every other one. */
    private static void deleteGenerations(Path dir, long generation, boolean only) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher d = DATA_FILE.matcher(f.getFileName().toString());
                if (d.matches() && (Long.parseLong(d.group(2)) == generation) == only) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Makes the rename durable (a no-op where folders cannot be opened). */
    private static void forceDirectory(Path dir) {
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException e) {
            // not supported here: the rename is still atomic, only its durability is the OS's
        }
    }
}
