package trapcheck.engine;

/*
 * The canonical fingerprints of the concrete states one BFS worker canonicalised lately, in
 * fingerprint mode with symmetry: direct-mapped by the concrete state's own fingerprint, slots of
 * [that fingerprint, canonical fingerprint, state words], 2^14 of them so that the memo stays
 * about L2-sized.
 *
 * With partial order, most representatives are computed for the proviso (each candidate ample
 * set's successors are canonicalised to ask whether they are stored), not for offering, and
 * RecentStates skips only what was offered: the same concrete successor is met again from the
 * other side of a diamond, or as the successor of a candidate set tried again and dropped. A hit
 * saves the representative. The canonical fingerprint is a function of the concrete state and
 * whole states are compared, so the answer is the one canonicalising would give: the search does
 * the same whatever the memo holds. Only the fingerprint is kept: with fingerprints the seen set,
 * the level table and the grounded marks decide by it alone.
 */
final class FingerprintMemo {
    private static final int BITS = 14;
    private static final int HASH = 0;
    private static final int CANONICAL = 1;
    private static final int STATE = 2;

    private final int words;
    private final int stride;
    private final long[] slots;

    FingerprintMemo(int words) {
        this.words = words;
        this.stride = STATE + words;
        this.slots = new long[(1 << BITS) * stride];
    }

    /** The canonical fingerprint remembered for exactly this state (its own is {@code hash}), or 0 (never a fingerprint). */
    long canonical(long[] state, long hash) {
        int at = slotOf(hash);
        if (slots[at + HASH] == hash && LinearProbing.sameWords(slots, at + STATE, state, words)) {
            return slots[at + CANONICAL];
        }
        return 0;
    }

    private int slotOf(long hash) {
        return (int) (hash >>> (64 - BITS)) * stride;
    }

    /** Remembers the state's canonical fingerprint, replacing what its slot held. */
    void remember(long[] state, long hash, long canonical) {
        int at = slotOf(hash);
        slots[at + HASH] = hash;
        slots[at + CANONICAL] = canonical;
        System.arraycopy(state, 0, slots, at + STATE, words);
    }
}
