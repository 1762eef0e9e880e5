package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trapcheck.engine.Property;
import trapcheck.report.CounterFixture;

/**
 * {@code expect.invariant} means "this invariant is violated": when the shortest counterexample breaks
 * others, {@code check} checks the expected one alone before calling it a mismatch. From (4, 0) the
 * shortest counterexample is one step, right to (4, 1), breaking sum-at-most-4 alone; not-both-max
 * needs (3, 2): left reset, then five steps up.
 */
class ExpectedInvariantRecheckTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anExpectedInvariantViolatedLaterMatchesAndTheLineSaysBoth(@TempDir Path dir) throws Exception {
        Path spec = Cli.spec(dir, "r.yaml", "name=r", "selectable=yes", "initial=4,0", "expect=violated/not-both-max");
        List<List<String>> checked = new ArrayList<>();
        Engine watching = (model, options) -> {
            checked.add(model.properties().stream().map(Property::id).toList());
            return CounterFixture.referenceExplore(model, options);
        };
        Path summary = dir.resolve("summary.json");
        Cli.Run r = Cli.run(watching, "check", spec.toString(), "--out", dir.resolve("out").toString(), "--summary",
                summary.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(List.of(List.of("not-both-max", "sum-at-most-4", "no-reset-from-3"), List.of("not-both-max")),
                checked, "the whole spec, then the expected invariant alone");
        String line = r.outLines().get(0);
        assertTrue(line.startsWith("r  violated    [not-both-max]"), line);
        assertTrue(line.contains("expected violated/not-both-max  ok"), line);
        assertTrue(line.endsWith("(sum-at-most-4 is also violated, in 1 step; not-both-max re-checked alone: 6 steps)"),
                line);
        assertTrue(r.out().contains("counterexample for r: 6 steps, breaks [not-both-max]"), r.out());

        JsonNode result = JSON.readTree(summary.toFile()).get("results").get(0);
        assertEquals("matched", result.get("status").asText());
        assertEquals("[\"not-both-max\"]", result.get("invariants").toString());
        JsonNode recheck = result.get("recheck");
        assertEquals("not-both-max", recheck.get("invariant").asText());
        assertEquals("violated", recheck.get("verdict").asText());
        assertEquals(6, recheck.get("steps").asInt());
        assertEquals("[\"sum-at-most-4\"]", recheck.get("firstBroken").toString());
        assertEquals(1, recheck.get("firstSteps").asInt());
        JsonNode trace = JSON.readTree(dir.resolve("out/r.trace.json").toFile());
        assertEquals(6, trace.get("steps").size(), "the trace shows the expected invariant broken");
    }

    @Test
    void anExpectedInvariantThatHoldsAloneIsAMismatchThatSaysSo(@TempDir Path dir) throws Exception {
        Path spec = Cli.spec(dir, "m.yaml", "name=m", "selectable=yes", "initial=4,0", "maxLeft=2", "expect=violated/no-reset-from-3");
        Path summary = dir.resolve("summary.json");
        Cli.Run r = Cli.run("check", spec.toString(), "--out", dir.resolve("out").toString(), "--summary",
                summary.toString());
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.outLines().get(0).startsWith("m  violated    [sum-at-most-4]"), r.out());
        JsonNode result = JSON.readTree(summary.toFile()).get("results").get(0);
        assertEquals("expected violated/no-reset-from-3 but it breaks [sum-at-most-4]; no-reset-from-3 checked alone "
                + "holds", result.get("message").asText());
        assertEquals("holds", result.get("recheck").get("verdict").asText());
    }

    @Test
    void aRecheckStoppedByALimitIsALimit(@TempDir Path dir) throws Exception {
        Path spec = Cli.spec(dir, "l.yaml", "name=l", "selectable=yes", "initial=4,0", "expect=violated/not-both-max");
        Path summary = dir.resolve("summary.json");
        Cli.Run r = Cli.run("check", spec.toString(), "--out", dir.resolve("out").toString(), "--max-states", "3",
                "--summary", summary.toString());
        assertEquals(3, r.exit(), r.out());
        JsonNode result = JSON.readTree(summary.toFile()).get("results").get(0);
        assertEquals("limit", result.get("status").asText());
        assertEquals("max-states", result.get("stoppedBy").asText(), "the re-check's limit");
        assertTrue(r.outLines().get(0).endsWith("(stopped by max-states)"), r.out());
        assertEquals("incomplete", result.get("verdict").asText());
        assertEquals("not-both-max checked alone: stopped by max-states before a verdict (the shortest counterexample "
                + "breaks [sum-at-most-4])", result.get("message").asText());
    }

    @Test
    void anExpectedInvariantAmongTheBrokenOnesIsNotRechecked(@TempDir Path dir) throws Exception {
        Path spec = Cli.spec(dir, "a.yaml", "name=a", "expect=violated/sum-at-most-4");
        List<String> runs = new ArrayList<>();
        Engine counting = (model, options) -> {
            runs.add("run");
            return CounterFixture.referenceExplore(model, options);
        };
        Cli.Run r = Cli.run(counting, "check", spec.toString(), "--out", dir.resolve("out").toString());
        assertEquals(0, r.exit(), r.out());
        assertEquals(1, runs.size(), "(3, 2) breaks both not-both-max and sum-at-most-4: nothing to re-check");
        assertTrue(!r.outLines().get(0).contains("re-checked"), r.out());
    }
}
