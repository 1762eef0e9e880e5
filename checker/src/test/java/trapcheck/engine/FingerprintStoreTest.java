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

    @Test
    void levelsInsertedAsBfsDoesAreFoundAndCounted() {
        for (FingerprintStore store : new FingerprintStore[] {new FingerprintStore(), FingerprintStore.compact()}) {
            try (store) {
                SplittableRandom random = new SplittableRandom(2);
                long[] fps = new long[20_000];
                for (int i = 0; i < fps.length; i++) {
                    fps[i] = FingerprintStore.fingerprint(new long[] {random.nextLong()}, 1);
                }
                int from = 0;
                for (int size = 1; from < fps.length; from += size, size *= 3) {
                    int to = Math.min(fps.length, from + size);
                    assertFalse(store.contains(fps[to - 1]), "not stored before its level");
                    assertTrue(store.insertLevel(fps, from, to));
                    assertEquals(to, store.count());
                    for (int i = 0; i < to; i++) {
                        assertTrue(store.contains(fps[i]), "every earlier level is still found after a growth");
                    }
                }
                assertEquals(0, store.insertIfAbsent(fps[0]));
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
