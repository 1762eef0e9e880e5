package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI in a real JVM: a state space past a small heap ends incomplete (exit 3) with statistics and
 * no OutOfMemoryError; SIGTERM in the middle of a long check writes the partial summary and exits 130.
 */
class ResourceLimitsTest {

    /** A topology big enough to outlast the heap and the test's patience: 4 pCPUs x 3 VMs of 2 vCPUs. */
    static Path bigSpec(Path dir) throws Exception {
        String src = Files.readString(Path.of("..", "specs", "v5.8-early-hyp-trap.yaml"));
        src = src.replace("name: v5.8-early-hyp-trap\n", "name: big\n")
                .replace("count: 2,", "count: 4,")
                .replace("    - { name: vm1, vcpus: 1, request: [address, generic] }\n",
                        "    - { name: vm1, vcpus: 2, request: [address, generic] }\n"
                                + "    - { name: vm2, vcpus: 2, request: [address, generic] }\n")
                .replace("expect:\n  verdict: holds\n", "");
        Path spec = dir.resolve("big.yaml");
        Files.writeString(spec, src);
        return spec;
    }

    static Process cli(Path dir, String heap, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-cp", System.getProperty("java.class.path"), "trapcheck.cli.Main"));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    @Test
    void aSmallHeapEndsIncompleteWithStatisticsAndNoOutOfMemoryError(@TempDir Path dir) throws Exception {
        Path spec = bigSpec(dir);
        Process p = cli(dir, "-Xmx64m", "check", spec.toString(), "--threads", "2", "--max-seconds", "120",
                "--summary", "summary.json", "--quiet");
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "finishes");
        String err = Files.readString(dir.resolve("stderr.txt"));
        assertFalse(err.contains("OutOfMemoryError"), err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertEquals(3, p.exitValue(), "a limit stopped it: " + err + Files.readString(dir.resolve("stdout.txt")));
        JsonNode r = new ObjectMapper().readTree(dir.resolve("summary.json").toFile()).get("results").get(0);
        assertEquals("incomplete", r.get("verdict").asText());
        assertTrue(r.get("states").asLong() > 10_000, "partial statistics: " + r);
    }

    @Test
    void sigtermWritesThePartialSummaryAndExits130(@TempDir Path dir) throws Exception {
        Path spec = bigSpec(dir);
        Process p = cli(dir, "-Xmx1g", "check", spec.toString(), "--threads", "1", "--summary", "summary.json",
                "--junit", "junit.xml", "--progress");
        Path err = dir.resolve("stderr.txt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && !Files.readString(err).contains("progress")) {
            Thread.sleep(200);
        }
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stops after SIGTERM");
        assertEquals(130, p.exitValue(), Files.readString(err));
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        JsonNode r = summary.get("results").get(0);
        assertEquals("incomplete", r.get("verdict").asText());
        assertTrue(r.get("states").asLong() > 0);
        assertTrue(Files.readString(dir.resolve("junit.xml")).contains("</testsuite>"), "JUnit report complete");
        File[] leftovers = dir.toFile().listFiles((d, n) -> n.contains(".tmp"));
        assertEquals(0, leftovers == null ? 0 : leftovers.length, "no temp files left");
    }
}
