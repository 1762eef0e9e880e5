package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forged-trace corpus: a trace edited in any way that changes what it says (empty, a prefix,
 * wrong violations, altered explanations, states, changes, actors, names, lanes, the culprit) is refused with
 * exit 1 and one line naming where; escape sequences in it never reach the terminal; files that are
 * not trace files (a FIFO, /dev/zero, a folder, past the size limit, not UTF-8, a NUL in the
 * recorded spec path) are exit 2, without blocking.
 */
class ReplayForgeryTest {
    private static final String ESC = "\u001b";

    @TempDir
    Path dir;

    private Path trace() throws Exception {
        return ReplayCommandTest.checkedTrace(dir);
    }

    private Path forged(Consumer<ObjectNode> edit) throws Exception {
        return ReplayCommandTest.tampered(trace(), edit);
    }

    private static ArrayNode steps(ObjectNode doc) {
        return ReplayCommandTest.steps(doc);
    }

    private static ObjectNode step(ObjectNode doc, int i) {
        return (ObjectNode) steps(doc).get(i);
    }

    private static ObjectNode broken(ObjectNode doc, int i) {
        return (ObjectNode) doc.get("violated").get(i);
    }

    /** Nothing printed holds a control character but line ends: no escape sequence, no carriage return. */
    static void assertPrintable(String text) {
        for (char c : text.toCharArray()) {
            assertTrue(c == '\n' || (c >= 0x20 && c != 0x7f && (c < 0x80 || c >= 0xa0)),
                    "printed a control character U+" + Integer.toHexString(c) + ": " + text);
        }
    }

