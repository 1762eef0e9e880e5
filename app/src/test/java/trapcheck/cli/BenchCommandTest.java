package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;
import trapcheck.engine.Model;
import trapcheck.engine.Result;
import trapcheck.engine.Statistics;
import trapcheck.engine.Verdict;
import trapcheck.report.CounterFixture;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.Instrumentation;
import trapcheck.spi.ModelProvider;
import trapcheck.spi.SpecException;

/** {@code trapcheck bench}: ladder parsing, the rung loop, the printed rows and the JSON file. */
class BenchCommandTest {

    /** The counter fixture, scalable in two dimensions: rung NxM is the same counter named name@NxM. */
    static final class Scalable implements CheckTarget {
        final CheckTarget inner;
        final List<int[]> scaledTo;

        Scalable(CheckTarget inner, List<int[]> scaledTo) {
            this.inner = inner;
            this.scaledTo = scaledTo;
        }

        @Override public String name() { return inner.name(); }
        @Override public String description() { return inner.description(); }
        @Override public Path file() { return inner.file(); }
        @Override public String sourceHash() { return inner.sourceHash(); }
        @Override public Model model() { return inner.model(); }
        @Override public Expectation expectation() { return inner.expectation(); }
        @Override public Settings settings() { return inner.settings(); }
        @Override public String describeAction(long[] before, int action) { return inner.describeAction(before, action); }
        @Override public List<String> actorsOf(long[] before, int action) { return inner.actorsOf(before, action); }
        @Override public List<String> lanes() { return inner.lanes(); }
        @Override public Map<String, String> render(long[] state) { return inner.render(state); }
        @Override public String explain(long[] b, int a, long[] n, String p) { return inner.explain(b, a, n, p); }
        @Override public Instrumentation instrumentation() { return inner.instrumentation(); }

        @Override
        public List<String> scaleDimensions() {
            return List.of("lefts", "rights");
        }

        @Override
        public CheckTarget scaled(int... sizes) {
            if (sizes[0] > 9) {
                throw new IllegalArgumentException(sizes[0] + " lefts is past the limit of 9");
            }
            scaledTo.add(sizes.clone());
            return new CounterFixture.CounterTarget(name() + "@" + sizes[0] + "x" + sizes[1], file(), 2,
                    new long[] {0, 0}, expectation(), sourceHash());
        }
    }

    private static Environment env(Engine engine, boolean scalable, List<int[]> scaledTo, StringWriter out,
                                   StringWriter err) {
        ModelProvider counter = new Cli.CounterProvider();
        ModelProvider provider = !scalable ? counter : new ModelProvider() {
            @Override
            public String name() {
                return "scalable-counter";
            }

            @Override
            public boolean accepts(Path file) {
                return true;
            }

            @Override
            public CheckTarget load(Path file) throws SpecException {
                return new Scalable(counter.load(file), scaledTo);
            }
        };
        return new Environment(() -> List.of(provider), engine, new PrintWriter(out, true), new PrintWriter(err, true),
                false, new Interruption());
    }

    private static Cli.Run bench(Engine engine, boolean scalable, List<int[]> scaledTo, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        return Cli.run(env(engine, scalable, scaledTo, out, err), out, err, all);
    }

    @Test
    void parsesLadders() {
        List<int[]> l = BenchCommand.parseLadder("2x2,3x2, 4x3");
        assertEquals(3, l.size());
        assertArrayEquals(new int[] {2, 2}, l.get(0));
        assertArrayEquals(new int[] {4, 3}, l.get(2));
        assertArrayEquals(new int[] {5}, BenchCommand.parseLadder("5").get(0));
        assertEquals("3x2", BenchCommand.rungName(new int[] {3, 2}));
        for (String bad : List.of("", "2x", "x2", "2x2,,3x2", "0x1", "2*2", "2x2,3", "99999999999x1")) {
            assertThrows(TypeConversionException.class, () -> BenchCommand.parseLadder(bad), bad);
        }
        assertEquals(4, BenchCommand.parseLadder(BenchCommand.DEFAULT_LADDER).size());
    }

