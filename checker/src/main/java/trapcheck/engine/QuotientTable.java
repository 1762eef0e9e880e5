package trapcheck.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;

/*
 * A set of fingerprints that stores, per fingerprint, only the bits its slot does not imply
 * (quotienting, as in Cleary's compact hash tables), in a Robin Hood table of 44-bit slots.
 *
 * Keys. The table keeps the top F bits of a fingerprint, its key K, with F = min(64, 38 +
 * floor(log2 capacity)). K's home slot is floor(K * capacity / 2^F) (multiply-high, so the
 * capacity is any number); the keys with home h are the interval [L(h), L(h+1)) of at most 2^38
 * values, where L(h) = ceil(h * 2^F / capacity), so h and K's low 38 bits (the remainder) give K
 * back. Two fingerprints are the same state here exactly when their keys are equal: membership
 * is a function of the set of keys stored, never of where they sit, so it does not depend on the
 * order of inserts (thread timing). The bits kept are F: the collision estimate is over 2^F.
 *
 * Slots. A slot is [remainder (38 bits) | displacement + 1 (6 bits)], 0 when empty, bit-packed in
 * a long[] with one spare long at the end. A marking table (partial order's seen set: ENGINE.md
 * "Partial order") has 45-bit slots, [grounded mark (1) | remainder | displacement + 1]: the mark
 * moves with its entry when Robin Hood shifts it, when the table grows in place and into the stash
 * (markedStash), so one lookup answers absent, stored or stored and grounded (kind). Robin Hood insertion keeps every run of slots sorted by
 * home, so a lookup stops at the first slot whose entry is closer to its own home than the probe
 * is to the key's (or empty): about 5 probes at the maximum load 0.9, inside one or two cache
 * lines. There is no wrap-around: 62 slots past the last home take the entries displaced beyond
 * it. An entry that would be displaced more than 62 slots (a few per 10^7 at load 0.9) goes to a
 * small exact stash of keys.
 *
 * Bytes per key: 5.5 / load, with the load between 0.72 and 0.9 (CompactSeenSet grows by 1.25x):
 * 6.1 to 7.6; a marking table 5.625 / load, 6.25 to 7.8.
 *
 * Concurrency: contains on any number of threads while nothing is inserted; insert on several
 * threads at once for distinct absent keys. An insert locks the 1024-slot stripe of its home and,
 * in increasing order (so no deadlock), every later stripe its shifting reaches; a stripe covers
 * whole longs (1024 * 44 and 1024 * 45 bits are multiples of 64), so inserts in different stripes
 * never write the same long. mark runs on one thread, between levels, while nothing else runs.
 */
final class QuotientTable {
    static final int SLOT_BITS = 44;
    /** A marking table's slot: the grounded mark above the remainder. */
    static final int MARKED_SLOT_BITS = SLOT_BITS + 1;
    static final int DISPLACEMENT_BITS = 6;
    static final int REMAINDER_BITS = SLOT_BITS - DISPLACEMENT_BITS;
    /** kind: absent, stored, stored and marked grounded. */
    static final int ABSENT = 0;
    static final int STORED = 1;
    static final int GROUNDED = 2;
    /** Displacement field values 1..63 are displacements 0..62; 0 is an empty slot. */
    static final int MAX_DISPLACEMENT = (1 << DISPLACEMENT_BITS) - 2;
    static final double MAX_LOAD = 0.9;
    /** Fewest homes: F is then at least 38 + 4. */
    static final long MIN_CAPACITY = 16;
    /** The mark, in a field shifted right by DISPLACEMENT_BITS (what insert carries). */
    private static final long CARRIED_MARK = 1L << REMAINDER_BITS;
    private static final long DISPLACEMENT_MASK = (1L << DISPLACEMENT_BITS) - 1;
    private static final long REMAINDER_MASK = (1L << REMAINDER_BITS) - 1;
    private static final int STRIPE_SHIFT = 10;
    private static final VarHandle LOCK = MethodHandles.arrayElementVarHandle(int[].class);

    private final long capacity;
    private final long slotCount;
    private final boolean marking;
    private final int slotBits;
    private final long fieldMask;
    private final int keyBits;
    private final int dropBits;
    private final long[] bits;
    private final int[] locks;
    private final MemoryBudget budget;
    private final Set<Long> stash = new HashSet<>();
    /** The stashed keys that are marked grounded (a subset of stash). */
    private final Set<Long> markedStash = new HashSet<>();
    private volatile boolean stashUsed;