    private void assertRefused(Path t, int exit, String says) {
        Cli.Run r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Cli.run("replay", t.toString()));
        assertEquals(exit, r.exit(), r.out() + r.err());
        assertFalse(r.out().contains("replay ok"), r.out());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(says), r.err());
        assertPrintable(r.out() + r.err());
    }

    private DynamicTest refused(String name, Consumer<ObjectNode> edit, String says) {
        return DynamicTest.dynamicTest(name, () -> assertRefused(forged(edit), 1, says));
    }

    @TestFactory
    List<DynamicTest> everyForgeryIsRefused() {
        List<DynamicTest> t = new ArrayList<>();
        t.add(refused("no steps and nothing violated", doc -> {
            steps(doc).removeAll();
            ((ArrayNode) doc.get("violated")).removeAll();
        }, "initial state: the spec breaks nothing here"));
        t.add(refused("no steps", doc -> steps(doc).removeAll(), "initial state: the spec does not break"));
        t.add(refused("a 2-step prefix", doc -> {
            while (steps(doc).size() > 2) {
                steps(doc).remove(2);
            }
        }, "step 2: the spec does not break not-both-max here"));
        t.add(refused("a 2-step prefix that claims nothing", doc -> {
            while (steps(doc).size() > 2) {
                steps(doc).remove(2);
            }
            ((ArrayNode) doc.get("violated")).removeAll();
        }, "step 2: the spec breaks nothing here: a trace that breaks no invariant at its end is not a counterexample"));
        t.add(refused("the last step's violations emptied",
                doc -> step(doc, 4).putArray("violations"), "step 5: recorded as breaking nothing but the spec gives not-both-max, sum-at-most-4"));
        t.add(refused("an earlier step claims a violation",
                doc -> step(doc, 1).putArray("violations").add("not-both-max"), "step 2: recorded as breaking"));
        t.add(refused("one broken invariant dropped at the end",
                doc -> ((ArrayNode) doc.get("violated")).remove(1), "end: recorded as breaking 'not-both-max'"));
        t.add(refused("an invariant the spec does not break added", doc -> ((ArrayNode) doc.get("violated"))
                .addObject().put("id", "no-reset-from-3").put("description", "d").put("explanation", "e"),
                "does not break no-reset-from-3 here"));
        t.add(refused("an explanation altered",
                doc -> broken(doc, 0).put("explanation", "nothing is wrong"), "BROKEN not-both-max: recorded the explanation"));
        t.add(refused("a description altered",
                doc -> broken(doc, 1).put("description", "fine"), "BROKEN sum-at-most-4: recorded the description"));
        t.add(refused("a state altered", doc -> ((ObjectNode) step(doc, 2).get("state")).put("left.count", "seven"),
                "step 3: state differs in field left.count: recorded 'seven'"));
        t.add(refused("a field added to a state", doc -> ((ObjectNode) step(doc, 0).get("state")).put("extra", "1"),
                "step 1: state differs in field extra"));
        t.add(refused("the changed fields altered", doc -> ((ObjectNode) step(doc, 1).get("changed")).removeAll(),
                "step 2: the changed fields differ"));
        t.add(refused("the actors altered", doc -> step(doc, 0).putArray("actors").add("nobody"),
                "step 1: recorded actors 'nobody'"));
        t.add(refused("the initial state altered",
                doc -> ((ObjectNode) doc.get("initial").get("state")).put("left.count", "one"), "initial state: no initial"));
        t.add(refused("the initial violations altered",
                doc -> ((ObjectNode) doc.get("initial")).putArray("violations").add("x"), "initial state: recorded as breaking"));
        t.add(refused("the spec's name altered", doc -> ((ObjectNode) doc.get("spec")).put("name", "other"),
                "the trace is of the spec 'other'"));
        t.add(refused("the lanes altered", doc -> ((ArrayNode) doc.get("lanes")).add("ghost"), "the lanes differ"));
        t.add(refused("a label that clears the screen", doc -> step(doc, 0).put("label",
                ESC + "[2J" + ESC + "[H ALL INVARIANTS HOLD\nreplay ok: 0 steps"), "recorded '\\u001b[2J\\u001b[H"));
        t.add(refused("an explanation that clears the screen", doc -> broken(doc, 0).put("explanation",
                ESC + "]0;title\u0007\r" + ESC + "[32mALL INVARIANTS HOLD\u202e"), "\\u001b]0;title\\u0007\\u000d"));
        t.add(refused("a name with escapes", doc -> ((ObjectNode) doc.get("spec")).put("name", ESC + "[31mred\n"),
                "the trace is of the spec '\\u001b[31mred\\u000a'"));
        // a trace of changes only (the default): an edited change moves the states it leads to
        t.add(DynamicTest.dynamicTest("a change altered in a trace of changes", () -> assertRefused(
                ReplayCommandTest.tampered(ReplayCommandTest.checkedTrace(dir, false), doc -> ((ObjectNode) step(doc, 2)
                        .get("changed").get("left.count")).put("to", "seven")), 1,
                "step 3: state differs in field left.count: recorded 'seven'")));
        t.add(refused("a culprit the spec does not give", doc -> doc.putObject("culprit").put("property", "not-both-max")
                .put("step", 1).put("field", "left.count").putArray("flow"), "the culprit differs: recorded step 1"));
        return t;
    }

    @Test
    void aRealTraceReplaysAndPrintsOnlyWhatTheSpecGives() throws Exception {
        Cli.Run r = Cli.run("replay", trace().toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().endsWith("replay ok: 5 steps on counter reproduce not-both-max, sum-at-most-4\n"), r.out());
        assertPrintable(r.out());
    }

    @Test
    void aRecordedSpecPathWithEscapesOrANulIsAnInputError() throws Exception {
        assertRefused(forged(doc -> ((ObjectNode) doc.get("spec")).put("path", "gone" + ESC + "[2J.yaml")), 2,
                "the spec recorded in the trace, gone\\u001b[2J.yaml, is not found from here");
        assertRefused(forged(doc -> ((ObjectNode) doc.get("spec")).put("path", "spec\u0000.yaml")), 2,
                "the recorded spec path 'spec\\u0000.yaml' is not a path here");
    }

    @Test
    void filesThatAreNotTraceFilesAreExitTwo() throws Exception {
        assertRefused(dir, 2, "not a regular file");
        Path big = dir.resolve("big.trace.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength((ReplayCommand.MAX_TRACE_MIB + 1L) << 20); // sparse: no disk used
        }
        assertRefused(big, 2, "257 MiB, more than the 256 MiB a trace file may have");
        Path latin1 = Files.write(dir.resolve("latin1.json"), new byte[] {'{', '"', (byte) 0xe9, '"', '}'});
        assertRefused(latin1, 2, "not UTF-8 text");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aFifoOrDevZeroIsRefusedWithoutBlocking() throws Exception {
        assertRefused(Path.of("/dev/zero"), 2, "/dev/zero: not a regular file");
        Path fifo = dir.resolve("trace.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertRefused(fifo, 2, "trace.fifo: not a regular file");
    }
}
