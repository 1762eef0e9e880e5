package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The seen table against java.util.HashSet, through several growths, in both modes. */
class SeenTableTest {

    private static MemoryBudget budget() {
        return new MemoryBudget(1L << 30, new RunControl(Options.defaults()));
    }

    @Property(tries = 200)
    void behavesLikeAHashSet(@ForAll @Size(max = 3000) List<@IntRange(min = 0, max = 2000) Integer> values,
                             @ForAll boolean exact, @ForAll @IntRange(min = 1, max = 3) int words) {
        SeenTable table = new SeenTable(words, exact, 16, budget());
        Set<List<Long>> reference = new HashSet<>();
        long[] state = new long[words];
        for (int v : values) {
            for (int w = 0; w < words; w++) {
                state[w] = v * 31L + w;
            }
            long fp = Fingerprints.of(state, words);
            boolean fresh = reference.add(key(state));
            assertEquals(!fresh, table.contains(fp, state));
            assertEquals(fresh ? 1 : 0, table.insertIfAbsent(fp, state));
            assertTrue(table.contains(fp, state));
        }
        assertEquals(reference.size(), table.count());
        assertTrue(table.count() <= table.capacity() * SeenTable.MAX_LOAD);
    }

    @Test
    void exactModeSeparatesStatesWithEqualFingerprints() {
        SeenTable table = new SeenTable(1, true, 16, budget());
        long fp = 12345;
        assertEquals(1, table.insertIfAbsent(fp, new long[] {1}));
        assertEquals(1, table.insertIfAbsent(fp, new long[] {2}));
        assertEquals(0, table.insertIfAbsent(fp, new long[] {1}));
        assertEquals(2, table.count());
    }

    @Test
    void fingerprintModeCostsAtMostSixteenBytesPerState() {
        SeenTable table = new SeenTable(2, false, 16, budget());
        long[] s = new long[2];
        for (int i = 0; i < 1_000_000; i++) {
            s[0] = i;
            table.insertIfAbsent(Fingerprints.of(s, 2), s);
        }
        double bytesPerState = (double) table.bytes() / table.count();
        assertTrue(bytesPerState <= 16, "bytes per state " + bytesPerState);
    }

    @Test
    void reservedFingerprintsNeverComeOut() {
        long[] s = new long[1];
        for (long i = 0; i < 100_000; i++) {
            s[0] = i;
            long fp = Fingerprints.of(s, 1);
            assertTrue(fp != LinearProbing.EMPTY && fp != LinearProbing.BUSY);
        }
    }

    private static List<Long> key(long[] s) {
        Long[] boxed = new Long[s.length];
        for (int i = 0; i < s.length; i++) {
            boxed[i] = s[i];
        }
        return List.of(boxed);
    }
}