    private QuotientTable(long capacity, boolean marking, long[] bits, MemoryBudget budget) {
        this.capacity = capacity;
        this.slotCount = capacity + MAX_DISPLACEMENT;
        this.marking = marking;
        this.slotBits = slotBits(marking);
        this.fieldMask = (1L << slotBits) - 1;
        this.keyBits = keyBits(capacity);
        this.dropBits = 64 - keyBits;
        this.bits = bits;
        this.budget = budget;
        this.locks = new int[(int) ((slotCount >>> STRIPE_SHIFT) + 1)];
    }

    /** An empty table of {@code capacity} homes without marks, or null if the budget refuses it. */
    static QuotientTable allocate(long capacity, MemoryBudget budget) {
        return allocate(capacity, false, budget);
    }

    /** An empty table of {@code capacity} homes, marking or not, or null if the budget refuses it. */
    static QuotientTable allocate(long capacity, boolean marking, MemoryBudget budget) {
        long[] bits = budget.allocate(longsFor(capacity, marking));
        return bits == null ? null : new QuotientTable(capacity, marking, bits, budget);
    }

    static int slotBits(boolean marking) {
        return marking ? MARKED_SLOT_BITS : SLOT_BITS;
    }

    /** Longs of the slot array of a table of {@code capacity} homes without marks. */
    static long longsFor(long capacity) {
        return longsFor(capacity, false);
    }

    /** Longs of the slot array of a table of {@code capacity} homes. */
    static long longsFor(long capacity, boolean marking) {
        return ((capacity + MAX_DISPLACEMENT) * slotBits(marking) + 63) / 64 + 1;
    }

    /** The largest capacity whose slot array is one Java array. */
    static long maxCapacity(boolean marking) {
        return (MemoryBudget.MAX_ARRAY - 2) * 64 / slotBits(marking) - MAX_DISPLACEMENT - 1;
    }

    boolean marking() {
        return marking;
    }

    /** Bits of a fingerprint kept by a table of {@code capacity} homes. */
    static int keyBits(long capacity) {
        return Math.min(64, REMAINDER_BITS + 63 - Long.numberOfLeadingZeros(capacity));
    }

    long capacity() {
        return capacity;
    }

    int keyBits() {
        return keyBits;
    }

    long bytes() {
        return 16 + 8L * bits.length + 16 + 4L * locks.length + 48L * (stash.size() + markedStash.size());
    }

    /** Entries in the stash (displaced too far): for tests and statistics. */
    int stashed() {
        return stash.size();
    }

    long key(long fp) {
        return fp >>> dropBits;
    }

    private long home(long key) {
        long x = key << dropBits;
        return Math.multiplyHigh(x, capacity) + ((x >> 63) & capacity);
    }

    /**
     * Reads the long holding fp's home slot and returns it: a lookup or insert of fp soon after finds
     * its slots in cache. A batch of these issues its cache misses together (Java has no prefetch
     * instruction; independent loads overlap, dependent probes do not). The caller keeps the value
     * (xor into a field) so that the load is not removed.
     */
    long prefetch(long fp) {
        return bits[(int) ((home(fp >>> dropBits) * slotBits) >>> 6)];
    }

    boolean contains(long fp) {
        return slotOf(fp) != NOT_IN_SLOTS || stashUsed && stash.contains(fp >>> dropBits);
    }

    /** slotOf: the key is not in a slot (it may be in the stash). */
    private static final long NOT_IN_SLOTS = -1;

    /** The slot holding the key of {@code fp}, or NOT_IN_SLOTS. */
    private long slotOf(long fp) {
        long key = fp >>> dropBits;
        long remainder = key & REMAINDER_MASK;
        long p = home(key);
        long[] a = bits;
        for (int dist = 0; dist <= MAX_DISPLACEMENT; dist++, p++) {
            long f = field(a, p);
            long d = (f & DISPLACEMENT_MASK) - 1;
            if (d < dist) {
                break;
            }
            if (d == dist && ((f >>> DISPLACEMENT_BITS) & REMAINDER_MASK) == remainder) {
                return p;
            }
        }
        return NOT_IN_SLOTS;
    }

    /** ABSENT, STORED or GROUNDED (stored and marked): one lookup; any thread while nothing is written. */
    int kind(long fp) {
        long p = slotOf(fp);
        if (p != NOT_IN_SLOTS) {
            return (field(bits, p) >>> (DISPLACEMENT_BITS + REMAINDER_BITS)) != 0 ? GROUNDED : STORED;
        }
        if (!stashUsed) {
            return ABSENT;
        }
        long key = fp >>> dropBits;
        return markedStash.contains(key) ? GROUNDED : stash.contains(key) ? STORED : ABSENT;
    }

