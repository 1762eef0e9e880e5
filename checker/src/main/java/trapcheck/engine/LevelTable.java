package trapcheck.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/*
 * The states first reached in the BFS level being expanded, each with the smallest "discoverer
 * key" (parent position * actionCount + action) that reached it so far. This is what makes the
 * parallel BFS deterministic: whichever thread gets there first, the discoverer kept is the one a
 * sequential BFS would have kept.
 *
 * Layout: open addressing, linear probing, slots of [tag, inverted key, (exact mode) state words].
 * The key is stored as Long.MAX_VALUE - key so that a fresh zeroed slot means "no key yet" and the
 * minimum key is a CAS-max, with no fill pass at allocation.
 *
 * Concurrency: a new entry is claimed by CAS on the tag (EMPTY -> fingerprint; in exact mode
 * EMPTY -> BUSY, words written, then the fingerprint published with release semantics, readers
 * spinning briefly on BUSY). Growth replaces the array under the write lock of `lock`, which
 * workers hold for reading around each chunk of the frontier they expand; a chunk is small enough
 * that the entries all in-flight chunks can add never fill the table past 0.95 (see chunkLength),
 * so inserts never find it full and no thread ever waits while holding the read lock.
 *
 * The entry count doubles as the max-states allowance: an entry is only claimed after the count was
 * raised below the allowance, so distinct never exceeds the limit.
 */
final class LevelTable {
    static final int LOWERED = 1;
    static final int NOT_LOWERED = 0;
    static final int REFUSED = -1;
    static final double GROW_AT = 0.75;
    private static final double IN_FLIGHT_SHARE = 0.2;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final int words;
    private final boolean exact;
    private final int stride;
    private final MemoryBudget budget;
    private final AtomicLong count = new AtomicLong();
    private final long allowance;
    private volatile long[] slots;
    private volatile long capacity;

    LevelTable(int words, boolean exact, long capacity, long allowance, MemoryBudget budget) {
        this.words = words;
        this.exact = exact;
        this.stride = stride(words, exact);
        this.budget = budget;
        this.allowance = allowance;
        this.capacity = capacity;
        this.slots = budget.allocate(capacity * stride);
    }

    /** False if the initial allocation was refused. */
    boolean allocated() {
        return slots != null;
    }

    long count() {
        return count.get();
    }

    /**
     * How many frontier states a worker may expand in one chunk: small enough that `threads`
     * chunks of `branching` new entries each stay within IN_FLIGHT_SHARE of the capacity.
     * Call while holding the read lock.
     */
    int chunkLength(int threads, int branching, int maxChunk) {
        long n = (long) (capacity * IN_FLIGHT_SHARE) / ((long) threads * Math.max(1, branching));
        return (int) Math.max(1, Math.min(maxChunk, n));
    }

    /** Smallest capacity for which chunkLength() is at least 1. */
    static long minimumCapacity(int threads, int branching, long atLeast) {
        return Math.max(atLeast, (long) (threads * (long) Math.max(1, branching) / IN_FLIGHT_SHARE) + 1);
    }

    /** Longs per slot: the key and fingerprint, and in exact mode the representative. */
    static int stride(int words, boolean exact) {
        return exact ? 2 + words : 2;
    }

    /** Slots now. */
    long capacity() {
        return capacity;
    }

    /** Heap bytes of the slot array now. */
    long bytes() {
        return capacity * stride * 8;
    }

    boolean needsGrowth() {
        return count.get() > capacity * GROW_AT;
    }

