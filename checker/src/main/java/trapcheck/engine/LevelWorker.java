package trapcheck.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/*
 * One BFS worker's part of a level (see BreadthFirstSearch for the four phases): it expands the
 * chunks of the frontier it claims, keeps its discovery records [key, fp, concrete successor] in
 * increasing key order with a descriptor per chunk [chunk start, first record, end record, offset in
 * the next frontier], and its first violating transition, which is its smallest.
 *
 * A discoverer key is parent position * actionCount + action: the order of a sequential BFS.
 */
final class LevelWorker implements Expander.Sink {
    // fields of a discovery record
    private static final int KEY = 0;
    private static final int FP = 1;
    private static final int STATE = 2;
    // fields of a chunk descriptor
    private static final int CHUNK_START = 0;
    private static final int FIRST_RECORD = 1;
    private static final int END_RECORD = 2;
    private static final int OFFSET = 3;
    private static final int DESCRIPTOR = 4;

    final int index;
    final Expander expander;
    private final int words;
    private final int actionCount;
    private final boolean exact;
    private final Admission admission;
    private final RunControl control;
    private final long[] current;
    private final long[] scratch;
    private final LongRecords records;
    /** Null without symmetry: then a successor's representative is the successor itself, nothing to save. */
    private final RecentStates recent;
    private long[] chunks = new long[16 * DESCRIPTOR];
    private int chunkCount;
    private LevelTable table;
    private long parentPosition;
    /** Smallest violating key of this level, -1 if none. */
    long violationKey;
    long violationMask;
    /** Partial order: the states of earlier levels expanded in full; null without reduction. */
    private final FullExpansions fullExpansions;
    /** Partial order: this level's states expanded in full, [fp] or [fp, rep]; null without reduction. */
    final LongRecords expandedInFull;
    /** Partial order in this level: with FullExpansions, while nothing of the seen set is on disk. */
    private boolean reducing;
    /** The pass beyond maxDepth: only asks whether a successor is new. */
    private boolean probe;
    /** A limit refused a state (or memory ran out): this worker stops expanding. */
    boolean refused;

    LevelWorker(int index, Expander expander, Admission admission, RunControl control, boolean exact,
                MemoryBudget budget, FullExpansions fullExpansions) {
        this.index = index;
        this.expander = expander;
        this.words = expander.words;
        this.actionCount = expander.actionCount;
        this.exact = exact;
        this.admission = admission;
        this.control = control;
        this.current = new long[words];
        this.scratch = new long[words];
        this.records = new LongRecords(STATE + words, budget);
        this.recent = expander.symmetry ? new RecentStates(words) : null;
        this.fullExpansions = fullExpansions;
        this.expandedInFull = fullExpansions == null ? null : new LongRecords(fullExpansions.recordLongs(), budget);
    }

    /** Starts a level whose new states go to {@code levelTable}; null for the probe beyond maxDepth. */
    void beginLevel(LevelTable levelTable) {
        table = levelTable;
        probe = levelTable == null;
        reducing = fullExpansions != null && admission.seen().spilledStates() == 0;
        refused = false;
        violationKey = -1;
        violationMask = 0;
        chunkCount = 0;
        records.clear();
    }

    /** Phase 1 for the claimed chunk [start, end) of the frontier. */
    void expandChunk(Frontier frontier, long start, long end) {
        if (DESCRIPTOR * (chunkCount + 1) > chunks.length) {
            chunks = Arrays.copyOf(chunks, chunks.length * 2);
        }
        int at = DESCRIPTOR * chunkCount;
        chunks[at + CHUNK_START] = start;
        chunks[at + FIRST_RECORD] = records.size();
        for (long p = start; p < end && !refused; p++) {
            frontier.read(p, current);
            parentPosition = p;
            expander.expand(current, this);
        }
        chunks[at + END_RECORD] = records.size();
        chunkCount++;
    }

    @Override
    public void offer(int action, long[] next) {
        if (recent != null && !probe && recent.offeredBefore(next)) {
            return;
        }
        long fp = expander.canonical(next);
        if (admission.known(fp, expander.rep)) {
            return;
        }
        if (probe) {
            control.stop(RunControl.MAX_DEPTH);
            refused = true;
            return;
        }
        offerNew(action, next, fp, expander.rep);
    }

    /** A successor the seen set does not hold, to the level table under its discoverer key. */
    private void offerNew(int action, long[] next, long fp, long[] rep) {
        long key = parentPosition * actionCount + action;
        int outcome = table.offer(fp, rep, key);
        if (outcome == LevelTable.LOWERED) {
            long i = records.append();
            if (i < 0) {
                refused = true;
                return;
            }
            long[] chunk = records.chunk(i);
            int at = records.offset(i);
            chunk[at + KEY] = key;
            chunk[at + FP] = fp;
            System.arraycopy(next, 0, chunk, at + STATE, words);
        } else if (outcome == LevelTable.REFUSED) {
            control.stop(RunControl.MAX_STATES);
            refused = true;
        }
    }

