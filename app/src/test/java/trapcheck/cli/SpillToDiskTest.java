package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --memory} too small for a library spec's seen set: the search spills to disk
 * ({@code --spill-dir}) and reports the very result of the in-memory run (states, verdict, the
 * never-fired actions, the same counterexample file byte for byte), plus the summary's
 * {@code spilled}; a spill folder that is not a folder is a usage error.
 */
class SpillToDiskTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode check(Path spec, Path dir, String name, String... extra) throws Exception {
        Path summary = dir.resolve(name + ".json");
        String[] args = Stream.concat(Stream.of("check", spec.toString(), "--exact", "--quiet", "--out",
                dir.resolve(name).toString(), "--summary", summary.toString()), Stream.of(extra)).toArray(String[]::new);
        Cli.Run r = Kvm.run(args);
        assertEquals(0, r.exit(), r.err() + r.out());
        return JSON.readTree(summary.toFile()).get("results").get(0);
    }

    @Test
    void aSpilledRunHasTheInMemoryResultAndSaysHowMuchWentToDisk(@TempDir Path dir) throws Exception {
        Path spill = Files.createDirectory(dir.resolve("spill"));
        for (String spec : new String[] {"v5.7-stable-fix-3cpu", "v5.2-lazy-host-trap"}) {
            Path file = Kvm.SPECS.resolve(spec + ".yaml");
            // full searches: a spilled reduced run's count is not the in-memory one (PartialOrderDefaultTest)
            JsonNode memory = check(file, dir, spec + "-memory", "--no-por");
            JsonNode spilled = check(file, dir, spec + "-spilled", "--no-por", "--memory", "2", "--spill-dir",
                    spill.toString());
            assertNull(memory.get("spilled"), "the in-memory run has no spilled field");
            for (String field : new String[] {"verdict", "invariants", "states", "transitions", "depth",
                    "actionsNeverFired", "status"}) {
                assertEquals(memory.get(field), spilled.get(field), spec + ": " + field);
            }
            assertTrue(spilled.get("spilled").get("states").asLong() > 0, spilled.toString());
            assertTrue(spilled.get("spilled").get("bytes").asLong() >= 8 * spilled.get("spilled").get("states").asLong());
            if (!memory.get("trace").isNull()) {
                assertEquals(Files.readString(Path.of(memory.get("trace").asText())),
                        Files.readString(Path.of(spilled.get("trace").asText())), spec + ": the counterexample");
            }
        }
        try (Stream<Path> left = Files.list(spill)) {
            assertEquals(0, left.count(), "scratch files left in --spill-dir");
        }
    }

    @Test
    void aSpillFolderThatIsNotAFolderIsAUsageError(@TempDir Path dir) throws Exception {
        Path spec = Kvm.SPECS.resolve("v5.2-lazy-host-trap.yaml");
        Cli.Run r = Kvm.run("check", spec.toString(), "--spill-dir", dir.resolve("missing").toString(),
                "--out", dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("trapcheck: --spill-dir: "), r.err());
        assertTrue(r.err().contains("is not a folder"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
