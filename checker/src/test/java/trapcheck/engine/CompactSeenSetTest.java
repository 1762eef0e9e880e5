package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compact seen set against a plain reference: a set of fingerprints answers "seen" for a
 * fingerprint exactly when one stored shares its top {@code fingerprintBits()} bits, through growths that
 * keep the bits (one pass over the table), that keep more (rebuilt from the log), that do not fit
 * beside the old table, with entries displaced past the slot field (the stash), and with inserts
 * from several threads at once; a checkpoint's save and restore give the same set.
 */
class CompactSeenSetTest {

    @TempDir
    Path dir;

    private static MemoryBudget budget(long bytes) {
        return new MemoryBudget(bytes, new RunControl(Options.defaults()));
    }

    /** Fingerprints that collide in many ways: equal, equal above a low-bit cut, near home boundaries, random. */
    @Provide
    Arbitrary<List<Long>> fingerprints() {
        Arbitrary<Long> base = Arbitraries.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x123456789abcdef0L,
                0x8000_0000_0000_0001L, 42L << 40);
        Arbitrary<Long> nearBase = Arbitraries.lazy(() -> base).flatMap(b -> Arbitraries.integers().between(0, 30)
                .flatMap(bit -> Arbitraries.longs().between(0, 3).map(x -> b ^ (x << bit))));
        Arbitrary<Long> any = Arbitraries.longs();
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, base), net.jqwik.api.Tuple.of(5, nearBase),
                net.jqwik.api.Tuple.of(10, any)).list().ofMaxSize(4000);
    }

    @Property(tries = 200)
    void answersLikeTheReferenceOfItsKeptBits(@ForAll("fingerprints") List<Long> fps,
                                              @ForAll @IntRange(min = 0, max = 2) int budgetCase) {
        // a roomy budget (growth in one pass), one that fits only a little more than the new table
        // (old and new never together: rebuilt from the log), and the default share of the heap
        long bytes = budgetCase == 0 ? 1L << 30 : budgetCase == 1 ? 64 * 1024 : 0;
        CompactSeenSet set = CompactSeenSet.create(16, budget(bytes), new RunControl(Options.defaults()), dir);
        try {
            List<Long> stored = new ArrayList<>();
            for (long fp : fps) {
                boolean expected = seen(stored, fp, set.fingerprintBits());
                assertEquals(expected, set.contains(fp, null), "before inserting " + Long.toHexString(fp));
                if (!expected) {
                    assertTrue(set.ensureCapacity(set.count() + 1));
                    set.insertNew(fp, null);
                    set.addCount(1);
                    stored.add(fp);
                }
                assertTrue(set.contains(fp, null));
            }
            // growth may keep more bits: a fingerprint once taken for a stored one may differ from it now
            for (long fp : fps) {
                assertEquals(seen(stored, fp, set.fingerprintBits()), set.contains(fp, null));
                assertEquals(seen(stored, ~fp, set.fingerprintBits()), set.contains(~fp, null));
            }
            for (long fp : stored) {
                assertTrue(set.contains(fp, null));
            }
            assertEquals(stored.size(), set.count());
        } finally {
            set.release();
        }
    }

    /** Whether a fingerprint equal to {@code fp} in its top {@code bits} bits is stored. */
    private static boolean seen(List<Long> stored, long fp, int bits) {
        for (long s : stored) {
            if (s >>> (64 - bits) == fp >>> (64 - bits)) {
                return true;
            }
        }
        return false;
    }

    @Property(tries = 300)
    void aHomeAndARemainderGiveTheKeyBack(@ForAll long fp, @ForAll @LongRange(min = 16, max = 1L << 34) long capacity) {
        int bits = QuotientTable.keyBits(capacity);
        long key = fp >>> (64 - bits);
        long x = key << (64 - bits);
        long home = Math.multiplyHigh(x, capacity) + ((x >> 63) & capacity);
        QuotientTable.HomeKeys keys = new QuotientTable.HomeKeys(capacity, bits);
        assertEquals(key, keys.key(home, key & ((1L << QuotientTable.REMAINDER_BITS) - 1)));
        // in increasing order the walk is incremental; it must agree with a fresh computation
        QuotientTable.HomeKeys walk = new QuotientTable.HomeKeys(capacity, bits);
        for (long h = Math.max(0, home - 3); h <= Math.min(capacity - 1, home + 3); h++) {
            assertEquals(new QuotientTable.HomeKeys(capacity, bits).lowest(h), walk.lowest(h));
        }
    }

    /** A rebuild's lock-free insert (one thread) stores exactly what the locking insert does, slot for slot. */
    @Property(tries = 100)
    void insertAloneLaysOutTheTableLikeInsert(@ForAll("fingerprints") List<Long> fps,
                                              @ForAll @LongRange(min = 16, max = 5000) long capacity) {
        QuotientTable locked = QuotientTable.allocate(capacity, budget(1L << 30));
        QuotientTable alone = QuotientTable.allocate(capacity, budget(1L << 30));
        Set<Long> keys = new HashSet<>();
        for (long fp : fps) {
            if (keys.size() < capacity * QuotientTable.MAX_LOAD && keys.add(locked.key(fp))) {
                locked.insert(fp);
                alone.prefetch(fp);
                alone.insertAlone(fp);
            }
        }
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        locked.forEachKey(a::add);
        alone.forEachKey(b::add);
        assertEquals(a, b);
        for (long fp : fps) {
            assertEquals(keys.contains(alone.key(fp)), alone.contains(fp));
        }
    }

    @Test
    void keysDisplacedPastTheSlotFieldGoToTheStash() {
        QuotientTable t = QuotientTable.allocate(1024, budget(1L << 30));
        int bits = t.keyBits();
        // 200 keys with the same home: 62 fit in the run, the rest are displaced too far
        List<Long> fps = new ArrayList<>();
        for (long i = 0; i < 200; i++) {
            fps.add((0x5555L << 50) | (i << (64 - bits)));
        }
        for (long fp : fps) {
            assertFalse(t.contains(fp));
            t.insert(fp);
        }
        assertTrue(t.stashed() > 100, "stashed " + t.stashed());
        for (long fp : fps) {
            assertTrue(t.contains(fp));
            assertFalse(t.contains(fp ^ (1L << (64 - bits))) && !fps.contains(fp ^ (1L << (64 - bits))));
        }
        assertEquals(200, t.entries());
        QuotientTable grown = t.grownInPlaceOrder(1100);
        for (long fp : fps) {
            assertTrue(grown.contains(fp));
        }
        assertEquals(200, grown.entries());
    }

    @Test
    void concurrentInsertsGiveTheSetOfSequentialOnes() throws InterruptedException {
        SplittableRandom random = new SplittableRandom(7);
        int threads = 4;
        int perThread = 50_000;
        long[][] fps = new long[threads][perThread];
        Set<Long> all = new HashSet<>();
        for (long[] part : fps) {
            for (int i = 0; i < perThread; i++) {
                // clustered so that runs cross stripes and threads shift each other's entries
                long fp;
                do {
                    fp = random.nextLong() & 0xFFF0_0000_0000_0000L | random.nextLong(1L << 44);
                } while (!all.add(fp));
                part[i] = fp;
            }
        }
        for (int round = 0; round < 3; round++) {
            CompactSeenSet set = CompactSeenSet.create(16, budget(1L << 30), new RunControl(Options.defaults()), dir);
            assertTrue(set.ensureCapacity((long) threads * perThread));
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (long[] part : fps) {
                Thread t = new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    for (long fp : part) {
                        set.insertNew(fp, null);
                    }
                });
                t.start();
                workers.add(t);
            }
            start.countDown();
            for (Thread t : workers) {
                t.join();
            }
            set.addCount((long) threads * perThread);
            set.endBatch();
            for (long fp : all) {
                assertTrue(set.contains(fp, null));
            }
            int drop = 64 - set.fingerprintBits();
            Set<Long> keys = new HashSet<>();
            for (long fp : all) {
                keys.add(fp >>> drop);
            }
            SplittableRandom other = new SplittableRandom(round);
            for (int i = 0; i < 100_000; i++) {
                // near a stored one (same cluster, other low bits) as often as anywhere
                long q = i % 2 == 0 ? other.nextLong() : fps[i % threads][i % perThread] ^ (1L << (drop + i % 20));
                assertEquals(keys.contains(q >>> drop), set.contains(q, null), Long.toHexString(q));
            }
            // the log has every one of them: growth into more bits finds them all again
            assertTrue(set.ensureCapacity(set.capacity() * 4));
            for (long fp : all) {
                assertTrue(set.contains(fp, null));
            }
            set.release();
        }
    }

    @Test
    void aSavedSetRestoresToTheSameAnswers() throws IOException {
        RunControl control = new RunControl(Options.defaults());
        MemoryBudget budget = budget(1L << 30);
        CompactSeenSet set = CompactSeenSet.create(16, budget, control, dir);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            long fp = random.nextLong();
            if (!set.contains(fp, null)) {
                set.ensureCapacity(set.count() + 1);
                set.insertNew(fp, null);
                set.addCount(1);
            }
        }
        Path file = dir.resolve("seen.bin");
        try (LongFile.Writer out = new LongFile.Writer(file)) {
            set.save(out);
        }
        assertEquals(set.savedLongs() * 8, java.nio.file.Files.size(file));
        assertEquals(null, CompactSeenSet.unrestorable(set.savedLongs(), set.count()));
        CompactSeenSet back;
        try (LongFile.Reader in = new LongFile.Reader(file)) {
            back = CompactSeenSet.restore(set.savedLongs(), set.count(), in, budget, control, dir, () -> { });
        }
        assertEquals(set.capacity(), back.capacity());
        assertEquals(set.fingerprintBits(), back.fingerprintBits());
        SplittableRandom replay = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            long fp = replay.nextLong();
            assertTrue(back.contains(fp, null));
            assertEquals(set.contains(~fp, null), back.contains(~fp, null));
        }
        set.release();
        back.release();
    }

    @Test
    void costsAtMostEightBytesPerStateAndKeepsTheBitsItSays() {
        CompactSeenSet set = CompactSeenSet.create(16, budget(1L << 30), new RunControl(Options.defaults()), dir);
        long[] s = new long[2];
        for (int i = 0; i < 1_000_000; i++) {
            s[0] = i;
            long fp = Fingerprints.of(s, 2);
            if (!set.contains(fp, null)) {
                set.ensureCapacity(set.count() + 1);
                set.insertNew(fp, null);
                set.addCount(1);
            }
        }
        double bytesPerState = (double) set.bytes() / set.count();
        assertTrue(bytesPerState <= 8, "bytes per state " + bytesPerState);
        assertEquals(QuotientTable.keyBits(set.capacity()), set.fingerprintBits());
        assertEquals(Math.min(64, 38 + 63 - Long.numberOfLeadingZeros(set.capacity())), set.fingerprintBits());
        assertEquals(1e6 * 1e6 / Math.scalb(1.0, set.fingerprintBits()), set.collisionProbability(1_000_000, 1_000_000), 1e-12);
        set.release();
    }
}
