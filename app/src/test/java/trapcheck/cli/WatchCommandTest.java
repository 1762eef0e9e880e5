package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trapcheck.engine.Explorer;
import trapcheck.kvm.KvmProvider;
import trapcheck.report.CounterFixture;

/** {@code watch} on real files in a temp folder, run in-process on a thread of its own. */
class WatchCommandTest {
    private static final long WAIT_SECONDS = 20;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Environment env;
    private CompletableFuture<Integer> watch;

    private void start(Environment environment, String... args) throws Exception {
        env = environment;
        watch = CompletableFuture.supplyAsync(() -> Main.run(args, env));
        awaitErr(e -> e.contains("for changes (Ctrl-C to stop)"));
    }

    private void start(String... args) throws Exception {
        start(Cli.env(CounterFixture::referenceExplore, out, err), args);
    }

    @AfterEach
    void stop() throws Exception {
        if (watch != null) {
            env.interruption().interrupt();
            watch.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Waits until stdout has {@code n} lines that contain {@code text}; returns them all. */
    private List<String> awaitLines(String text, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        List<String> lines;
        do {
            lines = out.toString().lines().filter(l -> l.contains(text)).toList();
            if (lines.size() >= n) {
                return lines;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < end);
        throw new AssertionError(n + " lines with '" + text + "' expected, got:\n" + out + "\nstderr:\n" + err);
    }

    private void awaitErr(Predicate<String> done) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!done.test(err.toString())) {
            if (System.nanoTime() > end || (watch != null && watch.isDone())) {
                throw new AssertionError("stderr so far:\n" + err + "\nstdout:\n" + out);
            }
            Thread.sleep(10);
        }
    }

    /** Writes a new file and renames it over {@code file}, as editors save. */
    private static void save(Path file, String... lines) throws Exception {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".swp");
        Files.writeString(tmp, String.join("\n", lines) + "\n");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void aSavedEditIsCheckedAgainAndPrintsItsNewResultAndCounterexample() throws Exception {
        Path spec = Cli.spec(dir, "a.yaml", "name=a", "maxLeft=2", "expect=holds");
        start("watch", spec.toString(), "--out", dir.resolve("out").toString());
        assertEquals(List.of("1 spec: 1 as expected, 0 mismatched, 0 stopped by a limit, 0 invalid"),
                awaitLines("1 spec:", 1));
        assertTrue(out.toString().startsWith("a  holds"), out.toString());

        save(spec, "name=a", "maxLeft=3", "expect=holds");
        String mismatch = awaitLines("MISMATCH", 1).get(0);
        assertTrue(mismatch.startsWith("a  violated    [not-both-max"), mismatch);
        awaitLines("counterexample written to " + dir.resolve("out").resolve("a.trace.json"), 1);
        assertTrue(Files.isRegularFile(dir.resolve("out").resolve("a.trace.json")));
        assertTrue(err.toString().contains("re-checking " + spec), err.toString());

        // Saving the same bytes again is not a change; the next real change is checked once.
        save(spec, "name=a", "maxLeft=3", "expect=holds");
        save(spec, "name=a", "maxLeft=3", "expect=violated/not-both-max");
        awaitLines("expected violated/not-both-max  ok", 1);
        Thread.sleep(300);
        assertEquals(3, out.toString().lines().filter(l -> l.startsWith("a  ")).count(), out.toString());
    }

    @Test
    void anInvalidEditPrintsItsErrorAndTheWatchGoesOn() throws Exception {
        Path spec = Cli.spec(dir, "a.yaml", "name=a", "maxLeft=2", "expect=holds");
        start("watch", dir.toString(), "--out", dir.resolve("out").toString());
        awaitLines("a  holds", 1);

        save(spec, "name=a", "error=7:topology.cpus:expected a number, got 'two'");
        awaitErr(e -> e.contains(spec + ":7:3: topology.cpus: expected a number, got 'two'"));
        awaitLines("invalid spec", 1);

        save(spec, "name=a", "maxLeft=2", "expect=holds");
        assertEquals(2, awaitLines("a  holds", 2).size());
        assertTrue(!watch.isDone(), "the watch goes on");
    }

    @Test
    void aNewSpecInAWatchedFolderIsCheckedAndWatched() throws Exception {
        Cli.spec(dir, "a.yaml", "name=a", "maxLeft=2", "expect=holds");
        start("watch", dir.toString(), "--out", dir.resolve("out").toString());
        awaitLines("a  holds", 1);

        Path b = Cli.spec(dir, "b.yaml", "name=b", "maxLeft=2", "expect=holds");
        awaitLines("b  holds", 1);
        save(b, "name=b", "maxLeft=3", "expect=violated/not-both-max");
        awaitLines("b  violated", 1);
        assertEquals(1, out.toString().lines().filter(l -> l.startsWith("a  ")).count(), out.toString());
    }

    @Test
    void anInterruptEndsTheWatchWith130() throws Exception {
        Path spec = Cli.spec(dir, "a.yaml", "name=a", "maxLeft=2", "expect=holds");
        start("watch", spec.toString(), "--out", dir.resolve("out").toString());
        env.interruption().interrupt();
        assertEquals(ExitCodes.INTERRUPTED, watch.get(WAIT_SECONDS, TimeUnit.SECONDS));
        assertTrue(err.toString().endsWith("trapcheck: watch stopped\n"), err.toString());
        watch = null;
    }

    @Test
    void sigtermEndsAWatchingJvmWith130() throws Exception {
        Path spec = Files.copy(Path.of("..", "specs", "v5.8-early-hyp-trap.yaml"), dir.resolve("s.yaml"));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "watch", spec.toString(), "--out",
                dir.resolve("out").toString(), "--threads", "1")
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(stderr).contains("(Ctrl-C to stop)")) {
                assertTrue(p.isAlive() && System.nanoTime() < end, Files.readString(stderr));
                Thread.sleep(20);
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "the watch ends");
            assertEquals(ExitCodes.INTERRUPTED, p.exitValue());
            assertTrue(Files.readString(stderr).endsWith("trapcheck: watch stopped\n"), Files.readString(stderr));
            assertTrue(Files.readString(stdout).startsWith("v5.8-early-hyp-trap  holds"), Files.readString(stdout));
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aSpecIsCheckedAgainWhenTheBaseItExtendsChanges() throws Exception {
        Path library = Path.of("..", "specs");
        Path base = Files.copy(library.resolve("v5.8-early-hyp-trap.yaml"), dir.resolve("v5.8-early-hyp-trap.yaml"));
        Path spec = Files.copy(library.resolve("broken-hyp-fixup-no-hcr-write.yaml"),
                dir.resolve("broken-hyp-fixup-no-hcr-write.yaml"));
        Environment kvm = new Environment(() -> List.of(new KvmProvider()), Explorer::explore,
                new PrintWriter(out, true), new PrintWriter(err, true), false, new Interruption());
        start(kvm, "watch", spec.toString(), "--out", dir.resolve("out").toString(), "--threads", "1");
        String first = awaitLines("broken-hyp-fixup-no-hcr-write  ", 1).get(0);
        assertTrue(first.contains("  ok  "), first);

        Files.writeString(base, Files.readString(base) + "\n# a comment: the bytes changed, the policy did not\n");
        awaitLines("broken-hyp-fixup-no-hcr-write  ", 2);
        assertTrue(err.toString().contains("re-checking " + spec), err.toString());

        Files.writeString(base, Files.readString(base) + "\nnot yaml: [\n");
        awaitErr(e -> e.contains(base.toString() + ":"));
        awaitLines("invalid spec", 1);
    }
}