    /** Grows by 2x if still needed; call without holding the read lock. False if memory ran out. */
    boolean grow() {
        lock.writeLock().lock();
        try {
            if (!needsGrowth()) {
                return true;
            }
            long newCapacity = capacity * 2;
            long[] fresh = LinearProbing.grown(slots, stride, newCapacity, budget);
            if (fresh == null) {
                return false;
            }
            slots = fresh;
            capacity = newCapacity;
            return true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Reads fp's home slot and returns it (see SeenSet.prefetch): an offer or minimumKey soon after hits cache. */
    long prefetch(long fp) {
        return slots[(int) (LinearProbing.home(fp, capacity) * stride)];
    }

    /**
     * Records that {@code key} reaches the state: LOWERED if it is now the smallest key known for
     * it (the caller must keep the concrete successor), NOT_LOWERED if a smaller key exists,
     * REFUSED if the state is new but the max-states allowance is used up.
     */
    int offer(long fp, long[] rep, long key) {
        long[] s = slots;
        long cap = capacity;
        long i = LinearProbing.home(fp, cap);
        while (true) {
            int base = (int) (i * stride);
            long tag = (long) SLOT.getAcquire(s, base);
            if (tag == LinearProbing.EMPTY) {
                if (!reserveEntry()) {
                    return REFUSED;
                }
                if (SLOT.compareAndSet(s, base, LinearProbing.EMPTY, exact ? LinearProbing.BUSY : fp)) {
                    if (exact) {
                        System.arraycopy(rep, 0, s, base + 2, words);
                        SLOT.setRelease(s, base, fp);
                    }
                    return lowerKey(s, base + 1, key);
                }
                count.decrementAndGet();
                tag = (long) SLOT.getAcquire(s, base);
            }
            while (tag == LinearProbing.BUSY) {
                Thread.onSpinWait();
                tag = (long) SLOT.getAcquire(s, base);
            }
            if (tag == fp && (!exact || LinearProbing.sameWords(s, base + 2, rep, words))) {
                return lowerKey(s, base + 1, key);
            }
            if (++i == cap) {
                i = 0;
            }
        }
    }

    /** The smallest key recorded for the state, -1 if absent; read-only, once the expansion has ended. */
    long minimumKey(long fp, long[] rep) {
        int base = LinearProbing.find(slots, capacity, stride, 2, words, exact, fp, rep);
        return base < 0 ? -1 : Long.MAX_VALUE - slots[base + 1];
    }

    /**
     * Copies every entry, as a record of its fingerprint (in exact mode followed by the state's
     * words), into {@code into}; returns how many. Once the expansion has ended.
     */
    int collect(long[] into) {
        return collect(into, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Like {@link #collect(long[])}, for the entries whose fingerprint is in [lo, hi] (signed). */
    int collect(long[] into, long lo, long hi) {
        int stateLongs = exact ? words : 0;
        int n = 0;
        for (int base = 0; base < slots.length; base += stride) {
            long tag = slots[base];
            if (tag != LinearProbing.EMPTY && tag >= lo && tag <= hi) {
                int at = n * (1 + stateLongs);
                into[at] = slots[base];
                System.arraycopy(slots, base + 2, into, at + 1, stateLongs);
                n++;
            }
        }
        return n;
    }

    /** Entries whose fingerprint is in [lo, hi] (signed). Once the expansion has ended. */
    long countIn(long lo, long hi) {
        long n = 0;
        for (int base = 0; base < slots.length; base += stride) {
            long tag = slots[base];
            n += tag != LinearProbing.EMPTY && tag >= lo && tag <= hi ? 1 : 0;
        }
        return n;
    }

    /**
     * The state turned out to be stored already (on disk): it keeps its entry, but no key is its
     * minimum any more, so no record of it wins. Once the expansion has ended.
     */
    void markKnown(long fp, long[] rep) {
        int base = LinearProbing.find(slots, capacity, stride, 2, words, exact, fp, rep);
        if (base < 0) {
            throw new IllegalStateException("internal error: a candidate is not in the level table");
        }
        slots[base + 1] = 0; // inverted key 0: minimumKey is Long.MAX_VALUE, which no discoverer key equals
    }

    void release() {
        budget.free(slots);
        slots = null;
    }

    private boolean reserveEntry() {
        while (true) {
            long c = count.get();
            if (c >= allowance) {
                return false;
            }
            if (count.compareAndSet(c, c + 1)) {
                return true;
            }
        }
    }

    private static int lowerKey(long[] s, int at, long key) {
        long inverted = Long.MAX_VALUE - key;
        while (true) {
            long current = (long) SLOT.getVolatile(s, at);
            if (current >= inverted) {
                return NOT_LOWERED;
            }
            if (SLOT.compareAndSet(s, at, current, inverted)) {
                return LOWERED;
            }
        }
    }

}