    /**
     * Marks the stored key of {@code fp} grounded (a marking table; one thread, nothing else running)
     * and returns its kind before: ABSENT (nothing marked), STORED, or GROUNDED (marked already).
     */
    int mark(long fp) {
        if (!marking) {
            throw new IllegalStateException("internal error: this table keeps no marks");
        }
        long p = slotOf(fp);
        if (p != NOT_IN_SLOTS) {
            long f = field(bits, p);
            if ((f >>> (DISPLACEMENT_BITS + REMAINDER_BITS)) != 0) {
                return GROUNDED;
            }
            setField(bits, p, f | CARRIED_MARK << DISPLACEMENT_BITS);
            return STORED;
        }
        long key = fp >>> dropBits;
        if (stashUsed && stash.contains(key)) {
            return markedStash.add(key) ? STORED : GROUNDED;
        }
        return ABSENT;
    }

    /** Stores the key of {@code fp}, known to be absent (concurrently with other inserts: stripe locks). */
    void insert(long fp) {
        insert(fp, true);
    }

    /**
     * Stores the key of {@code fp}, known to be absent, while no other thread uses the table (a
     * rebuild): no stripe locks, whose atomic instructions would also keep one insert's cache miss
     * from overlapping the next one's.
     */
    void insertAlone(long fp) {
        insert(fp, false);
    }

    private void insert(long fp, boolean locking) {
        long key = fp >>> dropBits;
        long h = home(key);
        int first = (int) (h >>> STRIPE_SHIFT);
        if (locking) {
            lock(first);
        }
        int held = first;
        try {
            long carried = key & REMAINDER_MASK;
            int dist = 0;
            long[] a = bits;
            for (long p = h; ; p++, dist++) {
                if (dist > MAX_DISPLACEMENT) {
                    stashKey(keyOf(p - dist, carried & REMAINDER_MASK), (carried & CARRIED_MARK) != 0);
                    return;
                }
                int stripe = (int) (p >>> STRIPE_SHIFT);
                if (locking && stripe > held) {
                    lock(stripe);
                    held = stripe;
                }
                long f = field(a, p);
                long d = (f & DISPLACEMENT_MASK) - 1;
                if (d < dist) {
                    setField(a, p, carried << DISPLACEMENT_BITS | (dist + 1));
                    if (f == 0) {
                        return;
                    }
                    carried = f >>> DISPLACEMENT_BITS;
                    dist = (int) d;
                }
            }
        } finally {
            if (locking) {
                for (int s = first; s <= held; s++) {
                    LOCK.setRelease(locks, s, 0);
                }
            }
        }
    }

    private synchronized void stashKey(long key, boolean marked) {
        stash.add(key);
        if (marked) {
            markedStash.add(key);
        }
        stashUsed = true;
    }

    private void lock(int stripe) {
        while (!LOCK.compareAndSet(locks, stripe, 0, 1)) {
            Thread.onSpinWait();
        }
    }

    /** Calls {@code sink} with every key, in slot order then the stash (one thread, nothing inserted meanwhile). */
    void forEachKey(KeySink sink) {
        HomeKeys keys = new HomeKeys(capacity, keyBits);
        long[] a = bits;
        for (long p = 0; p < slotCount; p++) {
            long f = field(a, p);
            if (f != 0) {
                long h = p - ((f & DISPLACEMENT_MASK) - 1);
                sink.accept(keys.key(h, (f >>> DISPLACEMENT_BITS) & REMAINDER_MASK));
            }
        }
        for (long k : stash) {
            sink.accept(k);
        }
    }

    @FunctionalInterface
    interface KeySink {
        void accept(long key);
    }

    /**
     * A table of {@code newCapacity} homes with the same keys (it must keep as many bits: same
     * keyBits), filled by one pass over this one: runs are sorted by home and a key's home only
     * grows with the key, so every entry is appended after the previous one. Null if the budget
     * refuses the new table.
     */
    QuotientTable grownInPlaceOrder(long newCapacity) {
        if (keyBits(newCapacity) != keyBits) {
            throw new IllegalArgumentException("a table of " + newCapacity + " homes keeps other bits");
        }
        QuotientTable fresh = allocate(newCapacity, marking, budget);
        if (fresh == null) {
            return null;
        }
        Appender out = fresh.new Appender();
        HomeKeys keys = new HomeKeys(capacity, keyBits);
        long[] a = bits;
        long[] group = new long[8];
        long[] marks = new long[8];   // each key's mark, as carried (CARRIED_MARK or 0)
        int grouped = 0;
        long groupHome = -1;
        for (long p = 0; p < slotCount; p++) {
            long f = field(a, p);
            if (f == 0) {
                continue;
            }
            long h = p - ((f & DISPLACEMENT_MASK) - 1);
            if (h != groupHome) {
                out.appendSorted(group, marks, grouped);
                grouped = 0;
                groupHome = h;
            }
            if (grouped == group.length) {
                group = java.util.Arrays.copyOf(group, grouped * 2);
                marks = java.util.Arrays.copyOf(marks, grouped * 2);
            }
            long carried = f >>> DISPLACEMENT_BITS;
            marks[grouped] = carried & CARRIED_MARK;
            group[grouped++] = keys.key(h, carried & REMAINDER_MASK);
        }
        out.appendSorted(group, marks, grouped);
        for (long k : stash) {
            fresh.insert(k << dropBits);
        }
        for (long k : markedStash) {
            fresh.mark(k << dropBits);
        }
        return fresh;
    }

