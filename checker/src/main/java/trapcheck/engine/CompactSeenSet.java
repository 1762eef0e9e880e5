package trapcheck.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/*
 * The seen set of fingerprint mode: a QuotientTable (6.1 to 7.6 bytes per state, keeping the top
 * F = min(64, 38 + floor(log2 capacity)) bits of each fingerprint) and the FingerprintLog of every
 * fingerprint whole, on disk.
 *
 * Growth by 1.25x at load 0.9 (so the load stays between 0.72 and 0.9). A larger table may keep
 * more bits (F grows by one each time the capacity passes a power of two, up to 64 from 2^26
 * homes): then it is filled from the log, which has all 64. Otherwise from the old table in one
 * sequential pass (QuotientTable.grownInPlaceOrder), or, when the old and the new table do not fit
 * in the budget together, from the log after the old one is freed. Growth happens only at the
 * calls of ensureCapacity, whose arguments are the same whatever the thread count (BFS: once per
 * level), so which bits are kept when is deterministic, and so is every membership answer.
 *
 * Partial order's grounded marks (a marking set: SeenSets.createForBfs with reduction) are a bit in
 * the table's slot (QuotientTable.kind answers absent / stored / grounded in one lookup), and the
 * marked fingerprints, whole, in a second log: in-place growth carries the bits, a rebuild from the
 * log marks again from it, and a spill (drain) moves them to disk from it.
 *
 * Checkpoint layout (KIND): [capacity] followed by every fingerprint of the log; a restore
 * rebuilds the table of that capacity from them, so a resumed run keeps the same bits. Marks are
 * not saved (checkpointed searches do not reduce), so the layout, and its name, are those of the
 * 44-bit table's.
 */
final class CompactSeenSet implements SeenSet {
    static final String KIND = "fp-quotient-44";
    static final double GROWTH = 1.25;
    private static final int HEADER = 1;
    /** How many inserts ahead a rebuild touches a fingerprint's slot (its cache miss then overlaps others). */
    private static final int FILL_AHEAD = 16;
    /** What a rebuild's touches read, kept so that they are not removed (one thread writes it at a time). */
    private static long touched;

    private final MemoryBudget budget;
    private final RunControl control;
    private final FingerprintLog log;
    /** The fingerprints marked grounded, whole; null unless the set marks. */
    private final FingerprintLog marks;
    private QuotientTable table;
    private long count;
    /** Fingerprints marked (what marks holds once flushed). */
    private long marked;

    private CompactSeenSet(QuotientTable table, FingerprintLog log, FingerprintLog marks, long count,
                           MemoryBudget budget, RunControl control) {
        this.table = table;
        this.log = log;
        this.marks = marks;
        this.count = count;
        this.budget = budget;
        this.control = control;
    }

    /** An empty set of {@code capacity} homes without marks, its log in {@code dir} (null: the OS temp folder). */
    static CompactSeenSet create(long capacity, MemoryBudget budget, RunControl control, Path dir) {
        return create(capacity, false, budget, control, dir);
    }

