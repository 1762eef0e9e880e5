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
 */
final class Frontier {
    private final int words;
    private final MemoryBudget budget;
    private LongRecords states;
    private long start;

    Frontier(int words, MemoryBudget budget) {
        this(words, budget, new LongRecords(words, budget), 0);
    }

    private Frontier(int words, MemoryBudget budget, LongRecords states, long start) {
        this.words = words;
        this.budget = budget;
        this.states = states;
        this.start = start;
    }

    /** States in the level. */
    long size() {
        return states.size();
    }

    /** Global index of the level's first state: how many states the levels before it hold. */
    long start() {
        return start;
    }

    /** Global index one past the level's last state. */
    long end() {
        return start + states.size();
    }

    /** Copies the state at {@code position} of the level into {@code into}. */
    void read(long position, long[] into) {
        states.copyOut(position, 0, into, words);
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

    /** Storage for a next level of {@code size} states; null if the memory budget refused it. */
    Next next(long size) {
        LongRecords next = new LongRecords(words, budget);
        if (!next.reserve(size)) {
            next.release();
            return null;
        }
        next.setSize(size);
        return new Next(next);
    }

    /** The next level becomes the level; this one is released. */
    void advance(Next next) {
        start = end();
        states.release();
        states = next.states;
    }

    void release() {
        states.release();
    }

    /** Writes the level's states for a checkpoint (start and size go in its manifest). */
    void save(LongFile.Writer out) throws IOException {
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
        return new Frontier(words, budget, states, start);
    }

    /** The next level while its states are placed. */
    final class Next {
        private final LongRecords states;

        private Next(LongRecords states) {
            this.states = states;
        }

        /** Writes the state held in {@code src} from {@code from} at {@code position} of the next level. */
        void place(long position, long[] src, int from) {
            states.copyIn(position, 0, src, from, words);
        }
    }
}
