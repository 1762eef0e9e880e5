package trapcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    private static List<String> names(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesAndReplacesWithoutLeavingTemporaryFiles(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/report.json");
        AtomicFiles.writeString(file, "first");
        AtomicFiles.writeString(file, "second");
        assertEquals("second", Files.readString(file));
        assertEquals(List.of("report.json"), names(file.getParent()));
    }

    @Test
    void aFailedWriteKeepsThePreviousFileWhole(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("report.json");
        AtomicFiles.writeString(file, "complete old report");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half of a new rep".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("complete old report", Files.readString(file));
        assertEquals(List.of("report.json"), names(dir));
    }

    @Test
    void aFailedFirstWriteLeavesNothing(@TempDir Path dir) {
        Path file = dir.resolve("report.json");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(file, out -> {
            out.write('{');
            throw new IllegalStateException("bug in a writer");
        }));
        assertFalse(Files.exists(file));
        assertEquals(List.of(), assertDoesNotThrowNames(dir));
    }

    private static List<String> assertDoesNotThrowNames(Path dir) {
        try {
            return names(dir);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void concurrentWritersNeverExposeAPartialFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.txt");
        String a = "a".repeat(200_000);
        String b = "b".repeat(300_000);
        AtomicFiles.writeString(file, a);
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 50; i++) {
                    AtomicFiles.writeString(file, i % 2 == 0 ? b : a);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        writer.start();
        while (writer.isAlive()) {
            String seen = Files.readString(file);
            if (!seen.equals(a) && !seen.equals(b)) {
                throw new AssertionError("saw a partial file of " + seen.length() + " chars");
            }
        }
        writer.join();
        assertEquals(List.of("r.txt"), names(dir));
    }
}
