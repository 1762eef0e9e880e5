package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * SortedRun.holds, the point lookup partial order's proviso makes on a spilled seen set, against a
 * plain sorted set: every record of the run is found, and random other keys are found exactly when
 * the run holds them; over runs of under one block to several, in fingerprint and exact mode (where
 * several records share a fingerprint and the rest of the record decides).
 */
class SortedRunTest {

    @Property(tries = 60)
    void holdsExactlyTheRunsRecords(@ForAll @IntRange(min = 0, max = 3 * SortedRun.BLOCK + 17) int n,
                                    @ForAll boolean exact, @ForAll long seed) throws Exception {
        int stride = exact ? 3 : 1;
        Random random = new Random(seed);
        TreeSet<long[]> records = new TreeSet<>((a, b) -> RecordSort.compare(a, 0, b, 0, stride));
        while (records.size() < n) {
            long[] r = new long[stride];
            // exact mode: few distinct fingerprints, so that the later fields decide
            r[0] = exact && random.nextBoolean() ? random.nextInt(8) : random.nextLong();
            for (int k = 1; k < stride; k++) {
                r[k] = random.nextInt(4);
            }
            records.add(r);
        }
        SpillFile file = new SpillFile(null, "sorted-run-test", stride, new SpillMeter());
        SortedRun.Builder builder = new SortedRun.Builder(file);
        for (long[] r : records) {
            builder.add(r);
        }
        try (SortedRun run = builder.finish()) {
            assertEquals(n, run.records());
            for (long[] r : records) {
                assertEquals(true, run.holds(r), "a record of the run");
            }
            for (int i = 0; i < 2000; i++) {
                long[] key = new long[stride];
                key[0] = random.nextBoolean() ? random.nextInt(8) : random.nextLong();
                for (int k = 1; k < stride; k++) {
                    key[k] = random.nextInt(5);
                }
                key[0] = i == 0 ? Long.MIN_VALUE : i == 1 ? Long.MAX_VALUE : key[0];
                assertEquals(records.contains(key), run.holds(key), "a random key");
            }
        }
    }
}
