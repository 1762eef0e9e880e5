package trapcheck.engine;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * The seen set in memory: an open-addressed long[] with linear probing (LinearProbing).
 *
 * Layout. Fingerprint mode: one slot = one long, the state's 64-bit fingerprint (0 = empty). Exact
 * mode: one slot = 1 + stateWords longs, the fingerprint as a tag followed by the packed
 * representative, so membership is decided by the words and a fingerprint collision only costs a
 * longer probe. Slots are interleaved in one array so a probe touches consecutive cache lines.
 *
 * Size. The capacity is any number (not a power of two), so the table grows by 1.5x. It grows when
 * the load would pass MAX_LOAD = 0.8, so in fingerprint mode it holds between 0.53 and 0.8 entries
 * per slot: 10 to 15 bytes per state. Linear probing at 0.8 costs about 3 probes on a hit and 13 on
 * a miss, mostly inside the same two cache lines; hits dominate in BFS (most successors are known).
 *
 * Grounded marks (partial order, exact mode): a bit per slot in a bitmap beside the slots, made on
 * the first mark; a growth moves each bit with its slot.
 *
 * Concurrency: as SeenSet says. insertNew claims an empty slot by CAS on the tag, which is all the
 * synchronisation concurrent inserts of distinct states need.
 */
final class SeenTable implements SeenSet {
    static final double MAX_LOAD = 0.8;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final int words;
    private final boolean exact;
    private final int stride;
    private final MemoryBudget budget;
    private long[] slots;
    /** Grounded marks, a bit per slot; null before the first mark. */
    private long[] marks;
    private long capacity;
    private long count;

    SeenTable(int words, boolean exact, long initialCapacity, MemoryBudget budget) {
        this(words, exact, budget, budget.allocate(Math.max(16, initialCapacity) * (exact ? 1 + words : 1)), 0);
        if (slots == null) {
            throw new OutOfMemoryError("memory budget too small for an empty seen-state table");
        }
    }

    private SeenTable(int words, boolean exact, MemoryBudget budget, long[] slots, long count) {
        this.words = words;
        this.exact = exact;
        this.stride = exact ? 1 + words : 1;
        this.budget = budget;
        this.slots = slots;
        this.capacity = slots == null ? 0 : slots.length / stride;
        this.count = count;
    }

    /** The checkpoint layout of a table: slots of a fingerprint, or of a tag and the state's words. */
    static String kind(boolean exact) {
        return exact ? "exact-linear-probing" : "fp64-linear-probing";
    }

    /**
     * Why a saved table of {@code longs} longs cannot hold {@code count} states (a table filled past
     * MAX_LOAD was never written, and a full one would make a probe loop forever), or null.
     */
    static String unrestorable(int words, boolean exact, long longs, long count) {
        int stride = exact ? 1 + words : 1;
        if (longs % stride != 0 || longs > MemoryBudget.MAX_ARRAY || longs / stride < 16) {
            return longs + " longs is not the size of a seen table of " + stride + "-long slots";
        }
        if (count > (longs / stride) * MAX_LOAD) {
            return count + " states do not fit in " + longs / stride + " slots at the load limit " + MAX_LOAD;
        }
        return null;
    }

