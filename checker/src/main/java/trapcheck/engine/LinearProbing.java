package trapcheck.engine;

/*
 * What the seen table and the level table share: open addressing with linear probing over one
 * long[] of fixed-stride slots whose first long is the state's fingerprint (the tag).
 *
 * Two tag values are reserved: EMPTY (0) marks a free slot, so a freshly allocated (zeroed) array
 * is an empty table with no fill pass; BUSY (1) marks a slot claimed by a writer that has not yet
 * published the state words behind it (the level table in exact mode). Fingerprints.of never
 * returns either.
 *
 * The home slot of a fingerprint is picked by its high bits (Lemire's multiply-shift), so a
 * capacity need not be a power of two and the seen table can grow by 1.5x.
 */
final class LinearProbing {
    static final long EMPTY = 0L;
    static final long BUSY = 1L;

    private LinearProbing() {
    }

    /** The home slot of {@code fp} in a table of {@code capacity} slots: {@code [0, capacity)}. */
    static long home(long fp, long capacity) {
        // unsigned high 64 bits of fp * capacity (capacity is positive): Java 17 has only the signed one
        return Math.multiplyHigh(fp, capacity) + ((fp >> 63) & capacity);
    }

    /**
     * Finds {@code fp} (and, in exact mode, the state {@code rep} stored at offset {@code stateAt} of
     * the slot) in a table of {@code stride}-long slots. Returns the slot's first index, or -1 when an
     * empty slot is reached first. For readers only: the writers claim slots with their own CAS loops.
     */
    static int find(long[] slots, long capacity, int stride, int stateAt, int words, boolean exact, long fp,
                    long[] rep) {
        long i = home(fp, capacity);
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
        return grown(old, stride, capacity, budget, null);
    }

    /** Where a growth moved an occupied slot (slot numbers, not array indices). */
    @FunctionalInterface
    interface Moves {
        void moved(long from, long to);
    }

    /** Like grown, telling {@code moves} (unless null) where each occupied slot went. */
    static long[] grown(long[] old, int stride, long capacity, MemoryBudget budget, Moves moves) {
        long[] fresh = budget.allocate(capacity * stride);
        if (fresh == null) {
            return null;
        }
        rehash(old, fresh, stride, capacity, moves);
        budget.free(old);
        return fresh;
    }

    /** Moves every occupied slot of {@code old} into the empty table {@code fresh} of {@code capacity} slots. */
    private static void rehash(long[] old, long[] fresh, int stride, long capacity, Moves moves) {
        for (int base = 0; base < old.length; base += stride) {
            long tag = old[base];
            if (tag != EMPTY) {
                long i = home(tag, capacity);
                while (fresh[(int) (i * stride)] != EMPTY) {
                    if (++i == capacity) {
                        i = 0;
                    }
                }
                System.arraycopy(old, base, fresh, (int) (i * stride), stride);
                if (moves != null) {
                    moves.moved(base / stride, i);
                }
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
}
