package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Partial order's grounded marks kept in the seen set's own entries (SeenSet.storedKind,
 * markGrounded): every kind of BFS seen set answers absent / stored / grounded like a plain
 * reference, a set of stored fingerprints and a set of grounded ones, through the BFS's sequence of
 * levels (marks, then room for the next level, then its inserts) with growth in place, rebuilds
 * that keep more bits, entries in the stash, and spills to disk (the marks of the states on disk
 * and marks made after their state went to disk).
 */
class GroundedMarksTest {
    private static final int WORDS = 1;

    private static MemoryBudget budget(long bytes) {
        return new MemoryBudget(bytes, new RunControl(Options.defaults()));
    }

    /** The state of a fingerprint in exact mode: any function of it (the set compares both). */
    private static long[] rep(long fp) {
        return new long[] {fp * 0x9E3779B97F4A7C15L + 17};
    }

    /** The kinds of seen set a BFS with partial order uses, and the ways they can be squeezed. */
    private static SeenSet create(int kind, Path dir) {
        RunControl control = new RunControl(Options.defaults());
        switch (kind) {
            case 0:   // fingerprints, a roomy budget: growth in one pass, rebuilds when the bits change
                return CompactSeenSet.create(16, true, budget(1L << 30), control, dir);
            case 1:   // fingerprints, old and new table never together: every growth rebuilt from the log
                return CompactSeenSet.create(16, true, budget(128 * 1024), control, dir);
            case 2:   // exact mode: whole states
                return new SeenTable(WORDS, true, 16, budget(1L << 30));
            case 3:   // fingerprints, spilled to disk again and again
                return spilling(1, () -> CompactSeenSet.create(16, true, budget(1L << 30), control, dir),
                        () -> CompactSeenSet.create(16, budget(1L << 30), control, dir), control, dir);
            default:  // exact mode, spilled
                return spilling(1 + WORDS, () -> new SeenTable(WORDS, true, 16, budget(1L << 30)),
                        () -> new SeenTable(WORDS, true, 16, budget(1L << 30)), control, dir);
        }
    }

    private static SeenSet spilling(int stride, Supplier<SeenSet> marking, Supplier<SeenSet> plain, RunControl control,
                                    Path dir) {
        MemoryBudget budget = budget(1L << 30);
        SpillMeter meter = new SpillMeter();
        // the grounded states on disk spill too
        Supplier<SeenSet> groundedOnDisk = () -> new SpillingSeenSet(stride, 1500, 64, plain, budget, control, dir,
                meter.bytesOnly());
        return new SpillingSeenSet(stride, 3000, 64, marking, groundedOnDisk, budget, control, dir, meter);
    }

    @Property(tries = 60)
    void answersLikeAStoredSetAndAGroundedSet(@ForAll @IntRange(min = 0, max = 4) int kind,
                                              @ForAll @IntRange(min = 1, max = 12) int levels,
                                              @ForAll long seed) throws IOException {
        Path dir = Files.createTempDirectory("grounded-marks");
        SeenSet set = create(kind, dir);
        boolean exact = kind == 2 || kind == 4;
        SplittableRandom random = new SplittableRandom(seed);
        Set<Long> stored = new HashSet<>();
        Set<Long> grounded = new HashSet<>();
        List<Long> unmarked = new ArrayList<>();
        try {
            for (int level = 0; level < levels; level++) {
                // between levels, first the marks of the level just expanded (any stored state, on disk or not)
                int marks = unmarked.isEmpty() ? 0 : random.nextInt(unmarked.size() + 1);
                for (int i = 0; i < marks; i++) {
                    long fp = unmarked.remove(random.nextInt(unmarked.size()));
                    assertTrue(set.markGrounded(fp, exact ? rep(fp) : null), "marks a stored state");
                    grounded.add(fp);
                }
                set.endMarks();
                // then room for the next level (a spilling set may spill here), then its states
                int added = random.nextInt(1, 1 + (level + 1) * 150);
                assertTrue(set.ensureCapacityBetweenLevels(set.count() + added));
                for (int i = 0; i < added; i++) {
                    long fp = random.nextLong() | 2;   // never the empty or busy tag of an exact table
                    if (stored.add(fp)) {
                        set.insertNew(fp, exact ? rep(fp) : null);
                        set.addCount(1);
                        unmarked.add(fp);
                    }
                }
                set.endBatch();
                // the next level reads: every stored state, every grounded one, and others
                for (long fp : stored) {
                    int expected = grounded.contains(fp) ? SeenSet.GROUNDED : SeenSet.STORED;
                    assertEquals(expected, set.storedKind(fp, exact ? rep(fp) : null), Long.toHexString(fp));
                }
                for (int i = 0; i < 200; i++) {
                    long fp = random.nextLong() | 2;
                    int expected = stored.contains(fp) ? grounded.contains(fp) ? SeenSet.GROUNDED : SeenSet.STORED
                            : SeenSet.ABSENT;
                    assertEquals(expected, set.storedKind(fp, exact ? rep(fp) : null));
                }
                assertEquals(stored.size(), set.count());
            }
            if (kind >= 3 && levels > 6) {
                assertTrue(set.spilledStates() > 0, "the set spilled");
            }
        } finally {
            set.release();
            deleteAll(dir);
        }
    }