    /** Fills an empty table with keys in non-decreasing order of home. */
    private final class Appender {
        private long next;

        /**
         * Appends {@code n} keys of {@code keys} (of one home of the old table), with their marks, in
         * order of their new home.
         */
        void appendSorted(long[] keys, long[] marks, int n) {
            if (n > 1) {
                sortByHome(keys, marks, n);
            }
            for (int i = 0; i < n; i++) {
                long key = keys[i];
                long h = home(key);
                long p = Math.max(h, next);
                if (p - h > MAX_DISPLACEMENT) {
                    stashKey(key, marks[i] != 0);
                    continue;
                }
                setField(bits, p, ((key & REMAINDER_MASK) | marks[i]) << DISPLACEMENT_BITS | (p - h + 1));
                next = p + 1;
            }
        }

        private void sortByHome(long[] keys, long[] marks, int n) {
            for (int i = 1; i < n; i++) {
                long k = keys[i];
                long m = marks[i];
                long h = home(k);
                int j = i - 1;
                while (j >= 0 && home(keys[j]) > h) {
                    keys[j + 1] = keys[j];
                    marks[j + 1] = marks[j];
                    j--;
                }
                keys[j + 1] = k;
                marks[j + 1] = m;
            }
        }
    }

    void release() {
        budget.free(bits);
    }

    /** Entries stored (slots in use and the stash): what a restore checks against the count. */
    long entries() {
        long n = 0;
        long[] a = bits;
        for (long p = 0; p < slotCount; p++) {
            n += field(a, p) == 0 ? 0 : 1;
        }
        return n + stash.size();
    }

    private long field(long[] a, long p) {
        long bit = p * slotBits;
        int i = (int) (bit >>> 6);
        int o = (int) bit & 63;
        return ((a[i] >>> o) | ((a[i + 1] << 1) << (63 - o))) & fieldMask;
    }

    private void setField(long[] a, long p, long value) {
        long bit = p * slotBits;
        int i = (int) (bit >>> 6);
        int o = (int) bit & 63;
        a[i] = (a[i] & ~(fieldMask << o)) | (value << o);
        if (o > 64 - slotBits) {
            int high = o + slotBits - 64;
            a[i + 1] = (a[i + 1] & -(1L << high)) | (value >>> (64 - o));
        }
    }

    /**
     * The key of home h with a given remainder: the one in [L(h), L(h) + 2^38) with those low bits,
     * L(h) = ceil(h * 2^F / capacity). Homes asked in non-decreasing order cost O(1) each
     * (L advances by floor(2^F / capacity) plus a carry); other orders restart the walk.
     */
    static final class HomeKeys {
        private final long capacity;
        private final long quotient;
        private final long residue;
        private final int keyBits;
        private long home;
        private long base;
        private long carry;

        HomeKeys(long capacity, int keyBits) {
            this.capacity = capacity;
            this.keyBits = keyBits;
            BigInteger[] qr = BigInteger.ONE.shiftLeft(keyBits).divideAndRemainder(BigInteger.valueOf(capacity));
            this.quotient = qr[0].longValue();
            this.residue = qr[1].longValue();
        }

        /** L(h) = ceil(h * 2^F / capacity), modulo 2^64 (exact for F < 64, and for F = 64 it is < 2^64). */
        long lowest(long h) {
            if (h < home) {
                home = 0;
                base = 0;
                carry = 0;
            }
            if (h - home > 64) {
                BigInteger[] qr = BigInteger.valueOf(h).multiply(BigInteger.valueOf(residue))
                        .divideAndRemainder(BigInteger.valueOf(capacity));
                home = h;
                base = h * quotient + qr[0].longValue();
                carry = qr[1].longValue();
            }
            while (home < h) {
                home++;
                base += quotient;
                carry += residue;
                if (carry >= capacity) {
                    carry -= capacity;
                    base++;
                }
            }
            return base + (carry > 0 ? 1 : 0);
        }

        long key(long h, long remainder) {
            long low = lowest(h);
            return low + ((remainder - low) & REMAINDER_MASK);
        }
    }

    private long keyOf(long h, long remainder) {
        return new HomeKeys(capacity, keyBits).key(h, remainder);
    }
}
