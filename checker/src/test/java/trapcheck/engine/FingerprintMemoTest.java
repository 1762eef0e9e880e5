package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The memo answers only for exactly the state remembered, and then with what was remembered. */
class FingerprintMemoTest {

    @Property(tries = 100)
    void answersOnlyForTheStateRemembered(@ForAll @Size(max = 3000) List<@IntRange(min = 0, max = 40000) Integer> values,
                                          @ForAll @IntRange(min = 1, max = 3) int words) {
        FingerprintMemo memo = new FingerprintMemo(words);
        java.util.Map<List<Long>, Long> remembered = new java.util.HashMap<>();
        long[] state = new long[words];
        for (int v : values) {
            for (int w = 0; w < words; w++) {
                state[w] = w == 0 ? v : v * 31L + w;
            }
            long hash = Fingerprints.of(state, words);
            long canonical = memo.canonical(state, hash);
            List<Long> key = java.util.Arrays.stream(state).boxed().toList();
            if (canonical != 0) {
                assertEquals(remembered.get(key), canonical);   // a hit is what this very state got
            } else {
                long fp = Fingerprints.of(new long[] {v, 7}, 2);   // any function of the state
                memo.remember(state, hash, fp);
                remembered.put(key, fp);
                assertEquals(fp, memo.canonical(state, hash));
            }
            long[] other = state.clone();
            other[0] |= 1L << 20;   // never generated: same slot and hash, another state
            assertEquals(0, memo.canonical(other, hash));
        }
    }
}