    /** An empty set of {@code capacity} homes that keeps grounded marks or not, its logs in {@code dir}. */
    static CompactSeenSet create(long capacity, boolean marking, MemoryBudget budget, RunControl control, Path dir) {
        QuotientTable table = QuotientTable.allocate(Math.max(QuotientTable.MIN_CAPACITY, capacity), marking, budget);
        if (table == null) {
            throw new OutOfMemoryError("memory budget too small for an empty seen-state table");
        }
        FingerprintLog log = null;
        try {
            log = new FingerprintLog(dir, control);
            return new CompactSeenSet(table, log, marking ? new FingerprintLog(dir, control) : null, 0, budget, control);
        } catch (IOException e) {
            table.release();
            if (log != null) {
                log.close();
            }
            throw new UncheckedIOException("cannot create the fingerprint log", e);
        }
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public void addCount(long states) {
        count += states;
    }

    @Override
    public boolean contains(long fp, long[] rep) {
        return table.contains(fp);
    }

    @Override
    public int storedKind(long fp, long[] rep) {
        return table.kind(fp);
    }

    @Override
    public boolean marksGrounded() {
        return marks != null;
    }

    @Override
    public boolean markGrounded(long fp, long[] rep) {
        if (marks == null) {
            return false;
        }
        int before = table.mark(fp);
        if (before == QuotientTable.STORED) {
            marks.append(fp);
            marked++;
        }
        return before != QuotientTable.ABSENT;
    }

    @Override
    public void endMarks() {
        if (marks != null) {
            marks.flush();
        }
    }

    @Override
    public long prefetch(long fp) {
        return table.prefetch(fp);
    }

    @Override
    public void insertNew(long fp, long[] rep) {
        table.insert(fp);
        log.append(fp);
    }

    @Override
    public void endBatch() {
        log.flush();
    }

    /** Bits of a fingerprint the table keeps now. */
    @Override
    public int fingerprintBits() {
        return table.keyBits();
    }

    long capacity() {
        return table.capacity();
    }

    @Override
    public long bytesToHold(long states) {
        if (states <= table.capacity() * QuotientTable.MAX_LOAD) {
            return bytes();
        }
        long capacity = table.capacity();
        while (states > capacity * QuotientTable.MAX_LOAD) {
            capacity = Math.max(capacity + 1, (long) (capacity * GROWTH));
        }
        return bytes() + 16 + 8 * QuotientTable.longsFor(capacity, table.marking()); // an in-place growth holds both
    }

    @Override
    public void drain(SpillFile.Writer out, SpillFile.Writer grounded) throws IOException {
        log.flush();
        if (log.broken() || log.size() != count) {
            throw new IOException("the fingerprint log is incomplete (" + log.size() + " of " + count + ")");
        }
        log.read(0, count, (chunk, n) -> out.put(chunk, 0, n));
        if (grounded != null && marks != null) {
            checkedMarks().read(0, marked, (chunk, n) -> grounded.put(chunk, 0, n));
        }
    }

    /** The marks log, flushed and checked complete. */
    private FingerprintLog checkedMarks() throws IOException {
        marks.flush();
        if (marks.broken() || marks.size() != marked) {
            throw new IOException("the grounded-marks log is incomplete (" + marks.size() + " of " + marked + ")");
        }
        return marks;
    }

    @Override
    public boolean ensureCapacity(long states) {
        if (states <= table.capacity() * QuotientTable.MAX_LOAD) {
            return true;
        }
        long capacity = table.capacity();
        while (states > capacity * QuotientTable.MAX_LOAD) {
            capacity = Math.max(capacity + 1, (long) (capacity * GROWTH));
        }
        if (capacity > QuotientTable.maxCapacity(table.marking())) {
            control.stop(RunControl.MEMORY);
            return false;
        }
        long longs = QuotientTable.longsFor(capacity, table.marking());
        if (QuotientTable.keyBits(capacity) == table.keyBits() && budget.fits(longs)) {
            QuotientTable fresh = table.grownInPlaceOrder(capacity);
            if (fresh != null) {
                table.release();
                table = fresh;
                return true;
            }
        }
        return rebuildFromLog(capacity);
    }

    /** Replaces the table by one of {@code capacity} homes filled from the log (the old one freed first). */
    private boolean rebuildFromLog(long capacity) {
        log.flush();
        if (log.broken()) {
            return false;
        }
        if (log.size() != count) {
            throw new IllegalStateException("internal error: the fingerprint log holds " + log.size()
                    + " fingerprints, the seen set " + count);
        }
        boolean marking = table.marking();
        long freed = QuotientTable.longsFor(table.capacity(), marking);
        if (!budget.fits(QuotientTable.longsFor(capacity, marking) - freed)) {
            control.stop(RunControl.MEMORY);
            return false;
        }
        long old = table.capacity();
        table.release();
        QuotientTable fresh = QuotientTable.allocate(capacity, marking, budget);
        if (fresh == null) {
            fresh = QuotientTable.allocate(old, marking, budget); // freed just now: fits again
            if (fresh == null) {
                throw new OutOfMemoryError("the seen table could not be allocated again");
            }
        }
        table = fresh;
        try {
            fill(table, log, 0, count);
            if (marks != null) {
                markAgain(table, checkedMarks(), marked);
            }
        } catch (IOException e) {
            control.stop(RunControl.diskFailure("the fingerprint log (reading it back)", null, e));
            return false;
        }
        return fresh.capacity() == capacity;
    }

    /** Inserts the log's fingerprints [from, to), on one thread; each slot is touched FILL_AHEAD inserts early. */
    private static void fill(QuotientTable table, FingerprintLog log, long from, long to) throws IOException {
        forEachTouchedAhead(table, log, from, to, table::insertAlone);
    }

    /** Marks the {@code n} fingerprints of {@code marks} in a table just filled from the log (one thread). */
    private static void markAgain(QuotientTable table, FingerprintLog marks, long n) throws IOException {
        forEachTouchedAhead(table, marks, 0, n, fp -> {
            if (table.mark(fp) != QuotientTable.STORED) {
                throw new IllegalStateException("internal error: a grounded fingerprint is not in the rebuilt table");
            }
        });
    }

    /** Calls {@code each} with the log's fingerprints [from, to) in order, each slot touched FILL_AHEAD calls early. */
    private static void forEachTouchedAhead(QuotientTable table, FingerprintLog log, long from, long to,
                                            java.util.function.LongConsumer each) throws IOException {
        log.read(from, to, (chunk, n) -> {
            long t = 0;
            for (int i = 0; i < Math.min(n, FILL_AHEAD); i++) {
                t ^= table.prefetch(chunk[i]);
            }
            for (int i = 0; i < n; i++) {
                if (i + FILL_AHEAD < n) {
                    t ^= table.prefetch(chunk[i + FILL_AHEAD]);
                }
                each.accept(chunk[i]);
            }
            touched ^= t;
        });
    }

    @Override
    public long bytes() {
        return table.bytes();
    }

    @Override
    public double collisionProbability(long generated, long distinct) {
        return Fingerprints.collisionProbability(generated, distinct, table.keyBits());
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public long savedLongs() {
        return HEADER + count;
    }

    @Override
    public void save(LongFile.Writer out) throws IOException {
        log.flush();
        if (log.broken() || log.size() != count) {
            throw new IOException("the fingerprint log is incomplete (" + log.size() + " of " + count + ")");
        }
        out.put(new long[] {table.capacity()}, 0, HEADER);
        log.read(0, count, (chunk, n) -> out.put(chunk, 0, n));
    }

    /** Why {@code longs} saved longs cannot be a set of this kind holding {@code count} states, or null. */
    static String unrestorable(long longs, long count) {
        return longs == HEADER + count ? null
                : longs + " longs is not a compact seen set of " + count + " states (" + (HEADER + count) + " longs)";
    }

    /**
     * The set {@link #save} wrote to {@code in} ({@code longs} longs, {@code count} states), after
     * {@link #unrestorable} found nothing wrong; null when the budget refuses its table.
     * {@code integrity} runs once the file is read, before its content is looked at.
     *
     * @throws IOException when the recorded capacity cannot hold the states
     */
    static CompactSeenSet restore(long longs, long count, LongFile.Reader in, MemoryBudget budget, RunControl control,
                                  Path dir, Checkpoint.IntegrityCheck integrity) throws IOException {
        long[] header = new long[HEADER];
        in.get(header, 0, HEADER);
        FingerprintLog log = new FingerprintLog(dir, control);
        QuotientTable table = null;
        try {
            long[] chunk = new long[1 << 16];
            for (long done = 0; done < count; ) {
                int n = (int) Math.min(chunk.length, count - done);
                in.get(chunk, 0, n);
                log.appendAll(chunk, n);
                done += n;
            }
            integrity.check();
            long capacity = header[0];
            if (capacity < QuotientTable.MIN_CAPACITY || capacity > QuotientTable.maxCapacity(false)) {
                throw new IOException("capacity " + capacity + " is not that of a compact seen table");
            }
            if (count > capacity * QuotientTable.MAX_LOAD) {
                throw new IOException(count + " states do not fit in " + capacity + " homes at the load limit "
                        + QuotientTable.MAX_LOAD);
            }
            table = QuotientTable.allocate(capacity, budget);
            if (table == null) {
                log.close();
                return null;
            }
            fill(table, log, 0, count);
            return new CompactSeenSet(table, log, null, count, budget, control);
        } catch (IOException | RuntimeException e) {
            if (table != null) {
                table.release();
            }
            log.close();
            throw e;
        }
    }

    @Override
    public void release() {
        table.release();
        log.close();
        if (marks != null) {
            marks.close();
        }
    }
}
