package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The benchmarks' view of the store path is the engine's own: same hash, same set semantics across growth. */
class FingerprintStoreTest {

    @Test
    void fingerprintsAreTheEnginesAndTheStoreIsASetThatGrows() {
        long[] state = {7, 11, 13};
        assertEquals(Fingerprints.of(state, 3), FingerprintStore.fingerprint(state, 3));
        assertEquals(Fingerprints.of(state, 2), FingerprintStore.fingerprint(state, 2));

        for (FingerprintStore store : new FingerprintStore[] {new FingerprintStore(), FingerprintStore.compact()}) {
            try (store) {
                growsAsASet(store);
            }
        }
    }

    private static void growsAsASet(FingerprintStore store) {
        SplittableRandom random = new SplittableRandom(1);
        long[] fps = new long[10_000]; // far past the 16 initial slots
        for (int i = 0; i < fps.length; i++) {
            fps[i] = FingerprintStore.fingerprint(new long[] {random.nextLong()}, 1);
            assertFalse(store.contains(fps[i]));
            assertEquals(1, store.insertIfAbsent(fps[i]));
            assertEquals(0, store.insertIfAbsent(fps[i]), "a second insert finds it");
        }
        for (long fp : fps) {
            assertTrue(store.contains(fp));
        }
    }
}
