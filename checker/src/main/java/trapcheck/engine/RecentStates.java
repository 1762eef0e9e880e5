package trapcheck.engine;

/*
 * The concrete successors one BFS worker offered lately, direct-mapped by fingerprint: slots of
 * [fingerprint, state words], 2^14 of them so that the cache stays in L2.
 *
 * With symmetry, most successors are states met before (diamonds: a then b, b then a), and the
 * representative is the costly part of a transition; a concrete state this worker already offered in
 * this level needs none. Skipping it is exact: it was then found in the seen set, or offered to this
 * level's table with a smaller key (a worker's keys only grow within a level), and every state of a
 * finished level is in the seen set. Whole states are compared, so exact mode stays exact.
 */
final class RecentStates {
    private static final int BITS = 14;

    private final int words;
    private final long[] slots;

    RecentStates(int words) {
        this.words = words;
        this.slots = new long[(1 << BITS) * (1 + words)];
    }

    /** Whether exactly this concrete state was offered before; remembers it if not. */
    boolean offeredBefore(long[] state) {
        long fp = Fingerprints.of(state, words);
        int at = (int) (fp >>> (64 - BITS)) * (1 + words);
        if (slots[at] == fp && LinearProbing.sameWords(slots, at + 1, state, words)) {
            return true;
        }
        slots[at] = fp;
        System.arraycopy(state, 0, slots, at + 1, words);
        return false;
    }
}
