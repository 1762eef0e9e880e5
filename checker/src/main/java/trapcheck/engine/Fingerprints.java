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

    /** TLC's optimistic estimate that a fingerprint collision hid a state. */
    static double collisionProbability(long generated, long distinct) {
        return (double) generated * (double) distinct / 0x1p64;
    }
}
