package trapcheck.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/*
 * The set of states already stored: an open-addressed long[] with linear probing.
 *
 * Layout. Fingerprint mode: one slot = one long, the state's 64-bit fingerprint (0 = empty). Exact
 * mode: one slot = 1 + stateWords longs, the fingerprint as a tag followed by the packed
 * representative, so membership is decided by the words and a fingerprint collision only costs a
 * longer probe. Slots are interleaved in one array so a probe touches consecutive cache lines.
 *
 * Size. The capacity is any number (not a power of two): Fingerprints.index() reduces by
 * multiply-high, so the table grows by 1.5x. It grows when the load would pass MAX_LOAD = 0.8, so
 * in fingerprint mode it holds between 0.53 and 0.8 entries per slot: 10 to 15 bytes per state.
 * Linear probing at 0.8 costs about 3 probes on a hit and 13 on a miss, mostly inside the same
 * two cache lines; hits dominate in BFS (most successors are already known).
 *
 * Concurrency. BFS never reads and writes the table at the same time: during the expansion of a
 * level it is only read (contains), and the new states of the level are added afterwards by
 * insertNew, concurrently but never two equal states, so a CAS on the tag to claim an empty slot is
 * all the synchronisation needed. Growth happens between phases on one thread. The thread pool's
 * hand-offs give the happens-before edges between phases.
 */
final class SeenTable {
    static final double MAX_LOAD = 0.8;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final int words;
    private final boolean exact;
    private final int stride;
    private final MemoryBudget budget;
    private long[] slots;
    private long capacity;
    private long count;

    SeenTable(int words, boolean exact, long initialCapacity, MemoryBudget budget) {
        this.words = words;
        this.exact = exact;
        this.stride = exact ? 1 + words : 1;
        this.budget = budget;
        this.capacity = Math.max(16, initialCapacity);
        this.slots = budget.allocate(capacity * stride);
        if (slots == null) {
            throw new OutOfMemoryError("memory budget too small for an empty seen-state table");
        }
    }

    /** Restores a table from a checkpoint. */
    SeenTable(int words, boolean exact, long[] slots, long count, MemoryBudget budget) {
        this.words = words;
        this.exact = exact;
        this.stride = exact ? 1 + words : 1;
        this.budget = budget;
        this.slots = slots;
        this.capacity = slots.length / stride;
        this.count = count;
    }

    long count() {
        return count;
    }

    void addCount(long n) {
        count += n;
    }

    long capacity() {
        return capacity;
    }

    long bytes() {
        return 16 + 8L * slots.length;
    }

    long[] slots() {
        return slots;
    }

    boolean contains(long fp, long[] rep) {
        return Fingerprints.find(slots, capacity, stride, 1, words, exact, fp, rep) >= 0;
    }

    /** Adds a state known to be absent; safe to call concurrently for distinct states. */
    void insertNew(long fp, long[] rep) {
        long[] s = slots;
        long cap = capacity;
        long i = Fingerprints.index(fp, cap);
        while (true) {
            int base = (int) (i * stride);
            if (s[base] == Fingerprints.EMPTY && SLOT.compareAndSet(s, base, Fingerprints.EMPTY, fp)) {
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

    /** Single-threaded insert: 1 if added, 0 if present, -1 if the table could not grow. */
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

    /** Grows (by 1.5x steps) so that {@code entries} fit under the load limit; false if out of memory. */
    boolean ensureCapacity(long entries) {
        if (entries <= capacity * MAX_LOAD) {
            return true;
        }
        long newCapacity = capacity;
        while (entries > newCapacity * MAX_LOAD) {
            newCapacity += newCapacity >>> 1;
        }
        long[] fresh = Fingerprints.grown(slots, stride, newCapacity, budget);
        if (fresh == null) {
            return false;
        }
        slots = fresh;
        capacity = newCapacity;
        return true;
    }

    /** Bytes a table holding {@code entries} states needs (used to refuse growth early). */
    long bytesFor(long entries) {
        return 16 + 8L * stride * (long) Math.ceil(entries / MAX_LOAD);
    }

}
