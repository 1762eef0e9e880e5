package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CLI in a real child JVM where the behaviour is about the process: a heap too small to start,
 * SIGTERM from the first moment the JVM runs our code, limits that are no numbers, a summary written
 * to /dev/stdout or a FIFO, replay of a FIFO.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class ProcessEdgesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Process start(Path dir, List<String> jvm, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "trapcheck.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    static String err(Path dir) throws Exception {
        return Files.readString(dir.resolve("stderr.txt"));
    }

    static String out(Path dir) throws Exception {
        return Files.readString(dir.resolve("stdout.txt"));
    }

    static Path spec(Path dir) throws Exception {
        Path spec = dir.resolve("s.yaml");
        Files.copy(Path.of("..", "specs", "v5.8-early-hyp-trap.yaml"), spec);
        return spec;
    }

    @Test
    void aHeapTooSmallToStartIsOneLineAndExitThree(@TempDir Path dir) throws Exception {
        Process p = start(dir, List.of("-Xmx8m"), "check", spec(dir).toString(), "--out", "o");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(3, p.exitValue(), err(dir));
        assertEquals("trapcheck: the JVM heap is too small for trapcheck (8 MiB): it needs at least 16 MiB "
                + "(TRAPCHECK_JAVA_OPTS=-Xmx2g, say)\n", err(dir));
        assertEquals("", out(dir));
    }

    /**
     * SIGTERM as soon as the hook is in (the first class trapcheck loads after it, HeapGuard: some 40 ms
     * after Main, most of it the JVM linking Main), and later.
     */
    @ParameterizedTest(name = "{0} ms after the first class")
    @ValueSource(ints = {0, 200, 500})
    void sigtermFromTheFirstMomentExits130WithItsSummary(int delayMillis, @TempDir Path dir) throws Exception {
        Path log = dir.resolve("classes.log");
        Process p = start(dir, List.of("-Xmx256m", "-Xlog:class+load=info:file=" + log), "check",
                ResourceLimitsTest.bigSpec(dir).toString(), "--out", "o", "--summary", "summary.json",
                "--threads", "1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(log) && Files.readString(log).contains("trapcheck.cli.HeapGuard "))) {
            assertTrue(p.isAlive(), "ended before it was interrupted: " + err(dir));
            assertTrue(System.nanoTime() < deadline, "no trapcheck class loaded within 60 s");
            Thread.sleep(2);
        }
        Thread.sleep(delayMillis);
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stops after SIGTERM");
        assertEquals(130, p.exitValue(), err(dir));
        JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
        assertTrue(summary.get("interrupted").asBoolean(), summary.toString());
        assertFalse(err(dir).contains("Exception"), err(dir));
    }

    @Test
    void limitsThatAreNoNumbersAreUsageErrors(@TempDir Path dir) throws Exception {
        Path spec = spec(dir);
        for (String[] flag : new String[][] {{"--max-seconds", "NaN"}, {"--max-seconds", "Infinity"},
                {"--max-seconds", "-1"}, {"--max-seconds", "0x1p3"}, {"--memory", "17592186044417"},
                {"--memory", "-5"}, {"--memory", "1.5"}}) {
            Process p = start(dir, List.of("-Xmx256m"), "check", spec.toString(), "--out", "o", flag[0], flag[1]);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(2, p.exitValue(), String.join(" ", flag) + ": " + err(dir));
            String first = err(dir).lines().findFirst().orElse("");
            assertTrue(first.startsWith("trapcheck: Invalid value for option '" + flag[0] + "': expected 0 "), first);
            assertTrue(first.endsWith("got '" + flag[1] + "'"), first);
            assertEquals("", out(dir));
        }
        Process p = start(dir, List.of("-Xmx256m"), "check", "--help");
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertTrue(out(dir).replaceAll("\\s+", " ").contains("(0, the default: a share of the JVM heap; at most "
                + "8796093022207)"), "the help says what the error says: " + out(dir));
    }

    @Test
    void aSummaryToStdoutIsWrittenThrough(@TempDir Path dir) throws Exception {
        Process p = start(dir, List.of("-Xmx256m"), "check", spec(dir).toString(), "--out", "o", "--quiet",
                "--summary", "/dev/stdout");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err(dir));
        String out = out(dir);
        int json = out.indexOf("{\n");
        assertTrue(json >= 0, out);
        JsonNode summary = JSON.readTree(out.substring(json, out.indexOf("\n}\n", json) + 3));
        assertEquals("v5.8-early-hyp-trap", summary.get("results").get(0).get("spec").asText());
        assertTrue(out.contains("1 spec: 1 as expected"), "the lines printed around it are whole: " + out);
    }

    @Test
    void aSummaryToAFifoReachesItsReaderAndReplayOfAFifoIsRefused(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("summary.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Process p = start(dir, List.of("-Xmx256m"), "check", spec(dir).toString(), "--out", "o", "--quiet",
                "--summary", fifo.toString());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err(dir));
        assertTrue(reader.get(30, TimeUnit.SECONDS).contains("\"v5.8-early-hyp-trap\""));
        assertFalse(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS), "still a FIFO");

        Process replay = start(dir, List.of("-Xmx256m"), "replay", fifo.toString());
        assertTrue(replay.waitFor(60, TimeUnit.SECONDS), "replay of a FIFO does not block");
        assertEquals(2, replay.exitValue());
        assertTrue(err(dir).contains("summary.fifo: not a regular file"), err(dir));
    }
}