    /**
     * The table of {@code longs} longs holding {@code count} states that {@link #save} wrote to
     * {@code in}, after {@link #unrestorable} found nothing wrong; null when the budget refuses it.
     * {@code integrity} runs once the file is read, before the table's content is checked.
     *
     * @throws IOException when the file holds another number of states, or the reserved tag BUSY
     */
    static SeenTable restore(int words, boolean exact, long longs, long count, LongFile.Reader in,
                             MemoryBudget budget, Checkpoint.IntegrityCheck integrity) throws IOException {
        long[] slots = budget.allocate(longs);
        if (slots == null) {
            return null;
        }
        try {
            in.get(slots, 0, slots.length);
            integrity.check();
            int stride = exact ? 1 + words : 1;
            long stored = 0;
            for (int i = 0; i < slots.length; i += stride) {
                if (slots[i] == LinearProbing.BUSY) {
                    throw new IOException("slot " + i / stride + " holds the reserved tag " + LinearProbing.BUSY);
                }
                stored += slots[i] == LinearProbing.EMPTY ? 0 : 1;
            }
            if (stored != count) {
                throw new IOException("holds " + stored + " states, the manifest says " + count);
            }
        } catch (IOException | RuntimeException e) {
            budget.free(slots);
            throw e;
        }
        return new SeenTable(words, exact, budget, slots, count);
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public void addCount(long states) {
        count += states;
    }

    long capacity() {
        return capacity;
    }

    @Override
    public long bytes() {
        return 16 + 8L * slots.length + (marks == null ? 0 : 16 + 8L * marks.length);
    }

    private static long markLongs(long capacity) {
        return (capacity + 63) >>> 6;
    }

    @Override
    public int fingerprintBits() {
        return exact ? 0 : 64;
    }

    @Override
    public double collisionProbability(long generated, long distinct) {
        return exact ? 0 : Fingerprints.collisionProbability(generated, distinct, 64);
    }

    @Override
    public boolean contains(long fp, long[] rep) {
        return LinearProbing.find(slots, capacity, stride, 1, words, exact, fp, rep) >= 0;
    }

    @Override
    public int storedKind(long fp, long[] rep) {
        int base = LinearProbing.find(slots, capacity, stride, 1, words, exact, fp, rep);
        if (base < 0) {
            return ABSENT;
        }
        long slot = base / stride;
        return marks != null && (marks[(int) (slot >>> 6)] & (1L << slot)) != 0 ? GROUNDED : STORED;
    }

    @Override
    public boolean marksGrounded() {
        return true;
    }

    /** False also when the budget refuses the bitmap: a witness fewer, never a wrong answer. */
    @Override
    public boolean markGrounded(long fp, long[] rep) {
        int base = LinearProbing.find(slots, capacity, stride, 1, words, exact, fp, rep);
        if (base < 0) {
            return false;
        }
        if (marks == null) {
            marks = budget.allocate(markLongs(capacity));
            if (marks == null) {
                return false;
            }
        }
        long slot = base / stride;
        marks[(int) (slot >>> 6)] |= 1L << slot;
        return true;
    }

    @Override
    public long prefetch(long fp) {
        return slots[(int) (LinearProbing.home(fp, capacity) * stride)];
    }

    @Override
    public void insertNew(long fp, long[] rep) {
        long[] s = slots;
        long cap = capacity;
        long i = LinearProbing.home(fp, cap);
        while (true) {
            int base = (int) (i * stride);
            if (s[base] == LinearProbing.EMPTY && SLOT.compareAndSet(s, base, LinearProbing.EMPTY, fp)) {
                if (exact) {
                    System.arraycopy(rep, 0, s, base + 1, words);
                }
                return;
            }
            if (++i == cap) {
                i = 0;
            }
        }
    }

    /** One thread, outside a search (tests, benchmarks): 1 if added, 0 if present, -1 if the table could not grow. */
    int insertIfAbsent(long fp, long[] rep) {
        if (contains(fp, rep)) {
            return 0;
        }
        if (!ensureCapacity(count + 1)) {
            return -1;
        }
        insertNew(fp, rep);
        count++;
        return 1;
    }

    @Override
    public long bytesToHold(long states) {
        if (states <= capacity * MAX_LOAD) {
            return bytes();
        }
        long newCapacity = capacity;
        while (states > newCapacity * MAX_LOAD) {
            newCapacity += newCapacity >>> 1;
        }
        long newMarks = marks == null ? 0 : 16 + 8 * markLongs(newCapacity);
        return bytes() + 16 + 8 * newCapacity * stride + newMarks; // a growth holds both tables
    }

    @Override
    public void drain(SpillFile.Writer out, SpillFile.Writer grounded) throws IOException {
        for (int base = 0; base < slots.length; base += stride) {
            if (slots[base] != LinearProbing.EMPTY) {
                out.put(slots, base, 1);
                long slot = base / stride;
                if (grounded != null && marks != null && (marks[(int) (slot >>> 6)] & (1L << slot)) != 0) {
                    grounded.put(slots, base, 1);
                }
            }
        }
    }

    /** Grows (by 1.5x steps) so that {@code states} fit under the load limit; false if out of memory. */
    @Override
    public boolean ensureCapacity(long states) {
        if (states <= capacity * MAX_LOAD) {
            return true;
        }
        long newCapacity = capacity;
        while (states > newCapacity * MAX_LOAD) {
            newCapacity += newCapacity >>> 1;
        }
        long[] freshMarks = null;
        if (marks != null) {
            freshMarks = budget.allocate(markLongs(newCapacity));
            if (freshMarks == null) {
                return false;
            }
        }
        long[] oldMarks = marks;
        long[] newMarks = freshMarks;
        long[] fresh = LinearProbing.grown(slots, stride, newCapacity, budget, oldMarks == null ? null
                : (from, to) -> {
                    if ((oldMarks[(int) (from >>> 6)] & (1L << from)) != 0) {
                        newMarks[(int) (to >>> 6)] |= 1L << to;
                    }
                });
        if (fresh == null) {
            budget.free(freshMarks);
            return false;
        }
        if (oldMarks != null) {
            budget.free(oldMarks);
            marks = freshMarks;
        }
        slots = fresh;
        capacity = newCapacity;
        return true;
    }

    @Override
    public String kind() {
        return kind(exact);
    }

    @Override
    public long savedLongs() {
        return slots.length;
    }

    @Override
    public void save(LongFile.Writer out) throws IOException {
        out.put(slots, 0, slots.length);
    }

    @Override
    public void release() {
        budget.free(slots);
        budget.free(marks);
        marks = null;
        slots = null;
        capacity = 0;
    }
}