    /** The seen set is read-only during the level, so the answer is the same on every thread. */
    @Override
    public boolean stored(long fp, long[] rep) {
        return admission.known(fp, rep);
    }

    @Override
    public boolean mayReduce() {
        return reducing;
    }

    @Override
    public boolean expandedInFullBefore(long fp, long[] rep) {
        return fullExpansions.contains(fp, rep);
    }

    /** Buffers the state being expanded (the frontier's state at parentPosition) for FullExpansions. */
    @Override
    public void expandedInFull() {
        long i = expandedInFull.append();
        if (i < 0) {
            return;   // the budget refused: a witness fewer, never a wrong answer
        }
        long fp = expander.canonical(current);
        long[] chunk = expandedInFull.chunk(i);
        int at = expandedInFull.offset(i);
        chunk[at] = fp;
        if (exact) {
            System.arraycopy(expander.rep, 0, chunk, at + 1, words);
        }
    }

    @Override
    public void offerCanonical(int action, long[] next, long fp, long[] rep) {
        if (recent != null && recent.offeredBefore(next)) {
            return;   // offered before in this level with a smaller key: the table would not lower
        }
        offerNew(action, next, fp, rep);
    }

    @Override
    public void violation(int action, long[] next, long mask) {
        if (!probe && violationKey < 0) {
            violationKey = parentPosition * actionCount + action;
            violationMask = mask;
        }
    }

    /** Phase 2: keep the records holding their state's smallest key; store those states. */
    void selectWinners() {
        long write = 0;
        for (int c = 0; c < chunkCount; c++) {
            int at = DESCRIPTOR * c;
            long from = chunks[at + FIRST_RECORD];
            long to = chunks[at + END_RECORD];
            chunks[at + FIRST_RECORD] = write;
            for (long r = from; r < to; r++) {
                long key = records.get(r, KEY);
                long fp = records.get(r, FP);
                long[] rep = null;
                if (exact) {
                    records.copyOut(r, STATE, scratch, words);
                    if (expander.symmetry) {
                        expander.worker.representative(scratch, expander.rep);
                        rep = expander.rep;
                    } else {
                        rep = scratch;
                    }
                }
                if (table.minimumKey(fp, rep) == key) {
                    admission.insertWinner(fp, rep);
                    if (write != r) {
                        records.copyRecord(r, records, write, 0, STATE + words);
                    }
                    write++;
                }
            }
            chunks[at + END_RECORD] = write;
        }
    }

    /**
     * Phase 3, for all workers at once: gives every chunk's winners their offset in the next
     * frontier, in chunk order (a worker's records within a chunk are already in key order, so this
     * is the counting sort by parent position, in O(chunks)). Returns the number of winners.
     */
    static long place(LevelWorker[] workers) {
        List<long[]> order = new ArrayList<>();
        for (LevelWorker w : workers) {
            for (int c = 0; c < w.chunkCount; c++) {
                order.add(new long[] {w.chunks[DESCRIPTOR * c + CHUNK_START], w.index, c});
            }
        }
        order.sort((a, b) -> Long.compare(a[0], b[0]));
        long offset = 0;
        for (long[] c : order) {
            LevelWorker w = workers[(int) c[1]];
            int at = DESCRIPTOR * (int) c[2];
            w.chunks[at + OFFSET] = offset;
            offset += w.chunks[at + END_RECORD] - w.chunks[at + FIRST_RECORD];
        }
        return offset;
    }

    /**
     * Phase 4: the winners to their place in the next level (whose first global index is
     * {@code nextStart}), their parent links to the link file.
     */
    void copyWinners(Frontier.Next next, long levelStart, long nextStart) {
        ParentLinks.Writer writer = admission.links().writer();
        for (int c = 0; c < chunkCount; c++) {
            int at = DESCRIPTOR * c;
            long offset = chunks[at + OFFSET];
            for (long r = chunks[at + FIRST_RECORD]; r < chunks[at + END_RECORD]; r++, offset++) {
                next.place(offset, records.chunk(r), records.offset(r) + STATE);
                long key = records.get(r, KEY);
                writer.put(nextStart + offset,
                        ParentLinks.link(levelStart + key / actionCount, (int) (key % actionCount), actionCount));
            }
        }
        writer.flush();
    }

    /** Frees the level's records (all but one chunk). */
    void endLevel() {
        records.clear();
    }
}
