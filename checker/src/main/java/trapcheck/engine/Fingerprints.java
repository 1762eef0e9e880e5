package trapcheck.engine;

/*
 * 64-bit fingerprints of packed states, and the range reduction used by the hash tables.
 *
 * The mix is xxHash64's short-input path (seed 0) applied to every length: each word goes through
 * xxHash64's lane round and the result through its avalanche. The constants are xxHash64's five
 * primes; they are fixed so that fingerprints, and therefore checkpoints, are stable across runs
 * and JVMs. Two values are reserved by the tables: 0 marks an empty slot and 1 a slot being
 * written; fingerprints that would come out as either are remapped to other fixed constants (this
 * merges three hash values into one, which changes the collision estimate by nothing measurable).
 */
final class Fingerprints {
    static final long EMPTY = 0L;
    static final long BUSY = 1L;

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private Fingerprints() {
    }

    /** The fingerprint of the first {@code words} words of {@code state}; never 0 or 1. */
    static long of(long[] state, int words) {
        long h = P5 + 8L * words;
        for (int i = 0; i < words; i++) {
            long k = Long.rotateLeft(state[i] * P2, 31) * P1;
            h ^= k;
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h == EMPTY ? P3 : h == BUSY ? P4 : h;
    }

    /**
     * Maps a fingerprint to {@code [0, capacity)} by its high bits (Lemire's multiply-shift), so
     * capacities need not be powers of two and tables can grow by 1.5x.
     */
    static long index(long fp, long capacity) {
        // unsigned high 64 bits of fp * capacity (capacity is positive): Java 17 has only the signed one
        return Math.multiplyHigh(fp, capacity) + ((fp >> 63) & capacity);
    }

    /**
     * Linear probing shared by the seen table and the level table: finds {@code fp} (and, in exact
     * mode, the state {@code rep} stored at offset {@code stateAt} of the slot) in a table of
     * {@code stride}-long slots whose first long is the fingerprint. Returns the slot's first index, or
     * -1 when an empty slot is reached first. Readers only: writers have their own loops (CAS).
     */
    static int find(long[] slots, long capacity, int stride, int stateAt, int words, boolean exact, long fp,
                    long[] rep) {
        long i = index(fp, capacity);
        while (true) {
            int base = (int) (i * stride);
            long tag = slots[base];
            if (tag == EMPTY) {
                return -1;
            }
            if (tag == fp && (!exact || sameWords(slots, base + stateAt, rep, words))) {
                return base;
            }
            if (++i == capacity) {
                i = 0;
            }
        }
    }

    /**
     * A table of {@code capacity} slots holding every occupied slot of {@code old}, allocated through
     * the budget (which gets {@code old} back); null when the budget refuses the new table.
     */
    static long[] grown(long[] old, int stride, long capacity, MemoryBudget budget) {
        long[] fresh = budget.allocate(capacity * stride);
        if (fresh == null) {
            return null;
        }
        rehash(old, fresh, stride, capacity);
        budget.free(old);
        return fresh;
    }

    /** Moves every occupied slot of {@code old} into the empty table {@code fresh} of {@code capacity} slots. */
    private static void rehash(long[] old, long[] fresh, int stride, long capacity) {
        for (int base = 0; base < old.length; base += stride) {
            long tag = old[base];
            if (tag != EMPTY) {
                long i = index(tag, capacity);
                while (fresh[(int) (i * stride)] != EMPTY) {
                    if (++i == capacity) {
                        i = 0;
                    }
                }
                System.arraycopy(old, base, fresh, (int) (i * stride), stride);
            }
        }
    }

    /** Whether {@code words} longs of {@code s} from {@code at} equal the first ones of {@code rep}. */
    static boolean sameWords(long[] s, int at, long[] rep, int words) {
        for (int w = 0; w < words; w++) {
            if (s[at + w] != rep[w]) {
                return false;
            }
        }
        return true;
    }

    /** TLC's optimistic estimate that a fingerprint collision hid a state. */
    static double collisionProbability(long generated, long distinct) {
        return (double) generated * (double) distinct / 0x1p64;
    }
}
