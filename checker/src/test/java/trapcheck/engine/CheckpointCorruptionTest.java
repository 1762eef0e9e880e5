package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corruption matrix of checkpoints: every file truncated, bit-flipped and swapped with the same
 * file of another model's checkpoint; every manifest field out of range (with the manifest's
 * checksum recomputed, so the field checks themselves are what refuses it); checkpoints of another
 * model of the same shape, another origin, other options. Each is refused with a
 * CheckpointException naming the file, by {@link Explorer#verifyCheckpoint} and by a resume, within
 * seconds (none hangs), so none resumes to a different answer; the untouched checkpoint resumes to
 * the uninterrupted result.
 */
class CheckpointCorruptionTest {
    private static final Duration NO_HANG = Duration.ofSeconds(30);
    private static final String ORIGIN = "spec sha256 0123";

    @TempDir
    static Path root;
    private static Path good;
    /** Of an exact-mode run: its seen set is another layout (SeenTable's slots). */
    private static Path goodExact;
    private static Path other;
    private static Path earlier;
    private static Result uninterrupted;

    static Model model() {
        return CheckpointTest.model();
    }

    /** The same shape (words, actions, properties, initial states), another definition: counters up to 12. */
    static Model sameShapeOtherDefinition() {
        return new CounterModel(3, 12, 60);
    }

    static Options options() {
        return Runs.bfs(1, false, false).withCheckpoint(null, null, ORIGIN);
    }

    @BeforeAll
    static void checkpoints() {
        uninterrupted = Explorer.explore(model(), options());
        good = root.resolve("good");
        other = root.resolve("other");
        earlier = root.resolve("earlier");
        stopAndCheckpoint(model(), 3000, good);
        goodExact = root.resolve("good-exact");
        stopAndCheckpoint(model(), 3000, goodExact, true);
        stopAndCheckpoint(sameShapeOtherDefinition(), 1000, other);
        stopAndCheckpoint(model(), 2000, earlier);
    }

    private static void stopAndCheckpoint(Model m, long expansions, Path dir) {
        stopAndCheckpoint(m, expansions, dir, false);
    }

    private static void stopAndCheckpoint(Model m, long expansions, Path dir, boolean exact) {
        StopSignal stop = new StopSignal();
        Result r = Explorer.explore(HookedModel.stopAfter(m, expansions, stop),
                options().withExact(exact).withStop(stop).withCheckpoint(dir, null, ORIGIN));
        assertEquals(Verdict.INCOMPLETE, r.verdict());
        assertTrue(Explorer.hasCheckpoint(dir));
    }

    @Test
    void theUntouchedCheckpointResumesToTheUninterruptedResult() {
        Explorer.verifyCheckpoint(model(), options().withCheckpoint(null, good, ORIGIN));
        Result resumed = Explorer.explore(model(), options().withCheckpoint(null, good, ORIGIN));
        assertEquals(uninterrupted.verdict(), resumed.verdict());
        assertEquals(uninterrupted.stats().distinct(), resumed.stats().distinct());
        assertEquals(uninterrupted.stats().generated(), resumed.stats().generated());
        Runs.assertSameTrace(uninterrupted.trace(), resumed.trace());
    }

    /** A copy of the good checkpoint with one change. */
    private static Path copy(String name) throws IOException {
        return copy(good, name);
    }

    private static Path copy(Path from, String name) throws IOException {
        Path dir = root.resolve("cases").resolve(name);
        Files.createDirectories(dir);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir;
    }

    private static String generation(Path dir) throws IOException {
        return Files.readAllLines(dir.resolve("manifest.properties")).stream()
                .filter(l -> l.startsWith("generation=")).findFirst().orElseThrow().substring("generation=".length());
    }

    private static List<String> files(Path dir) throws IOException {
        String g = generation(dir);
        return List.of("manifest.properties", "seen-" + g + ".bin", "frontier-" + g + ".bin", "links-" + g + ".bin");
    }

    /** Refused by verify and by resume, naming a file of the checkpoint, with a one-line reason. */
    private static CheckpointException assertRefused(Model m, Options o, Path dir) {
        CheckpointException verify = assertTimeoutPreemptively(NO_HANG,
                () -> assertThrows(CheckpointException.class, () -> Explorer.verifyCheckpoint(m, o)));
        CheckpointException resume = assertTimeoutPreemptively(NO_HANG,
                () -> assertThrows(CheckpointException.class, () -> Explorer.explore(m, o)));
        assertEquals(verify.getMessage(), resume.getMessage());
        String message = verify.getMessage();
        assertTrue(message.startsWith(dir.toString()), message);
        assertFalse(message.contains("\n"), message);
        assertFalse(message.contains("Exception"), message);
        assertTrue(message.length() > dir.toString().length() + 10, "says why: " + message);
        return verify;
    }

    private static CheckpointException assertRefused(Path dir) {
        return assertRefused(model(), options().withCheckpoint(null, dir, ORIGIN), dir);
    }

    @TestFactory
    List<DynamicTest> everyFileTruncatedFlippedOrSwappedIsRefused() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            int file = f;
            String name = files(good).get(file);
            long size = Files.size(good.resolve(name));
            for (long keep : new long[] {0, size / 2, size - 1}) {
                tests.add(DynamicTest.dynamicTest(name + " truncated to " + keep + " bytes", () -> {
                    Path dir = copy(name + "-truncated-" + keep);
                    byte[] b = Files.readAllBytes(dir.resolve(name));
                    Files.write(dir.resolve(name), java.util.Arrays.copyOf(b, (int) keep));
                    assertRefused(dir);
                }));
            }
            for (long at : new long[] {0, size / 3, size / 2 + 5, size - 1}) {
                for (int bit : new int[] {0, 7}) {
                    tests.add(DynamicTest.dynamicTest(name + " bit " + bit + " of byte " + at + " flipped", () -> {
                        Path dir = copy(name + "-flip-" + at + "-" + bit);
                        byte[] b = Files.readAllBytes(dir.resolve(name));
                        b[(int) at] ^= (byte) (1 << bit);
                        Files.write(dir.resolve(name), b);
                        assertRefused(dir);
                    }));
                }
            }
            for (Path from : List.of(other, earlier)) {
                tests.add(DynamicTest.dynamicTest(name + " swapped with the " + from.getFileName() + " checkpoint's", () -> {
                    Path dir = copy(name + "-swapped-" + from.getFileName());
                    Files.copy(from.resolve(files(from).get(file)), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    assertRefused(dir);
                }));
            }
            tests.add(DynamicTest.dynamicTest(name + " missing", () -> {
                Path dir = copy(name + "-missing");
                Files.delete(dir.resolve(name));
                CheckpointException e = assertRefused(dir);
                if (file == 0) {
                    assertEquals(CheckpointException.Kind.MISSING, e.kind());
                }
            }));
            tests.add(DynamicTest.dynamicTest(name + " one byte longer", () -> {
                Path dir = copy(name + "-longer");
                Files.write(dir.resolve(name), new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
                assertRefused(dir);
            }));
        }
        return tests;
    }

    /** Rewrites one manifest line and recomputes the checksum, as a careful forger would. */
    static void forge(Path dir, UnaryOperator<List<String>> edit) throws IOException {
        Path manifest = dir.resolve("manifest.properties");
        List<String> lines = new ArrayList<>(Files.readAllLines(manifest));
        lines.removeIf(l -> l.startsWith("manifestCrc32c="));
        lines = edit.apply(lines);
        String body = String.join("\n", lines) + "\n";
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        Files.writeString(manifest, body + String.format("manifestCrc32c=%08x%n", crc.getValue()),
                StandardCharsets.US_ASCII);
    }

    static UnaryOperator<List<String>> set(String key, String value) {
        return lines -> lines.stream().map(l -> l.startsWith(key + "=") ? key + "=" + value : l).toList();
    }

    static String field(Path dir, String key) throws IOException {
        return Files.readAllLines(dir.resolve("manifest.properties")).stream().filter(l -> l.startsWith(key + "="))
                .findFirst().orElseThrow().substring(key.length() + 1);
    }

    @TestFactory
    List<DynamicTest> everyManifestFieldOutOfRangeIsRefused() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> garbage = List.of("-5", "", "x", "+1", "0x10", "1e3", "01", "99999999999999999999", " 1");
        for (String key : List.of("format", "generation", "stateWords", "actionCount", "level", "levelStart",
                "frontierSize", "seenCount", "seenSlots", "generated")) {
            long value = Long.parseLong(field(good, key));
            List<String> values = new ArrayList<>(garbage);
            values.addAll(List.of("0", Long.toString(value + 1), Long.toString(Math.max(0, value - 1)),
                    Long.toString(Long.MAX_VALUE), "16"));
            values.remove(Long.toString(value));
            for (String v : values) {
                tests.add(forged(key + "=" + v, set(key, v)));
            }
        }
        for (String key : List.of("model", "origin", "shape")) {
            tests.add(forged(key + " of another", set(key, "0".repeat(64))));
            tests.add(forged(key + " malformed", set(key, "abc")));
        }
        for (String key : List.of("seenCrc32c", "frontierCrc32c", "linksCrc32c")) {
            tests.add(forged(key + " altered", set(key, "00000000")));
            tests.add(forged(key + " malformed", set(key, "xyz")));
        }
        for (String key : List.of("exact", "symmetry", "partialOrder")) {
            tests.add(forged(key + " flipped", lines -> set(key, field(lines, key).equals("true") ? "false" : "true")
                    .apply(lines)));
            tests.add(forged(key + " malformed", set(key, "TRUE")));
        }
        tests.add(forged("seenKind of another table", set("seenKind", "compact-table")));
        String fires = field(good, "fires");
        tests.add(forged("fires one short", set("fires", fires.substring(0, fires.lastIndexOf(',')))));
        tests.add(forged("fires one more", set("fires", fires + ",0")));
        tests.add(forged("fires negative", set("fires", "-" + fires)));
        tests.add(forged("fires: the first count zeroed",
                set("fires", fires.replaceFirst("^([0-9]+)", "0"))));
        tests.add(forged("an unknown field", lines -> concat(lines, "extra=1")));
        tests.add(forged("a field twice", lines -> concat(lines, lines.get(2))));
        tests.add(forged("a field missing", lines -> lines.stream().filter(l -> !l.startsWith("level=")).toList()));
        tests.add(forged("a line without =", lines -> concat(lines, "level")));
        tests.add(DynamicTest.dynamicTest("a field edited without the checksum", () -> {
            Path dir = copy("unsealed");
            Path manifest = dir.resolve("manifest.properties");
            Files.writeString(manifest, Files.readString(manifest).replaceFirst("(?m)^level=", "level=1"));
            assertTrue(assertRefused(dir).getMessage().contains("checksum"));
        }));
        tests.add(DynamicTest.dynamicTest("a format-1 manifest of the trapcheck before", () -> {
            Path dir = copy("format1");
            Files.writeString(dir.resolve("manifest.properties"), "#trapcheck BFS checkpoint\nformat=1\ngeneration=1\n");
            assertEquals(CheckpointException.Kind.UNSUPPORTED, assertRefused(dir).kind());
        }));
        tests.add(DynamicTest.dynamicTest("a manifest that is a folder", () -> {
            Path dir = copy("folder");
            Files.delete(dir.resolve("manifest.properties"));
            Files.createDirectory(dir.resolve("manifest.properties"));
            assertRefused(dir);
        }));
        return tests;
    }

    private static String field(List<String> lines, String key) {
        return lines.stream().filter(l -> l.startsWith(key + "=")).findFirst().orElseThrow().substring(key.length() + 1);
    }

    private static List<String> concat(List<String> lines, String line) {
        List<String> out = new ArrayList<>(lines);
        out.add(line);
        return out;
    }

    private DynamicTest forged(String name, UnaryOperator<List<String>> edit) {
        return DynamicTest.dynamicTest(name, () -> {
            Path dir = copy("forged-" + name.replaceAll("[^A-Za-z0-9]", "_"));
            forge(dir, edit);
            assertRefused(dir);
        });
    }

    /** Rewrites a data file's longs and records its new CRC32C in the manifest: only the content checks remain. */
    private static void forgeData(Path dir, String section, java.util.function.Consumer<long[]> edit) throws IOException {
        String name = section + "-" + generation(dir) + ".bin";
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(dir.resolve(name)))
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long[] longs = new long[bytes.capacity() / 8];
        bytes.asLongBuffer().get(longs);
        edit.accept(longs);
        bytes.asLongBuffer().put(longs);
        Files.write(dir.resolve(name), bytes.array());
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes.array());
        forge(dir, set(section + "Crc32c", String.format("%08x", crc.getValue())));
    }

    @Test
    void contentChecksHoldWhenTheChecksumsAreForgedToo() throws IOException {
        // the compact seen set: [capacity, every fingerprint]; the size is fixed by seenCount, the capacity is checked
        for (long capacity : new long[] {0, 15, 16, Long.MAX_VALUE}) {
            Path dir = copy("seen-capacity-" + capacity);
            forgeData(dir, "seen", longs -> longs[0] = capacity);
            String message = assertRefused(dir).getMessage();
            assertTrue(message.contains(capacity == 16 ? "do not fit in 16 homes" : "is not that of a compact seen table"),
                    message);
        }

        // exact mode's table: its slots are counted and the reserved tag refused
        Options exact = options().withExact(true);
        Path oneLess = copy(goodExact, "seen-one-state-less");
        forgeData(oneLess, "seen", slots -> {
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != 0) {
                    slots[i] = 0;
                    return;
                }
            }
        });
        String message = assertRefused(model(), exact.withCheckpoint(null, oneLess, ORIGIN), oneLess).getMessage();
        assertTrue(message.contains("holds 3275 states"), message);

        Path busy = copy(goodExact, "seen-busy-tag");
        forgeData(busy, "seen", slots -> {
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != 0) {
                    slots[i] = 1;
                    return;
                }
            }
        });
        assertRefused(model(), exact.withCheckpoint(null, busy, ORIGIN), busy);

        int actions = model().actionCount();
        for (long[] edit : new long[][] {{5, 5}, {5, 9}, {0, 0}, {7, -1}, {3000, -3}}) {
            Path dir = copy("links-" + edit[0] + "-to-" + edit[1]);
            forgeData(dir, "links", links -> links[(int) edit[0]] = edit[1] >= 0 ? edit[1] * actions : edit[1]);
            assertTrue(assertRefused(dir).getMessage().contains("points to no earlier state"), dir.toString());
        }
    }

    @Test
    void aCheckpointOfAnotherModelOfTheSameShapeIsRefused() {
        CheckpointException e = assertRefused(sameShapeOtherDefinition(),
                options().withCheckpoint(null, good, ORIGIN), good);
        assertEquals(CheckpointException.Kind.OTHER_MODEL, e.kind());
    }

    @Test
    void aCheckpointOfAnotherOriginIsStale() {
        CheckpointException e = assertRefused(model(), options().withCheckpoint(null, good, "spec sha256 4567"), good);
        assertEquals(CheckpointException.Kind.STALE, e.kind());
    }

    @Test
    void otherOptionsAreRefused() {
        Options o = options().withCheckpoint(null, good, ORIGIN);
        assertEquals(CheckpointException.Kind.OTHER_OPTIONS,
                assertRefused(model(), o.withSymmetry(true), good).kind());
        assertRefused(model(), o.withExact(true), good);
        int level = Integer.parseInt(assertDoesNotThrowField(good, "level"));
        assertEquals(CheckpointException.Kind.OTHER_OPTIONS,
                assertRefused(model(), o.withLimits(0, level - 1, 0, 0), good).kind());
    }

    @Test
    void aCheckpointRecordsThatItsSearchWasFullAndOneOfAReducedSearchIsNotResumedInFull() throws IOException {
        // Options.reduces is off while checkpoints are written or resumed, even when partial order is asked for
        assertEquals("false", field(good, "partialOrder"));
        Path reduced = copy("partial-order-on");
        forge(reduced, set("partialOrder", "true"));
        CheckpointException e = assertRefused(model(), options().withPartialOrder(true).withCheckpoint(null, reduced,
                ORIGIN), reduced);
        assertEquals(CheckpointException.Kind.OTHER_OPTIONS, e.kind());
        assertTrue(e.getMessage().endsWith("the checkpoint was written with partial-order reduction on; resume with "
                + "the same"), e.getMessage());
    }

    @Test
    void aManifestWithoutThePartialOrderLineIsOfAFullSearchAndResumes() throws IOException {
        Path old = copy("partial-order-absent");
        forge(old, lines -> lines.stream().filter(l -> !l.startsWith("partialOrder=")).toList());
        Result resumed = Explorer.explore(model(), options().withCheckpoint(null, old, ORIGIN));
        assertEquals(uninterrupted.stats().distinct(), resumed.stats().distinct());
        assertEquals(uninterrupted.stats().generated(), resumed.stats().generated());
    }

    private static String assertDoesNotThrowField(Path dir, String key) {
        try {
            return field(dir, key);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aFolderWithoutAManifestHasNoCheckpoint() throws IOException {
        Path empty = Files.createDirectories(root.resolve("empty"));
        assertFalse(Explorer.hasCheckpoint(empty));
        assertEquals(CheckpointException.Kind.MISSING, assertRefused(empty).kind());
    }
}
