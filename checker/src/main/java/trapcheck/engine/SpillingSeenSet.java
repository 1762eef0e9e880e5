package trapcheck.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/*
 * The BFS seen set once it outgrows its share of the memory budget (TLC's DiskFPSet, made
 * level-synchronous): the newest states in an ordinary in-memory set (CompactSeenSet or SeenTable),
 * the older ones in one sorted run on disk (a SpillFile of records: a whole 64-bit fingerprint, or
 * in exact mode the fingerprint and the packed representative; sorted by RecordSort's order).
 *
 * contains() answers for the in-memory part only: while a level is expanded, a successor stored on
 * disk reaches the LevelTable as a candidate. At the end of the level, before the winners are
 * chosen, dropSpilled() sorts the level's candidates and checks them against the run in one
 * sequential merge; those found lose (LevelTable.markKnown), the others are the level's new states.
 * So the set of states each level adds, and the discoverer of each, are those of the in-memory
 * search, and so are counts, frontier order, parent links and traces. containsStored also looks
 * on disk, one state at a time (SortedRun.holds, through a mapping): for partial order's proviso,
 * which must know whether a successor is stored while the level is expanded, and for trace replays.
 *
 * Spilling happens in ensureCapacityBetweenLevels (one thread, after dropSpilled), when holding the
 * next level's states would take the in-memory part past its share or past what the budget has left: its
 * entries are dumped to a scratch file, the in-memory set is freed, the dump is sorted in pieces as
 * large as the memory just freed, and the pieces and the old run are merged into the new run. The
 * in-memory set starts again empty. The run stays one file, so a level's check reads it once.
 *
 * Grounded marks (partial order) live in the in-memory set's entries; the run on disk has none, so
 * the states on disk that are grounded are kept in a set of their own (grounded: a spilling set of
 * its share, SeenSets.GROUNDED_SHARE, made at the first spill). A spill moves the in-memory part's
 * marked states there (drain's second output); marking a state on disk adds it there, at endMarks
 * (the level's such marks wait in a scratch file). storedKind asks memory first (one lookup, the
 * mark included), then the run and the grounded set: the answers of one set that kept every mark.
 *
 * An I/O failure (full disk, an unwritable spill folder) stops the run with a "disk:" reason.
 */
final class SpillingSeenSet implements SeenSet {
    /** The least candidate buffer (longs) of a level's disk check, taken beside the budget if it must. */
    private static final int MIN_CANDIDATE_LONGS = 1 << 15;
    private final int stride;
    private final MemoryBudget budget;
    private final RunControl control;
    private final Path dir;
    private final long share;
    private final int pieceRecords;
    private final SpillMeter meter;
    private final Supplier<SeenSet> fresh;
    /** Makes the set of grounded states on disk; null when the in-memory sets keep no marks. */
    private final Supplier<SeenSet> groundedOnDisk;
    private SeenSet memory;
    private SortedRun run;
    /** The grounded states whose entries are on disk; null before the first spill. */
    private SeenSet grounded;
    /** This level's marks of states on disk, until endMarks adds them to grounded; null when none. */
    private SpillFile diskMarks;
    private SpillFile.Writer diskMarksWriter;
    /**
     * The collision estimate's in-memory term: the highest states / 2^bits kept an in-memory part
     * reached before it spilled, and those bits (the run on disk keeps all 64).
     */
    private double spilledMemoryRate;
    private int spilledMemoryBits;

    /**
     * @param stride longs per record: 1 (fingerprints) or 1 + stateWords (exact mode)
     * @param share  heap bytes the in-memory part may hold, growth included
     * @param pieceRecords records sorted at once when spilling; 0: as many as the spill frees memory for
     * @param fresh  creates an empty in-memory set
     */
    SpillingSeenSet(int stride, long share, int pieceRecords, Supplier<SeenSet> fresh, MemoryBudget budget, RunControl control,
                    Path dir, SpillMeter meter) {
        this(stride, share, pieceRecords, fresh, null, budget, control, dir, meter);
    }

    /** @param groundedOnDisk makes the set of grounded states on disk when fresh makes marking sets; else null */
    SpillingSeenSet(int stride, long share, int pieceRecords, Supplier<SeenSet> fresh, Supplier<SeenSet> groundedOnDisk,
                    MemoryBudget budget, RunControl control, Path dir, SpillMeter meter) {
        this.groundedOnDisk = groundedOnDisk;
        this.stride = stride;
        this.share = share;
        this.pieceRecords = pieceRecords;
        this.fresh = fresh;
        this.budget = budget;
        this.control = control;
        this.dir = dir;
        this.meter = meter;
        this.memory = fresh.get();
    }

