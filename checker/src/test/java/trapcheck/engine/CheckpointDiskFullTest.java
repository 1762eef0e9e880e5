package trapcheck.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint that cannot be written (here: a real write failing with EFBIG in a child JVM whose
 * files may not exceed 512 KiB, the way a full disk fails a write) warns, and the run goes on to the
 * uninterrupted result; the last checkpoint that was written stays valid and resumes to it too, and
 * no file of a failed attempt is left behind.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class CheckpointDiskFullTest {

    /** Exact mode: the seen table (32 bytes a slot) outgrows the limit long before the link file (8 a state). */
    static Options options() {
        return Runs.bfs(1, true, false);
    }

    static String summary(Result r) {
        return r.verdict() + " " + r.stats().distinct() + " " + r.stats().generated() + " " + r.stats().depth();
    }

    @Test
    void aCheckpointThatCannotBeWrittenWarnsAndTheRunGoesOn(@TempDir Path dir) throws Exception {
        Result uninterrupted = Explorer.explore(CheckpointTest.model(), options());
        Path checkpoints = dir.resolve("cp");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder("bash", "-c", "ulimit -f 512 && exec \"$0\" -cp \"$1\" \"$2\" \"$3\"",
                java, System.getProperty("java.class.path"), CheckpointDiskFullChild.class.getName(),
                checkpoints.toString())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child finishes");
        String err = Files.readString(dir.resolve("err.txt"));
        assertEquals(0, child.exitValue(), err);
        assertEquals(summary(uninterrupted), Files.readString(dir.resolve("out.txt")).trim(), err);

        List<String> warnings = err.lines().filter(l -> l.startsWith("warning: checkpoint not written to ")).toList();
        assertTrue(warnings.size() > 5, "later checkpoints failed: " + err);
        assertTrue(warnings.get(0).contains("File too large"), warnings.get(0));
        assertTrue(warnings.get(0).contains("the previous checkpoint there, if any, stays valid"), warnings.get(0));

        try (Stream<Path> files = Files.list(checkpoints)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(4, names.size(), "the manifest and one generation's three files only: " + names);
        }
        Options resume = options().withCheckpoint(null, checkpoints);
        Explorer.verifyCheckpoint(CheckpointTest.model(), resume);
        assertEquals(summary(uninterrupted), summary(Explorer.explore(CheckpointTest.model(), resume)));
    }
}
