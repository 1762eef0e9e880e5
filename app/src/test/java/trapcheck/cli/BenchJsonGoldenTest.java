package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trapcheck.engine.Verdict;
import trapcheck.report.Golden;
import trapcheck.report.SpecOutcome;

/**
 * The bench file stays byte for byte what it was: a real two-rung ladder written by
 * {@code trapcheck bench --ladder 2x2,3x2 --threads 1}, and a fixture with the rarer rows (an error,
 * a violation with its trace length, a limit, an interrupted ladder).
 */
class BenchJsonGoldenTest {

    @Test
    void aRealLadderIsByteForByte() throws Exception {
        String file = Golden.text("bench.json");
        JsonNode root = new ObjectMapper().readTree(file);
        JsonNode m = root.get("machine");
        var machine = new BenchJson.Machine(m.get("cores").asInt(), m.get("maxHeapBytes").asLong(),
                m.get("java").asText(), m.get("vm").asText(), m.get("os").asText() + " ", m.get("arch").asText());
        JsonNode s = root.get("settings");
        List<String> ladder = new ArrayList<>();
        s.get("ladder").forEach(n -> ladder.add(n.asText()));
        var settings = new BenchJson.Settings(s.get("threads").asInt(), s.get("exact").asBoolean(),
                s.get("symmetry").asBoolean(), s.get("maxSeconds").asDouble(), s.get("memoryMb").asLong(), ladder);
        List<BenchJson.Run> runs = new ArrayList<>();
        for (JsonNode r : root.get("runs")) {
            List<String> dimensions = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : r.get("sizes").properties()) {
                dimensions.add(e.getKey());
                sizes.add(e.getValue().asInt());
            }
            List<String> invariants = new ArrayList<>();
            r.get("invariants").forEach(n -> invariants.add(n.asText()));
            String verdict = r.get("verdict").asText();
            runs.add(new BenchJson.Run(r.get("spec").asText(), r.get("file").asText(), r.get("name").asText(),
                    r.get("rung").asText(), sizes.stream().mapToInt(Integer::intValue).toArray(), dimensions,
                    verdict.equals("error") ? null : Verdict.valueOf(verdict.toUpperCase(Locale.ROOT)), invariants,
                    r.get("traceSteps").isNull() ? -1 : r.get("traceSteps").asInt(),
                    SpecOutcome.Status.valueOf(r.get("status").asText().toUpperCase(Locale.ROOT)),
                    text(r.get("stoppedBy")), text(r.get("message")), r.get("states").asLong(),
                    r.get("transitions").asLong(), r.get("depth").asInt(), r.get("seconds").asDouble(),
                    r.get("setupSeconds").asDouble(), r.get("statesPerSecond").asDouble(), r.get("seenBytes").asLong(),
                    r.get("bytesPerState").asDouble(), r.get("peakHeapBytes").asLong(), r.get("threads").asInt(),
                    r.get("symmetry").asBoolean(), r.get("exact").asBoolean(),
                    r.get("collisionProbability").asDouble(), r.get("partialOrder").asBoolean(),
                    r.get("spilledStates").asLong(), r.get("spilledBytes").asLong(),
                    r.get("spilledWindows").asLong()));
        }
        assertEquals(2, runs.size());
        assertEquals(file, BenchJson.toJson(settings, machine, runs, root.get("interrupted").asBoolean()));
    }

    static String text(JsonNode node) {
        return node.isNull() ? null : node.asText();
    }

    @Test
    void theRareRowsAreByteForByte() {
        var machine = new BenchJson.Machine(8, 1L << 33, "17.0.1", "VM", "  Linux 6 ", "aarch64");
        var settings = new BenchJson.Settings(4, true, false, 0.5, 512, List.of("2x2", "9x9"));
        List<String> dims = List.of("pCPUs", "VMs");
        var violated = new BenchJson.Run("s", "specs/s.yaml", "s@2x2", "2x2", new int[] {2, 2}, dims, Verdict.VIOLATED,
                List.of("a", "b"), 22, SpecOutcome.Status.MATCHED, null, null, 8477, 60_000, 22, 0.12345, 0.0004,
                68_667.4, 131_072, 15.46239, 1 << 27, 4, false, true, 0, true, 0, 0, 0);
        var limit = new BenchJson.Run("s", "specs/s.yaml", "s@9x9", "9x9", new int[] {9, 9, 3}, dims, Verdict.INCOMPLETE,
                List.of(), -1, SpecOutcome.Status.LIMIT, "max-seconds", "stopped by max-seconds", 123_456_789, 1L << 40,
                77, 0.5, 1.5, 2.5e8, 1L << 31, 17.0, 1L << 34, 4, false, true, 1.25e-7, false, 98_765_432, 3L << 30, 236);
        var error = new BenchJson.Run("s", "specs/s.yaml", "s@9x9", "9x9", new int[] {9}, dims, null, List.of(), -1,
                SpecOutcome.Status.ERROR, null, "specs/s.yaml: cannot scale", 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, false, false,
                0, false, 0, 0, 0);
        assertEquals(Golden.text("bench-fixture.json"),
                BenchJson.toJson(settings, machine, List.of(violated, limit, error), true));
    }
}