    private long diskCount() {
        return run == null ? 0 : run.records();
    }

    @Override
    public long count() {
        return diskCount() + memory.count();
    }

    @Override
    public void addCount(long states) {
        memory.addCount(states);
    }

    @Override
    public boolean contains(long fp, long[] rep) {
        return memory.contains(fp, rep);
    }

    @Override
    public long prefetch(long fp) {
        return memory.prefetch(fp);
    }

    @Override
    public boolean containsStored(long fp, long[] rep) {
        if (memory.contains(fp, rep)) {
            return true;
        }
        if (run == null) {
            return false;
        }
        try {
            return run.holds(key(fp, rep));
        } catch (IOException e) {
            control.stop(RunControl.diskFailure("the spilled seen set (reading it back)", dir, e));
        }
        return false;
    }

    @Override
    public int storedKind(long fp, long[] rep) {
        int kind = memory.storedKind(fp, rep);
        if (kind != ABSENT || run == null) {
            return kind;
        }
        try {
            if (!run.holds(key(fp, rep))) {
                return ABSENT;
            }
        } catch (IOException e) {
            control.stop(RunControl.diskFailure("the spilled seen set (reading it back)", dir, e));
            return ABSENT;
        }
        return grounded != null && grounded.containsStored(fp, rep) ? GROUNDED : STORED;
    }

    @Override
    public boolean marksGrounded() {
        return groundedOnDisk != null && memory.marksGrounded();
    }

    @Override
    public boolean markGrounded(long fp, long[] rep) {
        if (!marksGrounded()) {
            return false;
        }
        if (memory.markGrounded(fp, rep)) {
            return true;
        }
        if (run == null) {
            return false;
        }
        try {
            if (diskMarks == null) {
                diskMarks = new SpillFile(dir, "grounded-marks", stride, meter.bytesOnly());
                diskMarksWriter = diskMarks.writer();
            }
            diskMarksWriter.put(key(fp, rep), 0, 1);
            return true;
        } catch (IOException e) {
            control.stop(RunControl.diskFailure("the spilled seen set's grounded marks", dir, e));
            return false;
        }
    }

    @Override
    public void endMarks() {
        memory.endMarks();
        if (diskMarks == null) {
            return;
        }
        try {
            diskMarksWriter.close();
            addGrounded(diskMarks);
        } catch (IOException e) {
            control.stop(RunControl.diskFailure("the spilled seen set's grounded marks", dir, e));
        } finally {
            diskMarks.close();
            diskMarks = null;
            diskMarksWriter = null;
        }
    }

    /**
     * Adds the states of {@code file} (records, written) to the grounded states on disk. A state the
     * set cannot take (no memory) is only a witness fewer, never a wrong answer.
     */
    private void addGrounded(SpillFile file) throws IOException {
        if (file.records() == 0) {
            return;
        }
        if (grounded == null) {
            grounded = groundedOnDisk.get();
        }
        if (!grounded.ensureCapacityBetweenLevels(grounded.count() + file.records())) {
            return;
        }
        SpillFile.Reader in = file.reader(0);
        long[] rep = new long[Math.max(1, stride - 1)];
        while (in.next()) {
            long fp = in.record[0];
            System.arraycopy(in.record, 1, rep, 0, stride - 1);
            if (!grounded.containsStored(fp, rep)) {   // only a fingerprint collision finds one
                grounded.insertNew(fp, rep);
                grounded.addCount(1);
            }
        }
        grounded.endBatch();
    }

    private long[] key(long fp, long[] rep) {
        long[] key = new long[stride];
        key[0] = fp;
        if (stride > 1) {
            System.arraycopy(rep, 0, key, 1, stride - 1);
        }
        return key;
    }

    @Override
    public void insertNew(long fp, long[] rep) {
        memory.insertNew(fp, rep);
    }

    @Override
    public void endBatch() {
        memory.endBatch();
    }

    @Override
    public boolean ensureCapacity(long states) {
        return memory.ensureCapacity(states - diskCount());
    }

    @Override
    public boolean ensureCapacityBetweenLevels(long states) {
        long inMemory = states - diskCount();
        long need = memory.bytesToHold(inMemory);
        if (memory.count() > 0 && (need > share || !budget.fits((need - memory.bytes()) / 8))) {
            if (!spill()) {
                return false;
            }
            inMemory = states - diskCount();
        }
        return memory.ensureCapacity(inMemory);
    }

