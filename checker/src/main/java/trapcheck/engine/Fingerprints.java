package trapcheck.engine;

/*
 * 64-bit fingerprints of packed states, and what a fingerprint costs in certainty.
 *
 * The mix is xxHash64's short-input path (seed 0) applied to every length: each word goes through
 * xxHash64's lane round and the result through its avalanche. The constants are xxHash64's five
 * primes; they are fixed so that fingerprints, and therefore checkpoints, are stable across runs
 * and JVMs. The tables reserve two tag values (LinearProbing.EMPTY and BUSY); fingerprints that
 * would come out as either are remapped to other fixed constants (this merges three hash values
 * into one, which changes the collision estimate by nothing measurable).
 */
final class Fingerprints {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private Fingerprints() {
    }

    /** The fingerprint of the first {@code words} words of {@code state}; never a reserved tag. */
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
        return h == LinearProbing.EMPTY ? P3 : h == LinearProbing.BUSY ? P4 : h;
    }

    /**
     * TLC's optimistic estimate that a collision of {@code bits}-bit fingerprints hid a state:
     * generated * distinct / 2^bits (it bounds the birthday estimate from above).
     */
    static double collisionProbability(long generated, long distinct, int bits) {
        return (double) generated * (double) distinct / Math.scalb(1.0, bits);
    }
}
