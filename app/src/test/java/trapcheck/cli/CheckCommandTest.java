package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trapcheck.engine.Options;
import trapcheck.engine.ProgressListener;
import trapcheck.engine.Result;
import trapcheck.engine.Statistics;
import trapcheck.engine.Strategy;
import trapcheck.engine.Verdict;
import trapcheck.report.CounterFixture;

class CheckCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** a: violated as expected; b: holds as expected; README.md and notes.txt are not specs. */
    static Path corpus(Path dir) throws Exception {
        Path specs = dir.resolve("specs");
        Cli.spec(specs, "a.yaml", "name=a-violates", "expect=violated/not-both-max");
        Cli.spec(specs, "b.yml", "name=b-holds-with-a-long-name", "maxLeft=2", "expect=holds");
        Cli.spec(specs, "README.md", "name=readme");
        Cli.spec(specs, "notes.txt", "name=notes");
        return specs;
    }

    @Test
    void everySpecMatchedExitsZeroAndWritesTheReports(@TempDir Path dir) throws Exception {
        Path specs = corpus(dir);
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run("check", specs.toString(), "--out", out.toString(), "--summary",
                dir.resolve("s/summary.json").toString(), "--junit", dir.resolve("junit.xml").toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        List<String> lines = r.outLines();
        assertEquals(String.format("%-24s  %-10s  %-40s  %s  %-8s  %11s states  %s",
                "a-violates", // padded to the longest name, b-holds-with-a-long-name
                "violated", // padded to "incomplete"
                "[not-both-max, sum-at-most-4]", // wide enough for all three ids, but at most 40
                "expected violated/not-both-max", "ok", "11", "0.3 s"), lines.get(0));
        assertTrue(r.out().contains("    BROKEN not-both-max: left is three and right is two"), r.out());
        assertTrue(r.out().contains("    counterexample written to " + out.resolve("a-violates.trace.json")));
        assertEquals("2 specs: 2 as expected, 0 mismatched, 0 stopped by a limit, 0 invalid", lines.get(lines.size() - 1));
        String last = lines.get(lines.size() - 2);
        assertTrue(last.startsWith("b-holds-with-a-long-name  holds       -  "), last);
        assertEquals(lines.get(0).indexOf("expected"), last.indexOf("expected"), "columns line up");
        assertEquals(lines.get(0).indexOf(" states"), last.indexOf(" states"), "columns line up");

        assertTrue(Files.exists(out.resolve("a-violates.trace.json")));
        JsonNode summary = JSON.readTree(dir.resolve("s/summary.json").toFile());
        assertEquals(2, summary.get("results").size());
        assertEquals("a-violates", summary.get("results").get(0).get("spec").asText());
        assertEquals(out.resolve("a-violates.trace.json").toString(),
                summary.get("results").get(0).get("trace").asText());
        assertEquals("holds", summary.get("results").get(1).get("verdict").asText());
        assertTrue(Files.readString(dir.resolve("junit.xml")).contains("tests=\"2\" failures=\"0\" errors=\"0\""));
    }

    @Test
    void aMismatchExitsOne(@TempDir Path dir) throws Exception {
        // The shortest counterexample breaks sum-at-most-4 at (4, 1); (3, 2) is out of reach, so the
        // expected invariant checked alone holds.
        Path spec = Cli.spec(dir, "m.yaml", "name=m", "initial=4,0", "maxLeft=2", "expect=violated/no-reset-from-3");
        Cli.Run r = Cli.run("check", spec.toString(), "--out", dir.resolve("out").toString(), "--quiet");
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("expected violated/no-reset-from-3  MISMATCH"), r.out());
        assertFalse(r.out().contains("BROKEN"), "--quiet prints no counterexample");
        assertTrue(Files.exists(dir.resolve("out/m.trace.json")), "a violated spec's trace is written anyway");
    }

    @Test
    void anInvalidSpecIsReportedAndTheOthersStillRun(@TempDir Path dir) throws Exception {
        Cli.spec(dir, "1-bad.yaml", "error=14:rules.do[1]:unknown op 'frobnicate'");
        Cli.spec(dir, "2-mismatch.yaml", "name=mm", "expect=holds");
        Path junit = dir.resolve("j.xml");
        Path summary = dir.resolve("s.json");
        Cli.Run r = Cli.run("check", dir.toString(), "--out", dir.resolve("out").toString(), "--junit",
                junit.toString(), "--summary", summary.toString(), "--quiet");
        assertEquals(2, r.exit(), "2 wins over 1");
        assertEquals(dir.resolve("1-bad.yaml") + ":14:3: rules.do[1]: unknown op 'frobnicate'\n",
                r.err());
        assertTrue(r.outLines().get(0).startsWith("1-bad  error"), r.out());
        assertTrue(r.outLines().get(1).contains("MISMATCH"), r.out());
        assertTrue(Files.readString(junit).contains("<error message=\"" + dir.resolve("1-bad.yaml")));
        assertEquals("error", JSON.readTree(summary.toFile()).get("results").get(0).get("verdict").asText());
    }

    @Test
    void aLimitExitsThreeUnlessSomethingMismatched(@TempDir Path dir) throws Exception {
        Path a = Cli.spec(dir, "a.yaml", "name=a", "expect=violated/not-both-max");
        Path b = Cli.spec(dir, "b.yaml", "name=b", "expect=holds");
        Cli.Run r = Cli.run("check", a.toString(), "--max-states", "3", "--out", dir.resolve("o").toString());
        assertEquals(3, r.exit(), r.out());
        assertTrue(r.out().contains("incomplete  -"), r.out());
        assertTrue(r.out().contains("limit"), r.out());
        assertTrue(r.out().endsWith("(stopped by max-states)\n"
                + "1 spec: 0 as expected, 0 mismatched, 1 stopped by a limit, 0 invalid\n"), r.out());
        Cli.Run both = Cli.run("check", b.toString(), a.toString(), "--max-states", "3", "--out",
                dir.resolve("o").toString());
        assertEquals(3, both.exit(), "b is stopped too");
        Cli.Run mismatch = Cli.run("check", b.toString(), a.toString(), "--out", dir.resolve("o").toString());
        assertEquals(1, mismatch.exit());
    }

    @Test
    void usageErrorsSayWhatToDo(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        Cli.spec(dir.resolve("empty"), "README.md", "hello");
        Cli.Run empty = Cli.run("check", dir.resolve("empty").toString());
        assertEquals(2, empty.exit());
        assertTrue(empty.err().startsWith("trapcheck: no spec files in " + dir.resolve("empty")
                + ": give a .yaml spec or a folder of them\n"), empty.err());
        Cli.Run missing = Cli.run("check", dir.resolve("nope.yaml").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such spec file or folder"), missing.err());
        Cli.Run badFlag = Cli.run("check", "--strategy", "random", dir.toString());
        assertEquals(2, badFlag.exit());
        assertTrue(badFlag.err().contains("expected bfs or dfs"), badFlag.err());
        Cli.Run negative = Cli.run("check", "--threads", "0", dir.toString());
        assertEquals(2, negative.exit());
        Cli.Run tooMany = Cli.run("check", "--threads", "100000", dir.toString());
        assertEquals(2, tooMany.exit());
        assertTrue(tooMany.err().startsWith("trapcheck: --threads takes 1 to 1024 threads, got 100000\n"), tooMany.err());
        Cli.Run noCommand = Cli.run();
        assertEquals(2, noCommand.exit());
        assertTrue(noCommand.err().contains("give a command"));
    }

    @Test
    void flagsOverrideTheSpecSettings(@TempDir Path dir) throws Exception {
        Path a = Cli.spec(dir, "a.yaml", "name=a", "expect=violated/not-both-max");
        List<Options> seen = new ArrayList<>();
        Engine capture = (m, o) -> {
            seen.add(o);
            return CounterFixture.referenceExplore(m, o);
        };
        assertEquals(0, Cli.run(capture, "check", a.toString(), "--out", dir.toString(), "--quiet").exit());
        Options d = seen.get(0);
        assertTrue(d.symmetry(), "the spec asks for symmetry");
        assertEquals(Runtime.getRuntime().availableProcessors(), d.threads());
        assertEquals(Strategy.BFS, d.strategy());
        assertEquals(0, d.maxDepth());
        assertFalse(((ProgressPrinter) d.progress()).showsProgress(), "no progress when not a terminal");

        Cli.run(capture, "check", a.toString(), "--out", dir.toString(), "--quiet", "--no-symmetry", "--threads", "3",
                "--strategy", "DFS", "--exact", "--max-states", "10", "--max-depth", "7", "--max-seconds", "1.5",
                "--memory", "64", "--checkpoint", dir.resolve("cp").toString());
        Options o = seen.get(1);
        assertFalse(o.symmetry());
        assertEquals(3, o.threads());
        assertEquals(Strategy.DFS, o.strategy());
        assertTrue(o.exact());
        assertEquals(10, o.maxStates());
        assertEquals(7, o.maxDepth());
        assertEquals(1.5, o.maxSeconds());
        assertEquals(64L << 20, o.memoryBudgetBytes());
        assertEquals(dir.resolve("cp").resolve("a"), o.checkpointDir());
        assertEquals(null, o.resumeDir());
    }

    @Test
    void progressGoesToStderrWithProgressAndNeverWithQuiet(@TempDir Path dir) throws Exception {
        Path a = Cli.spec(dir, "a.yaml", "name=a", "expect=violated/not-both-max");
        Engine chatty = (m, o) -> {
            o.progress().progress(new ProgressListener.Progress(12, 1_234_567, 6_543_210, 45_678, 812_345.4,
                    512L << 20, 4.1));
            return CounterFixture.referenceExplore(m, o);
        };
        Cli.Run r = Cli.run(chatty, "check", a.toString(), "--out", dir.toString(), "--progress");
        assertEquals("progress: level 12, 1,234,567 distinct, 6,543,210 generated, 45,678 queued, "
                + "812,345 states/s, heap 512 MiB, 4.1 s  (a)\n", r.err());
        Cli.Run quiet = Cli.run(chatty, "check", a.toString(), "--out", dir.toString(), "--progress", "--quiet");
        assertEquals("", quiet.err());
    }

    @Test
    void anUnexpectedExceptionIsOneLineAndExit70(@TempDir Path dir) throws Exception {
        Path a = Cli.spec(dir, "a.yaml", "name=a");
        Engine broken = (m, o) -> {
            throw new IllegalStateException("boom");
        };
        Cli.Run r = Cli.run(broken, "check", a.toString(), "--out", dir.toString());
        assertEquals(70, r.exit());
        assertEquals("trapcheck: internal error: java.lang.IllegalStateException: boom "
                + "(rerun with --debug for the stack trace)\n", r.err());
        Cli.Run debug = Cli.run(broken, "check", a.toString(), "--out", dir.toString(), "--debug");
        assertEquals(70, debug.exit());
        assertTrue(debug.err().contains("\tat "), "the stack trace with --debug");
    }

    @Test
    void anInterruptStopsTheRunWritesThePartialReportsAndExits130(@TempDir Path dir) throws Exception {
        Path a = Cli.spec(dir, "a.yaml", "name=a", "expect=holds", "maxLeft=2");
        Path b = Cli.spec(dir, "b.yaml", "name=b", "expect=holds", "maxLeft=2");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicReference<Environment> envRef = new AtomicReference<>();
        List<String> explored = new ArrayList<>();
        Engine waitsForStop = (m, o) -> {
            explored.add("run");
            // what the shutdown hook does, from another thread
            Thread hook = new Thread(() -> envRef.get().interruption().interrupt());
            hook.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!o.stop().requested() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            return new Result(Verdict.INCOMPLETE, 0, null,
                    new Statistics(5, 9, 2, 0.1, 1, new long[3], 0, 0, 0, 0), o.stop().reason());
        };
        Environment env = Cli.env(waitsForStop, out, err);
        envRef.set(env);
        Path summary = dir.resolve("summary.json");
        Cli.Run r = Cli.run(env, out, err, "check", a.toString(), b.toString(), "--out", dir.toString(),
                "--summary", summary.toString());
        assertEquals(130, r.exit());
        assertEquals(1, explored.size(), "the second spec is not started");
        assertTrue(r.err().contains("trapcheck: interrupted; 1 of 2 specs reported"), r.err());
        JsonNode s = JSON.readTree(summary.toFile());
        assertTrue(s.get("interrupted").asBoolean());
        assertEquals(1, s.get("results").size());
        assertEquals("interrupted", s.get("results").get(0).get("stoppedBy").asText());
        assertEquals("incomplete", s.get("results").get(0).get("verdict").asText());
    }

    @Test
    void htmlWritesOneSelfContainedIndexBesideTheTraces(@TempDir Path dir) throws Exception {
        Path a = Cli.spec(dir, "a.yaml", "name=a", "expect=violated/not-both-max");
        Path b = Cli.spec(dir, "b.yaml", "name=b", "maxLeft=2", "expect=holds");
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run("check", a.toString(), b.toString(), "--out", out.toString(), "--html");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains("HTML report: " + out.resolve("index.html")), r.out());
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("<a href=\"#spec-a\">counterexample</a>"), "the violated spec links to its section, by name");
        assertTrue(html.contains("href=\"./a.trace.json\""), "and to its trace file");
        assertTrue(html.contains("<section class=\"spec\" id=\"spec-a\">\n<h2>Counterexample: "));
        assertTrue(html.contains("<section class=\"spec\" id=\"spec-b\">\n<h2><span class=\"spec-name\">b</span> "
                + "<span class=\"verdict v-holds\">holds</span>"), "the spec that holds has a section without one");
        assertEquals(1, html.split("<div class=\"cx\"", -1).length - 1, "one counterexample view");
        assertTrue(Files.exists(out.resolve("a.trace.json")));
    }

    @Test
    void aTemporaryFileLeftByAKilledRunIsRemoved(@TempDir Path dir) throws Exception {
        Path a = Cli.spec(dir, "a.yaml", "name=a", "maxLeft=2", "expect=holds");
        Path out = Files.createDirectories(dir.resolve("out"));
        Path left = Files.writeString(out.resolve(".trapcheck-4194305-0badf00d.tmp"), "{\"half\": "); // pid > pid_max
        assertEquals(0, Cli.run("check", a.toString(), "--out", out.toString(), "--quiet").exit());
        assertFalse(Files.exists(left));
    }

    @Test
    void outputsThatCannotBeWrittenAreUsageErrorsBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path a = Cli.spec(dir, "a.yaml", "name=a", "expect=violated/not-both-max");
        Path file = Files.writeString(dir.resolve("file"), "not a folder");
        Path folder = Files.createDirectories(dir.resolve("folder"));
        Path out = dir.resolve("out");
        String s = dir.resolve("s.json").toString();
        String same = dir.resolve("sub").resolve("..").resolve("s.json").toString();
        Map<List<String>, String> refusals = new LinkedHashMap<>();
        refusals.put(List.of("--out", file.toString()), "--out " + file + ": a file, not a folder");
        refusals.put(List.of("--summary", folder.toString()), "--summary " + folder + ": a folder, not a file");
        refusals.put(List.of("--junit", folder.toString()), "--junit " + folder + ": a folder, not a file");
        refusals.put(List.of("--summary", file.resolve("s.json").toString()),
                "--summary " + file.resolve("s.json") + ": " + file + " is a file, not a folder");
        refusals.put(List.of("--summary", s, "--junit", same), "--summary and --junit name the same file " + same);
        refusals.put(List.of("--junit", out.resolve("index.html").toString(), "--html"),
                "--junit and --html name the same file " + out.resolve("index.html"));
        refusals.put(List.of("--resume", file.toString()), "--resume " + file + ": a file, not a folder");
        for (Map.Entry<List<String>, String> c : refusals.entrySet()) {
            List<Options> explored = new ArrayList<>();
            List<String> args = new ArrayList<>(List.of("check", a.toString()));
            args.addAll(c.getKey());
            if (!args.contains("--out")) {
                args.addAll(List.of("--out", out.toString()));
            }
            Cli.Run r = Cli.run((m, o) -> {
                explored.add(o);
                return CounterFixture.referenceExplore(m, o);
            }, args.toArray(String[]::new));
            assertEquals(2, r.exit(), c.getKey() + ": " + r.err());
            assertTrue(r.err().startsWith("trapcheck: " + c.getValue()), c.getKey() + ": " + r.err());
            assertEquals(List.of(), explored, c.getKey() + ": nothing explored");
        }
        assertEquals("not a folder", Files.readString(file));
        // the same device twice is written twice, one report after the other
        assertEquals(0, Cli.run("check", a.toString(), "--out", out.toString(), "--quiet", "--summary", "/dev/null",
                "--junit", "/dev/null").exit());
    }

    @Test
    void sameNamedSpecsAreRefusedBeforeAnyWork(@TempDir Path dir) throws Exception {
        // one name would label two results in the summary, JUnit and HTML: refused, not guessed at
        Path a = Cli.spec(dir.resolve("x"), "a.yaml", "name=same/name", "expect=violated/not-both-max");
        Path b = Cli.spec(dir.resolve("y"), "a.yaml", "name=same/name", "expect=violated/not-both-max");
        List<Options> explored = new ArrayList<>();
        Cli.Run r = Cli.run((m, o) -> {
            explored.add(o);
            return CounterFixture.referenceExplore(m, o);
        }, "check", a.toString(), b.toString(), "--out", dir.resolve("o").toString(), "--summary",
                dir.resolve("s.json").toString());
        assertEquals(2, r.exit());
        assertEquals("trapcheck: two specs are named same/name (" + a + " and " + b
                + "): names must be unique in one run, they name its reports\n", r.err());
        assertEquals(List.of(), explored);
        assertFalse(Files.exists(dir.resolve("o")), "nothing written");
        assertFalse(Files.exists(dir.resolve("s.json")));

        Path c = Cli.spec(dir.resolve("z"), "c.yaml", "name=same_name", "expect=violated/not-both-max");
        assertEquals(2, Cli.run("check", a.toString(), c.toString(), "--out", dir.resolve("o").toString()).exit(),
                "names that make the same file name");
    }

    @Test
    void versionAndHelp() {
        Cli.Run v = Cli.run("--version");
        assertEquals(0, v.exit());
        assertTrue(v.out().startsWith("trapcheck " + Version.VERSION + "\nmodels: counter\n"), v.out());
        Cli.Run h = Cli.run("check", "--help");
        assertEquals(0, h.exit());
        assertTrue(h.out().contains("Exit codes:"), h.out());
        assertTrue(h.out().contains("70 > 130 > 2 > 1 > 3 > 0"), h.out());
        assertNotNull(Cli.run("--help").out());
    }

    @Test
    void versionConstantFollowsThePom() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        String parent = pom.substring(pom.indexOf("<parent>"), pom.indexOf("</parent>"));
        assertTrue(parent.contains("<version>" + Version.VERSION + "</version>"),
                "Version.VERSION must equal the Maven project version");
    }
}
