package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Checks the counter spec and returns the trace it wrote: inc-left x3, inc-right x2. */
    /** The counter spec's trace, with every step's whole state (--full-states), so edits to states can be tried. */
    static Path checkedTrace(Path dir) throws Exception {
        return checkedTrace(dir, true);
    }

    static Path checkedTrace(Path dir, boolean fullStates) throws Exception {
        Path spec = Cli.spec(dir, "counter.yaml", "name=counter", "expect=violated/not-both-max");
        Path out = dir.resolve(fullStates ? "out" : "changes");
        Cli.Run r = fullStates ? Cli.run("check", spec.toString(), "--out", out.toString(), "--quiet", "--full-states")
                : Cli.run("check", spec.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.exit(), r.out() + r.err());
        return out.resolve("counter.trace.json");
    }

    static Path tampered(Path trace, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree(trace.toFile());
        edit.accept(doc);
        Path out = trace.resolveSibling("tampered.trace.json");
        Files.writeString(out, doc.toPrettyString());
        return out;
    }

    static ArrayNode steps(ObjectNode doc) {
        return (ArrayNode) doc.get("steps");
    }

    @Test
    void aFreshTraceReplays(@TempDir Path dir) throws Exception {
        Path trace = checkedTrace(dir);
        Cli.Run r = Cli.run("replay", trace.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().endsWith("replay ok: 5 steps on counter reproduce not-both-max, sum-at-most-4\n"), r.out());
        assertTrue(r.out().startsWith("counterexample for counter: 5 steps"), r.out());
    }

    @Test
    void swappedStepsAreRefused(@TempDir Path dir) throws Exception {
        Path trace = checkedTrace(dir, false);
        // swap steps 3 (left 2 -> 3) and 4 (right 0 -> 1) whole
        Path swapped = tampered(trace, doc -> {
            var s3 = steps(doc).get(2);
            var s4 = steps(doc).get(3);
            steps(doc).set(2, s4);
            steps(doc).set(3, s3);
        });
        Cli.Run r = Cli.run("replay", swapped.toString());
        assertEquals(1, r.exit());
        assertEquals("step 3: recorded as step 4 (steps out of order)\n", r.err());

        // the same swap with the indices renumbered: a trace of changes only is then another order of the
        // same two independent steps, a counterexample the spec gives too
        Path renumbered = tampered(swapped, doc -> {
            ((ObjectNode) steps(doc).get(2)).put("index", 3);
            ((ObjectNode) steps(doc).get(3)).put("index", 4);
        });
        Cli.Run r2 = Cli.run("replay", renumbered.toString());
        assertEquals(0, r2.exit(), r2.err());

        // with every step's whole state recorded (--full-states), re-execution catches it
        Path fullTrace = checkedTrace(dir, true);
        Path fullSwapped = tampered(fullTrace, doc -> {
            var s3 = steps(doc).get(2);
            var s4 = steps(doc).get(3);
            steps(doc).set(2, s4);
            steps(doc).set(3, s3);
            ((ObjectNode) steps(doc).get(2)).put("index", 3);
            ((ObjectNode) steps(doc).get(3)).put("index", 4);
        });
        Cli.Run r3 = Cli.run("replay", fullSwapped.toString());
        assertEquals(1, r3.exit());
        assertEquals("step 3: state differs in field left.count: recorded 'three' now 'two'\n", r3.err());
    }

    @Test
    void aWrongLabelIsRefused(@TempDir Path dir) throws Exception {
        Path trace = checkedTrace(dir);
        Path t = tampered(trace, doc -> ((ObjectNode) steps(doc).get(1)).put("label", "left jumps to 7"));
        Cli.Run r = Cli.run("replay", t.toString());
        assertEquals(1, r.exit());
        assertEquals("step 2: recorded 'left jumps to 7' but the spec gives 'left increments 1 -> 2'\n", r.err());
    }

    @Test
    void aDisabledActionIsRefused(@TempDir Path dir) throws Exception {
        Path trace = checkedTrace(dir);
        Path t = tampered(trace, doc -> ((ObjectNode) steps(doc).get(0)).put("action", 2)
                .put("label", "left resets from 0"));
        Cli.Run r = Cli.run("replay", t.toString());
        assertEquals(1, r.exit());
        assertEquals("step 1: action not enabled\n", r.err());
        Path t2 = tampered(trace, doc -> ((ObjectNode) steps(doc).get(0)).put("action", 9));
        assertEquals("step 1: action 9 does not exist in the spec (it has 3 actions)\n",
                Cli.run("replay", t2.toString()).err());
    }

    @Test
    void aTraceThatNoLongerBreaksTheInvariantIsRefused(@TempDir Path dir) throws Exception {
        Path trace = checkedTrace(dir);
        Path t = tampered(trace, doc -> steps(doc).remove(4));
        Cli.Run r = Cli.run("replay", t.toString());
        assertEquals(1, r.exit());
        assertEquals("step 4: the spec does not break not-both-max here (it breaks nothing)\n", r.err());
    }

    @Test
    void aChangedSpecWarnsAndReplays(@TempDir Path dir) throws Exception {
        Path trace = checkedTrace(dir);
        Files.writeString(dir.resolve("counter.yaml"), "# a comment\n", java.nio.file.StandardOpenOption.APPEND);
        Cli.Run r = Cli.run("replay", trace.toString(), "--quiet");
        assertEquals(0, r.exit());
        assertTrue(r.err().contains("has changed since the trace was written"), r.err());
    }

    @Test
    void aSpecThatChangedMeaningDiverges(@TempDir Path dir) throws Exception {
        Path trace = checkedTrace(dir);
        Path other = Cli.spec(dir, "other.yaml", "name=counter", "maxLeft=2", "expect=holds");
        Cli.Run r = Cli.run("replay", trace.toString(), "--spec", other.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().endsWith("step 3: action not enabled\n"), r.err());
    }

    @Test
    void unreadableInputsExitTwo(@TempDir Path dir) throws Exception {
        Cli.Run missing = Cli.run("replay", dir.resolve("none.json").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().startsWith("trapcheck: cannot read the trace: "), missing.err());
        Files.writeString(dir.resolve("garbage.json"), "{\"format\": \"trapcheck-trace\"}");
        Cli.Run garbage = Cli.run("replay", dir.resolve("garbage.json").toString());
        assertEquals(2, garbage.exit());
        assertTrue(garbage.err().contains("formatVersion"), garbage.err());
        Path trace = checkedTrace(dir);
        Files.delete(dir.resolve("counter.yaml"));
        Cli.Run noSpec = Cli.run("replay", trace.toString());
        assertEquals(2, noSpec.exit());
        assertTrue(noSpec.err().contains("give it with --spec FILE"), noSpec.err());
        Cli.Run badSpec = Cli.run("replay", trace.toString(), "--spec",
                Cli.spec(dir, "bad.yaml", "error=2:topology:expected a map").toString());
        assertEquals(2, badSpec.exit());
        assertEquals(dir.resolve("bad.yaml") + ":2:3: topology: expected a map\n", badSpec.err());
    }
}
