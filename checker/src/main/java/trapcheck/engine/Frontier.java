package trapcheck.engine;

import java.io.IOException;

/*
 * The BFS frontier: the states of the level being expanded, in the order a sequential BFS holds them
 * (a state's global index is start() + its position), and the storage of the next level while the
 * merge places its states. The BFS touches states only through here, so a frontier that lives
 * elsewhere (on disk, say) is a change of this class alone.
 *
 * In memory: one LongRecords of packed states per level. Reads are by position, from any number of
 * threads; a level's next level is written at disjoint positions by several threads after next()
 * has reserved all of it.
 *
 * On disk (a Spill is given): a next level larger than the spill's share of the budget, or one the
 * budget cannot take, is a DiskLevel instead, read and written through per-thread block buffers.
 */
final class Frontier {
    private final int words;
    private final MemoryBudget budget;
    private final Spill spill;
    private LongRecords states;
    /** The level when it is on disk (then states is empty). */
    private DiskLevel disk;
    private long start;

    /** Where and past what size a next level goes to disk. */
    record Spill(long shareBytes, java.nio.file.Path dir, RunControl control, SpillMeter meter) {
    }

    Frontier(int words, MemoryBudget budget) {
        this(words, budget, null);
    }

    /** {@code spill}: null to keep every level in memory. */
    Frontier(int words, MemoryBudget budget, Spill spill) {
        this(words, budget, new LongRecords(words, budget), 0, spill);
    }

    private Frontier(int words, MemoryBudget budget, LongRecords states, long start, Spill spill) {
        this.words = words;
        this.budget = budget;
        this.states = states;
        this.start = start;
        this.spill = spill;
    }

    /** States in the level. */
    long size() {
        return disk != null ? disk.size() : states.size();
    }

    /** Global index of the level's first state: how many states the levels before it hold. */
    long start() {
        return start;
    }

    /** Global index one past the level's last state. */
    long end() {
        return start + size();
    }

    /** Whether the level is on disk. */
    boolean onDisk() {
        return disk != null;
    }

    /** Copies the state at {@code position} of the level into {@code into}. */
    void read(long position, long[] into) {
        if (disk != null) {
            disk.read(position, into);
        } else {
            states.copyOut(position, 0, into, words);
        }
    }

    /** Appends a state to the level (the initial states); false if memory ran out. */
    boolean append(long[] state) {
        long i = states.append();
        if (i < 0) {
            return false;
        }
        states.copyIn(i, 0, state, words);
        return true;
    }

    /**
     * Storage for a next level of {@code size} states; null if the memory budget refused it, or the
     * disk failed (the run is stopping then).
     */
    Next next(long size) {
        long longs = size * words;
        if (spill != null && (8 * longs > spill.shareBytes() || !budget.fits(longs + words * LongRecords.CHUNK_RECORDS))) {
            try {
                return new Next(null, new DiskLevel(words, size, spill.dir(), spill.control(), spill.meter()));
            } catch (IOException e) {
                spill.control().stop(RunControl.diskFailure("the frontier", spill.dir(), e));
                return null;
            }
        }
        LongRecords next = new LongRecords(words, budget);
        if (!next.reserve(size)) {
            next.release();
            return null;
        }
        next.setSize(size);
        return new Next(next, null);
    }

    /** The next level becomes the level (its writes finished: one thread); this one is released. */
    void advance(Next next) {
        start = end();
        releaseLevel();
        if (next.disk != null) {
            next.disk.finishWrites();
            disk = next.disk;
            states = new LongRecords(words, budget);
        } else {
            states = next.states;
        }
    }

    private void releaseLevel() {
        states.release();
        if (disk != null) {
            disk.close();
            disk = null;
        }
    }

    void release() {
        releaseLevel();
    }

    /** Writes the level's states for a checkpoint (start and size go in its manifest). */
    void save(LongFile.Writer out) throws IOException {
        if (disk != null) {
            throw new IOException("a frontier on disk is not checkpointed");
        }
        for (long r = 0; r < states.size(); r += LongRecords.CHUNK_RECORDS) {
            int k = (int) Math.min(LongRecords.CHUNK_RECORDS, states.size() - r);
            out.put(states.chunk(r), 0, k * words);
        }
    }

    /** A level of {@code size} states at global index {@code start}, read from a checkpoint; null if memory ran out. */
    static Frontier restore(int words, long start, long size, LongFile.Reader in, MemoryBudget budget)
            throws IOException {
        LongRecords states = new LongRecords(words, budget);
        if (!states.reserve(size)) {
            states.release();
            return null;
        }
        states.setSize(size);
        for (long r = 0; r < size; r += LongRecords.CHUNK_RECORDS) {
            int k = (int) Math.min(LongRecords.CHUNK_RECORDS, size - r);
            in.get(states.chunk(r), 0, k * words);
        }
        return new Frontier(words, budget, states, start, null);
    }

    /** The next level while its states are placed. */
    final class Next {
        private final LongRecords states;
        private final DiskLevel disk;

        private Next(LongRecords states, DiskLevel disk) {
            this.states = states;
            this.disk = disk;
        }

        /** Writes the state held in {@code src} from {@code from} at {@code position} of the next level. */
        void place(long position, long[] src, int from) {
            if (disk != null) {
                disk.place(position, src, from);
            } else {
                states.copyIn(position, 0, src, from, words);
            }
        }

        /** Frees the storage of a next level that does not become the level (the run stopped). */
        void discard() {
            if (disk != null) {
                disk.close();
            } else {
                states.release();
            }
        }
    }
}