    @Test
    void runsEveryRungWithTheRealEngineAndWritesJson(@TempDir Path dir) throws Exception {
        Path spec = Cli.spec(dir, "holds.yaml", "name=holds", "maxLeft=2", "expect=holds");
        Path json = dir.resolve("out/bench.json");
        List<int[]> scaledTo = new ArrayList<>();
        Cli.Run r = bench(Engine.standard(), true, scaledTo, spec.toString(), "--ladder", "1x1,2x1",
                "--threads", "2", "--max-seconds", "30", "--json", json.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(2, scaledTo.size());
        assertArrayEquals(new int[] {2, 1}, scaledTo.get(1));
        List<String> lines = r.outLines();
        assertTrue(lines.get(0).startsWith("machine: " + Runtime.getRuntime().availableProcessors() + " cores, max heap "),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("threads 2, "), lines.get(1));
        assertTrue(lines.get(2).startsWith("rung "), lines.get(2));
        assertTrue(lines.get(3).startsWith("1x1    holds "), lines.get(3));
        assertTrue(lines.get(4).startsWith("2x1    holds "), lines.get(4));
        assertTrue(r.out().contains("results written to " + json), r.out());

        JsonNode doc = new ObjectMapper().readTree(Files.readString(json));
        assertEquals("trapcheck", doc.get("tool").asText());
        assertFalse(doc.get("interrupted").asBoolean());
        assertEquals(Runtime.getRuntime().availableProcessors(), doc.get("machine").get("cores").asInt());
        assertTrue(doc.get("machine").get("maxHeapBytes").asLong() > 0);
        assertEquals(2, doc.get("settings").get("threads").asInt());
        assertEquals("1x1", doc.get("settings").get("ladder").get(0).asText());
        JsonNode runs = doc.get("runs");
        assertEquals(2, runs.size());
        JsonNode second = runs.get(1);
        assertEquals("holds@2x1", second.get("name").asText());
        assertEquals("2x1", second.get("rung").asText());
        assertEquals(2, second.get("sizes").get("lefts").asInt());
        assertEquals(1, second.get("sizes").get("rights").asInt());
        assertEquals("holds", second.get("verdict").asText());
        assertEquals("matched", second.get("status").asText());
        assertTrue(second.get("states").asLong() > 1);
        assertTrue(second.get("transitions").asLong() >= second.get("states").asLong() - 1);
        assertTrue(second.get("depth").asInt() > 0);
        assertTrue(second.get("seconds").asDouble() >= 0);
        assertTrue(second.get("bytesPerState").asDouble() > 0);
        assertEquals(second.get("seenBytes").asDouble() / second.get("states").asDouble(),
                second.get("bytesPerState").asDouble(), 0.01);
        assertTrue(second.get("peakHeapBytes").asLong() > 0);
        assertEquals(2, second.get("threads").asInt());
        assertFalse(second.get("exact").asBoolean());
        assertTrue(second.get("traceSteps").isNull());
        assertTrue(Files.list(json.getParent()).noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }

    @Test
    void aRungStoppedByTheClockIsIncompleteAndEndsTheLadder(@TempDir Path dir) throws Exception {
        Path spec = Cli.spec(dir, "holds.yaml", "name=holds", "maxLeft=2", "expect=holds");
        Path json = dir.resolve("bench.json");
        List<Double> limits = new ArrayList<>();
        Engine engine = (model, options) -> {
            limits.add(options.maxSeconds());
            boolean stop = limits.size() == 2;
            return new Result(stop ? Verdict.INCOMPLETE : Verdict.HOLDS, 0, null,
                    new Statistics(10, 20, 3, 1.5, options.threads(), new long[3], 0, 160, 1 << 20, 64),
                    stop ? "max-seconds" : null);
        };
        Cli.Run r = bench(engine, true, new ArrayList<>(), spec.toString(), "--ladder", "1x1,2x1,3x1",
                "--max-seconds", "0.5", "--threads", "1", "--exact", "--no-symmetry", "--json", json.toString());
        assertEquals(ExitCodes.LIMIT, r.exit(), r.out() + r.err());
        assertEquals(List.of(0.5, 0.5), limits, "the third rung is not run");
        assertTrue(r.out().contains("2x1    incomplete (max-seconds)"), r.out());
        assertTrue(r.out().contains("stopped by max-seconds before a verdict"), r.out());
        JsonNode doc = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(2, doc.get("runs").size());
        JsonNode stopped = doc.get("runs").get(1);
        assertEquals("incomplete", stopped.get("verdict").asText());
        assertEquals("limit", stopped.get("status").asText());
        assertEquals("max-seconds", stopped.get("stoppedBy").asText());
        assertEquals(16.0, stopped.get("bytesPerState").asDouble());
        assertEquals(10.0 / 1.5, stopped.get("statesPerSecond").asDouble(), 1.0);
        assertTrue(stopped.get("exact").asBoolean());
        assertFalse(stopped.get("symmetry").asBoolean());
        assertFalse(doc.get("settings").get("symmetry").asBoolean());
    }

    @Test
    void aRungPastTheModelsLimitsIsAnErrorAndEndsTheLadder(@TempDir Path dir) throws Exception {
        Path spec = Cli.spec(dir, "holds.yaml", "name=holds", "maxLeft=2", "expect=holds");
        Cli.Run r = bench(Engine.standard(), true, new ArrayList<>(), spec.toString(), "--ladder", "1x1,10x1,2x1",
                "--json", dir.resolve("b.json").toString());
        assertEquals(ExitCodes.INVALID, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("10 lefts is past the limit of 9"), r.out());
        assertFalse(r.out().contains("2x1 "), r.out());
    }

    @Test
    void refusesBadArguments(@TempDir Path dir) throws Exception {
        Path spec = Cli.spec(dir, "holds.yaml", "name=holds", "maxLeft=2", "expect=holds");
        Path json = dir.resolve("b.json").toAbsolutePath();
        Cli.Run plain = bench(Engine.standard(), false, null, spec.toString(), "--json", json.toString());
        assertEquals(ExitCodes.INVALID, plain.exit());
        assertTrue(plain.err().contains("cannot be scaled"), plain.err());

        Cli.Run dims = bench(Engine.standard(), true, new ArrayList<>(), spec.toString(), "--ladder", "1x1x1",
                "--json", json.toString());
        assertEquals(ExitCodes.INVALID, dims.exit());
        assertTrue(dims.err().contains("scales in 2 dimensions (lefts x rights), the rungs give 3 sizes"), dims.err());

        Cli.Run ladder = bench(Engine.standard(), true, new ArrayList<>(), spec.toString(), "--ladder", "2by2");
        assertEquals(ExitCodes.INVALID, ladder.exit());
        assertTrue(ladder.err().contains("expected rungs like 2x2,3x2"), ladder.err());

        Cli.Run threads = bench(Engine.standard(), true, new ArrayList<>(), spec.toString(), "--threads", "0");
        assertEquals(ExitCodes.INVALID, threads.exit());
        Cli.Run missing = bench(Engine.standard(), true, new ArrayList<>(), dir.resolve("nope.yaml").toString());
        assertEquals(ExitCodes.INVALID, missing.exit());
        assertFalse(Files.exists(json));
    }
}