    /** Moves the in-memory part into the run; false (the run stopping) on an I/O failure or no memory. */
    private boolean spill() {
        memory.endBatch();
        long n = memory.count();
        long freed = memory.bytes();
        double rate = collisionRate(memory);
        if (rate > spilledMemoryRate) {
            spilledMemoryRate = rate;
            spilledMemoryBits = memory.fingerprintBits();
        }
        SeenSet next;
        try {
            next = fresh.get(); // small; made first so that a failure leaves the set as it was
        } catch (java.io.UncheckedIOException e) {
            control.stop(RunControl.diskFailure("the seen set's scratch file", dir, e.getCause()));
            return false;
        } catch (OutOfMemoryError e) {
            control.stop(RunControl.MEMORY);
            return false;
        }
        SpillFile dump = null;
        SpillFile groundedDump = null;
        SpillFile[] pieces = null;
        long[] buffer = null;
        try {
            dump = new SpillFile(dir, "seen-dump", stride, meter);
            if (marksGrounded()) {
                groundedDump = new SpillFile(dir, "grounded-dump", stride, meter.bytesOnly());
            }
            try (SpillFile.Writer w = dump.writer(); SpillFile.Writer g = groundedDump == null ? null : groundedDump.writer()) {
                memory.drain(w, g);
            }
            if (dump.records() != n) {
                throw new IllegalStateException("internal error: dumped " + dump.records() + " of " + n + " states");
            }
            memory.release();
            memory = null;
            long pieceRecords = Math.max(1, Math.min(n, Math.min(MemoryBudget.MAX_ARRAY / stride,
                    this.pieceRecords > 0 ? this.pieceRecords : Math.max(1 << 16, freed / 8 / stride))));
            buffer = budget.allocate(pieceRecords * stride);
            if (buffer == null) {
                return false;
            }
            int pieceCount = (int) ((n + pieceRecords - 1) / pieceRecords);
            pieces = new SpillFile[pieceCount];
            SpillFile.Reader in = dump.reader(0);
            for (int p = 0; p < pieceCount; p++) {
                int k = (int) Math.min(pieceRecords, n - p * pieceRecords);
                for (int i = 0; i < k; i++) {
                    in.next();
                    System.arraycopy(in.record, 0, buffer, i * stride, stride);
                }
                RecordSort.sort(buffer, k, stride);
                pieces[p] = new SpillFile(dir, "seen-piece", stride, meter);
                try (SpillFile.Writer w = pieces[p].writer()) {
                    w.put(buffer, 0, k);
                }
            }
            dump.close();
            dump = null;
            budget.free(buffer);
            buffer = null;
            SortedRun merged = merge(pieces);
            for (SpillFile piece : pieces) {
                piece.close();
            }
            pieces = null;
            if (run != null) {
                run.close();
            }
            run = merged;
            meter.setStates(run.records());
            if (groundedDump != null) {   // after the sort, which takes the memory just freed
                addGrounded(groundedDump);
                groundedDump.close();
                groundedDump = null;
            }
            memory = next;
            next = null;
            return true;
        } catch (IOException e) {
            control.stop(RunControl.diskFailure("the spilled seen set", dir, e));
            return false;
        } finally {
            budget.free(buffer);
            if (dump != null) {
                dump.close();
            }
            if (groundedDump != null) {
                groundedDump.close();
            }
            if (pieces != null) {
                for (SpillFile piece : pieces) {
                    if (piece != null) {
                        piece.close();
                    }
                }
            }
            if (memory == null) { // the run is stopping: an empty set that still counts the lost states
                memory = next;
                memory.addCount(n);
            } else if (next != null) {
                next.release();
            }
        }
    }