    /** A mark moves with its entry: Robin Hood shifts, the stash, growth in place and a rebuild with more bits. */
    @Test
    void theMarkSurvivesShiftsTheStashGrowthAndRebuild() throws IOException {
        Path dir = Files.createTempDirectory("grounded-marks");
        CompactSeenSet set = CompactSeenSet.create(1024, true, budget(1L << 30), new RunControl(Options.defaults()), dir);
        try {
            int bits = set.fingerprintBits();
            // 200 keys with one home: 62 fit in the run, the rest go to the stash; inserts shift marked entries
            List<Long> fps = new ArrayList<>();
            for (long i = 0; i < 200; i++) {
                fps.add((0x5555L << 50) | (i << (64 - bits)));
            }
            Set<Long> marked = new HashSet<>();
            for (int i = 0; i < fps.size(); i++) {
                set.insertNew(fps.get(i), null);
                set.addCount(1);
                if (i % 3 == 0) {
                    assertTrue(set.markGrounded(fps.get(i), null));
                    marked.add(fps.get(i));
                }
            }
            set.endMarks();
            set.endBatch();
            checkKinds(set, fps, marked);
            SplittableRandom random = new SplittableRandom(11);
            List<Long> more = new ArrayList<>(fps);
            long capacity = set.capacity();
            while (set.capacity() < 300_000) {   // in place (1024 to 2047 homes) and past powers of two (rebuilt)
                assertTrue(set.ensureCapacity(set.count() + 5000));
                for (int i = 0; i < 5000; i++) {
                    long fp = random.nextLong();
                    set.insertNew(fp, null);
                    set.addCount(1);
                    more.add(fp);
                    if (i % 2 == 0) {
                        set.markGrounded(fp, null);
                        marked.add(fp);
                    }
                }
                set.endMarks();
                set.endBatch();
                checkKinds(set, more, marked);
            }
            assertTrue(set.capacity() > capacity);
        } finally {
            set.release();
            deleteAll(dir);
        }
    }

    private static void checkKinds(SeenSet set, List<Long> fps, Set<Long> marked) {
        for (long fp : fps) {
            assertEquals(marked.contains(fp) ? SeenSet.GROUNDED : SeenSet.STORED, set.storedKind(fp, null),
                    Long.toHexString(fp));
        }
    }

    /** A set without marks (no partial order) answers stored or absent and keeps 44-bit slots. */
    @Test
    void aSetWithoutMarksKeepsItsSlotsAndNeverSaysGrounded() throws IOException {
        Path dir = Files.createTempDirectory("grounded-marks");
        CompactSeenSet set = CompactSeenSet.create(16, budget(1L << 30), new RunControl(Options.defaults()), dir);
        try {
            set.ensureCapacity(10);
            set.insertNew(42L << 40, null);
            set.addCount(1);
            assertEquals(false, set.markGrounded(42L << 40, null));
            assertEquals(SeenSet.STORED, set.storedKind(42L << 40, null));
            assertEquals(SeenSet.ABSENT, set.storedKind(43L << 40, null));
            assertEquals(QuotientTable.longsFor(1000), QuotientTable.longsFor(1000, false));
            assertTrue(QuotientTable.longsFor(1000, true) > QuotientTable.longsFor(1000, false));
        } finally {
            set.release();
            deleteAll(dir);
        }
    }

    private static void deleteAll(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
