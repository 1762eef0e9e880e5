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
    /** Records whose table slots phase 2 touches together (their cache misses overlap). */
    private static final int SELECT_BATCH = 32;

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
    /** Partial order: the states this level grounded, [fp] or [fp, rep]; null without reduction. */
    final LongRecords groundedThisLevel;
    /** The pass beyond maxDepth: only asks whether a successor is new. */
    private boolean probe;
    /** A limit refused a state (or memory ran out): this worker stops expanding. */
    boolean refused;
    /** The successors of the state being expanded, offered once it is expanded (offerPending). */
    private final Pending pending;
    /** The canonical fingerprints of the frontier's states by position (fingerprint mode), or null. */
    private LongRecords frontierFingerprints;
    /** What the prefetching loads read, kept so that they are not optimised away. */
    private long touched;

    LevelWorker(int index, Expander expander, Admission admission, RunControl control, boolean exact,
                MemoryBudget budget, GroundedStates groundedStates) {
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
        this.pending = new Pending(words, exact);
        this.recent = expander.symmetry ? new RecentStates(words) : null;
        if (!exact) {
            expander.memoizeFingerprints();   // with fingerprints, nothing here reads a representative
        }
        this.groundedThisLevel = groundedStates == null ? null : new LongRecords(groundedStates.recordLongs(), budget);
    }

    /**
     * Starts a level whose new states go to {@code levelTable}; null for the probe beyond maxDepth.
     * {@code fingerprints}: the canonical fingerprint of each frontier state by position, or null.
     */
    void beginLevel(LevelTable levelTable, LongRecords fingerprints) {
        table = levelTable;
        frontierFingerprints = exact ? null : fingerprints;
        probe = levelTable == null;
        refused = false;
        violationKey = -1;
        violationMask = 0;
        chunkCount = 0;
        records.clear();
    }

    /**
     * A new window of the level (LevelWindows): its candidates go to {@code windowTable}; the records
     * of the windows before are on disk. The level's violation and full expansions are kept.
     */
    void beginWindow(LevelTable windowTable) {
        table = windowTable;
        chunkCount = 0;
        records.clear();
    }

    /**
     * A window's first step: keeps, in place, the records holding their state's smallest key in the
     * window's table; returns how many.
     */
    long keepWindowWinners() {
        long write = 0;
        for (long r = 0; r < records.size(); r++) {
            if (table.minimumKey(records.get(r, FP), representativeOf(records, r)) == records.get(r, KEY)) {
                write = keep(records, r, write);
            }
        }
        records.setSize(write);
        return write;
    }

    /**
     * A window's second step: writes the kept records as LevelWindows records [fp, (exact) rep, key,
     * state] to {@code into} from record {@code at} on, and forgets them.
     */
    void moveWindowWinners(long[] into, long at) {
        int prefix = exact ? 1 + words : 1;
        int stride = prefix + 1 + words;
        for (long r = 0; r < records.size(); r++) {
            int base = (int) ((at + r) * stride);
            into[base] = records.get(r, FP);
            if (exact) {
                System.arraycopy(representativeOf(records, r), 0, into, base + 1, words);
            }
            into[base + prefix] = records.get(r, KEY);
            records.copyOut(r, STATE, scratch, words);
            System.arraycopy(scratch, 0, into, base + prefix + 1, words);
        }
        records.clear();
        chunkCount = 0;
    }

    /** In exact mode, the representative of record r's state (in a scratch array); null with fingerprints. */
    private long[] representativeOf(LongRecords records, long r) {
        if (!exact) {
            return null;
        }
        records.copyOut(r, STATE, scratch, words);
        if (expander.symmetry) {
            expander.worker.representative(scratch, expander.rep);
            return expander.rep;
        }
        return scratch;
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
            offerPending();
        }
        chunks[at + END_RECORD] = records.size();
        chunkCount++;
    }

    @Override
    public void offer(int action, long[] next) {
        if (recent != null && !probe && recent.offeredBefore(next)) {
            return;
        }
        long fp = expander.fingerprint(next);
        if (probe) {
            if (!admission.known(fp, expander.rep)) {
                control.stop(RunControl.MAX_DEPTH);
                refused = true;
            }
            return;
        }
        pending.add(action, fp, next, expander.rep);
    }

    /**
     * The successors of the state just expanded, in the order they were offered: first their
     * seen-set slots are touched, all of them, then looked up, then the level-table slots of those
     * not seen are touched, then they are offered. The answers and the order of offers are those of
     * offering each at once; batching lets the cache misses of one state's successors overlap.
     */
    private void offerPending() {
        int n = pending.size;
        if (n == 0) {
            return;
        }
        long touched = 0;
        long[] fps = pending.fp;
        for (int i = 0; i < n; i++) {
            touched ^= admission.prefetch(fps[i]);
        }
        boolean[] fresh = pending.fresh;
        LevelTable levelTable = table;
        for (int i = 0; i < n; i++) {
            boolean isNew = !admission.known(fps[i], exact ? pending.rep(i) : null);
            fresh[i] = isNew;
            if (isNew) {
                touched ^= levelTable.prefetch(fps[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            if (fresh[i]) {
                offerNew(pending.action[i], pending.state(i), fps[i], exact ? pending.rep(i) : null);
            }
        }
        pending.size = 0;
        this.touched ^= touched;
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

    /**
     * The seen set is read-only during the level, so the answer is the same on every thread; a
     * spilled set looks on disk too, so a spilled run reduces exactly as the in-memory one.
     */
    @Override
    public int storedKind(long fp, long[] rep) {
        return admission.storedKind(fp, rep);
    }

    @Override
    public long touchStored(long fp) {
        return admission.prefetch(fp);
    }

    /** Buffers the state being expanded (the frontier's state at parentPosition): GroundedStates marks it. */
    @Override
    public void grounded() {
        long i = groundedThisLevel.append();
        if (i < 0) {
            return;   // the budget refused: a witness fewer, never a wrong answer
        }
        long fp = frontierFingerprints != null ? frontierFingerprints.get(parentPosition, 0) : expander.canonical(current);
        long[] chunk = groundedThisLevel.chunk(i);
        int at = groundedThisLevel.offset(i);
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
        pending.add(action, fp, next, rep);   // not stored (the proviso asked): known will say so again
    }

    @Override
    public void violation(int action, long[] next, long mask) {
        if (!probe && violationKey < 0) {
            violationKey = parentPosition * actionCount + action;
            violationMask = mask;
        }
    }

    /** The level's chunks over all workers in frontier order (by chunk start), as pairs [worker, chunk]. */
    static int[] chunkOrder(LevelWorker[] workers) {
        List<long[]> order = new ArrayList<>();
        for (LevelWorker w : workers) {
            for (int c = 0; c < w.chunkCount; c++) {
                order.add(new long[] {w.chunks[DESCRIPTOR * c + CHUNK_START], w.index, c});
            }
        }
        order.sort((a, b) -> Long.compare(a[0], b[0]));
        int[] pairs = new int[2 * order.size()];
        for (int i = 0; i < order.size(); i++) {
            pairs[2 * i] = (int) order.get(i)[1];
            pairs[2 * i + 1] = (int) order.get(i)[2];
        }
        return pairs;
    }

    /**
     * Phase 2 for chunk {@code c} of {@code owner} (any worker's: this one's scratch and expander do
     * the work): keeps, in place from the chunk's first record on, the records holding their state's
     * smallest key. In exact mode it also stores those states (the representative is at hand here);
     * with fingerprints copyChunk does, so that the seen set may still grow while this runs.
     */
    void selectChunk(LevelWorker owner, int c) {
        int at = DESCRIPTOR * c;
        long from = owner.chunks[at + FIRST_RECORD];
        long to = owner.chunks[at + END_RECORD];
        long write = from;
        for (long r = from; r < to; r += SELECT_BATCH) {
            write = exact ? selectExact(owner.records, r, Math.min(to, r + SELECT_BATCH), write)
                    : selectFingerprints(owner.records, r, Math.min(to, r + SELECT_BATCH), write);
        }
        owner.chunks[at + END_RECORD] = write;
    }

    /** Records [from, to) in fingerprint mode: their level-table slots touched as a batch first. */
    private long selectFingerprints(LongRecords records, long from, long to, long write) {
        long touched = 0;
        for (long r = from; r < to; r++) {
            touched ^= table.prefetch(records.get(r, FP));
        }
        for (long r = from; r < to; r++) {
            if (table.minimumKey(records.get(r, FP), null) == records.get(r, KEY)) {
                write = keep(records, r, write);
            }
        }
        this.touched ^= touched;
        return write;
    }

    /** Records [from, to) in exact mode: each state's representative decides, and the winners are stored. */
    private long selectExact(LongRecords records, long from, long to, long write) {
        for (long r = from; r < to; r++) {
            long[] rep = representativeOf(records, r);
            long fp = records.get(r, FP);
            if (table.minimumKey(fp, rep) == records.get(r, KEY)) {
                admission.insertWinner(fp, rep);
                write = keep(records, r, write);
            }
        }
        return write;
    }

    /** Moves winning record r of {@code records} to position write; returns the next position. */
    private long keep(LongRecords records, long r, long write) {
        if (write != r) {
            records.copyRecord(r, records, write, 0, STATE + words);
        }
        return write + 1;
    }

    /**
     * Phase 3, for all workers at once: gives every chunk's winners their offset in the next
     * frontier, in chunk order ({@code order}, from chunkOrder; a chunk's records are already in key
     * order, so this is the counting sort by parent position, in O(chunks)). Returns the number of winners.
     */
    static long place(LevelWorker[] workers, int[] order) {
        long offset = 0;
        for (int i = 0; i < order.length; i += 2) {
            LevelWorker w = workers[order[i]];
            int at = DESCRIPTOR * order[i + 1];
            w.chunks[at + OFFSET] = offset;
            offset += w.chunks[at + END_RECORD] - w.chunks[at + FIRST_RECORD];
        }
        return offset;
    }

    /**
     * Phase 4 for chunk {@code c} of {@code owner}: its winners to their place in the next level
     * (whose first global index is {@code nextStart}), their parent links through {@code links}, their
     * fingerprints to {@code fingerprints} at the same place (unless null), and with fingerprints
     * into the seen set (grown by now), their slots touched as a batch first.
     */
    void copyChunk(LevelWorker owner, int c, Frontier.Next next, long levelStart, long nextStart,
                   LongRecords fingerprints, ParentLinks.Writer links) {
        int at = DESCRIPTOR * c;
        LongRecords records = owner.records;
        long offset = owner.chunks[at + OFFSET];
        long to = owner.chunks[at + END_RECORD];
        for (long from = owner.chunks[at + FIRST_RECORD]; from < to; from += SELECT_BATCH) {
            long end = Math.min(to, from + SELECT_BATCH);
            if (!exact) {
                long touched = 0;
                for (long r = from; r < end; r++) {
                    touched ^= admission.prefetch(records.get(r, FP));
                }
                this.touched ^= touched;
            }
            for (long r = from; r < end; r++, offset++) {
                long fp = records.get(r, FP);
                if (!exact) {
                    admission.insertWinner(fp, null);
                }
                next.place(offset, records.chunk(r), records.offset(r) + STATE);
                if (fingerprints != null) {
                    fingerprints.set(offset, 0, fp);
                }
                links.put(nextStart + offset, ParentLinks.fromDiscoverer(levelStart, records.get(r, KEY), actionCount));
            }
        }
    }

    /** Frees the level's records (all but one chunk). */
    void endLevel() {
        records.clear();
    }

    /** Successors waiting to be offered: action, fingerprint, concrete state and (exact mode) representative. */
    private static final class Pending {
        private final boolean exact;
        int size;
        int[] action = new int[32];
        long[] fp = new long[32];
        boolean[] fresh = new boolean[32];
        private final StateRows states;
        private final StateRows reps;

        Pending(int words, boolean exact) {
            this.exact = exact;
            this.states = new StateRows(words, 32);
            this.reps = exact ? new StateRows(words, 32) : null;
        }

        void add(int a, long fingerprint, long[] state, long[] rep) {
            if (size == action.length) {
                int n = 2 * size;
                action = Arrays.copyOf(action, n);
                fp = Arrays.copyOf(fp, n);
                fresh = Arrays.copyOf(fresh, n);
                states.ensure(n);
                if (exact) {
                    reps.ensure(n);
                }
            }
            action[size] = a;
            fp[size] = fingerprint;
            states.set(size, state);
            if (exact) {
                reps.set(size, rep);
            }
            size++;
        }

        /** State i, in a scratch array valid until the next call. */
        long[] state(int i) {
            return states.get(i);
        }

        /** Representative i (exact mode), in a scratch array valid until the next call. */
        long[] rep(int i) {
            return reps.get(i);
        }
    }
}