    /** The old run and the sorted pieces merged into one new run. */
    private SortedRun merge(SpillFile[] pieces) throws IOException {
        int k = pieces.length + (run == null ? 0 : 1);
        SpillFile.Reader[] inputs = new SpillFile.Reader[k];
        boolean[] live = new boolean[k];
        for (int i = 0; i < pieces.length; i++) {
            inputs[i] = pieces[i].reader(0);
        }
        if (run != null) {
            inputs[k - 1] = run.reader();
        }
        for (int i = 0; i < k; i++) {
            live[i] = inputs[i].next();
        }
        SpillFile out = new SpillFile(dir, "seen-run", stride, meter);
        try {
            SortedRun.Builder w = new SortedRun.Builder(out);
            while (true) {
                int min = -1;
                for (int i = 0; i < k; i++) {
                    if (live[i] && (min < 0 || RecordSort.compare(inputs[i].record, 0, inputs[min].record, 0, stride) < 0)) {
                        min = i;
                    }
                }
                if (min < 0) {
                    break;
                }
                w.add(inputs[min].record);
                live[min] = inputs[min].next();
            }
            return w.finish();
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * The level's candidates that the run holds are marked known in {@code table}; returns how many
     * (0 before the first spill), or -1 when the run stops (an I/O failure, no memory).
     */
    long dropSpilled(LevelTable table) {
        if (run == null || table.count() == 0) {
            return 0;
        }
        // the candidates in one array if the budget has room, else in fingerprint ranges that fit
        long n = table.count();
        long room = Math.max(MIN_CANDIDATE_LONGS, (budget.limit() - budget.used()) / 8 - 16);
        long longs = Math.min(Math.min(n * stride, room), MemoryBudget.MAX_ARRAY);
        long[] candidates = budget.fits(longs) ? budget.allocate(longs) : null;
        boolean counted = candidates != null;
        if (candidates == null) {
            longs = Math.min(longs, MIN_CANDIDATE_LONGS); // small scratch beside the budget, like the I/O buffers
            candidates = new long[(int) longs];
        }
        try {
            long[] dropped = new long[1];
            long seen = dropIn(table, Long.MIN_VALUE, Long.MAX_VALUE, n, candidates, dropped);
            if (seen != n) {
                throw new IllegalStateException("internal error: " + seen + " candidates, the level table counts " + n);
            }
            return dropped[0];
        } catch (IOException e) {
            control.stop(RunControl.diskFailure("the spilled seen set (reading it back)", dir, e));
            return -1;
        } finally {
            if (counted) {
                budget.free(candidates);
            }
        }
    }

    /** Checks the {@code count} candidates with a fingerprint in [lo, hi]; returns how many it saw. */
    private long dropIn(LevelTable table, long lo, long hi, long count, long[] candidates, long[] dropped)
            throws IOException {
        if (count * stride > candidates.length && lo < hi) {
            long mid = (lo >> 1) + (hi >> 1) + (lo & hi & 1);
            long low = table.countIn(lo, mid);
            return dropIn(table, lo, mid, low, candidates, dropped)
                    + dropIn(table, mid + 1, hi, count - low, candidates, dropped);
        }
        int got = table.collect(candidates, lo, hi);
        RecordSort.sort(candidates, got, stride);
        long[] rep = new long[Math.max(1, stride - 1)];
        run.matches(candidates, got, c -> {
            System.arraycopy(candidates, c * stride + 1, rep, 0, stride - 1);
            table.markKnown(candidates[c * stride], rep);
            dropped[0]++;
        });
        return got;
    }

    /** The states on disk in RecordSort's order (records of stride longs), from the first; null before the first spill. */
    SpillFile.Reader spilledRecords() {
        return run == null ? null : run.reader();
    }

    @Override
    public long spilledStates() {
        return diskCount();
    }

    @Override
    public long bytesToHold(long states) {
        return memory.bytesToHold(states - diskCount());
    }

    @Override
    public void drain(SpillFile.Writer out, SpillFile.Writer groundedOut) {
        throw new UnsupportedOperationException("a spilling seen set is not spilled again");
    }

    /** The in-memory part's bytes and those of the grounded states on disk (their set's in-memory part). */
    @Override
    public long bytes() {
        return memory.bytes() + (grounded == null ? 0 : grounded.bytes());
    }

    /** The bits the in-memory part kept when its collision rate was highest; 0 in exact mode. */
    @Override
    public int fingerprintBits() {
        return collisionRate(memory) >= spilledMemoryRate ? memory.fingerprintBits() : spilledMemoryBits;
    }

    /**
     * TLC's estimate over the bits each part keeps: a transition's successor is compared with the
     * in-memory part (its states over 2^F, at most the highest any in-memory part reached) and with
     * the run (its states over 2^64), not with every stored state at the in-memory F bits.
     */
    @Override
    public double collisionProbability(long generated, long distinct) {
        if (memory.fingerprintBits() == 0) {
            return 0;   // exact mode: whole states
        }
        double rate = Math.max(spilledMemoryRate, collisionRate(memory));
        return generated * rate + Fingerprints.collisionProbability(generated, diskCount(), 64);
    }

    /** A set's states over 2^(bits it keeps): the chance that a new state collides with one of them. */
    private static double collisionRate(SeenSet set) {
        int bits = set.fingerprintBits();
        return bits == 0 ? 0 : set.count() / Math.scalb(1.0, bits);
    }

    @Override
    public String kind() {
        return memory.kind();
    }

    @Override
    public long savedLongs() {
        return memory.savedLongs();
    }

    @Override
    public void save(LongFile.Writer out) throws IOException {
        if (run != null) {
            throw new IOException("a seen set spilled to disk is not checkpointed");
        }
        memory.save(out);
    }

    @Override
    public void release() {
        memory.release();
        if (grounded != null) {
            grounded.release();
            grounded = null;
        }
        if (diskMarks != null) {
            diskMarks.close();
            diskMarks = null;
        }
        if (run != null) {
            run.close();
            run = null;
        }
    }
}
