package trapcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
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

    @Test
    void aSymbolicLinkIsWrittenThroughAndStaysALink(@TempDir Path dir) throws IOException {
        Path real = Files.writeString(dir.resolve("runs-17.json"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("latest.json"), real.getFileName());
        AtomicFiles.writeString(link, "new report");
        assertTrue(Files.isSymbolicLink(link), "still a link");
        assertEquals("new report", Files.readString(real));

        Path dangling = Files.createSymbolicLink(dir.resolve("next.json"), dir.resolve("made-by-the-write.json"));
        AtomicFiles.writeString(dangling, "created through the link");
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("created through the link", Files.readString(dir.resolve("made-by-the-write.json")));
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aDeviceIsWrittenThroughNotReplaced() throws IOException {
        Path devNull = Path.of("/dev/null");
        AtomicFiles.writeString(devNull, "discarded");
        assertFalse(Files.isRegularFile(devNull, LinkOption.NOFOLLOW_LINKS), "/dev/null is still a device");
        assertTrue(Files.exists(devNull));
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void devStdoutIsTheProcessesOwnStandardOutput() throws IOException {
        java.io.PrintStream saved = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            System.out.print("printed before; ");
            AtomicFiles.writeString(Path.of("/dev/stdout"), "the summary; ");
            System.out.print("printed after");
        } finally {
            System.setOut(saved);
        }
        assertEquals("printed before; the summary; printed after", captured.toString(StandardCharsets.UTF_8));
        assertFalse(Files.isRegularFile(Path.of("/dev/stdout"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aFifoIsWrittenThroughToItsReader(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        java.util.concurrent.CompletableFuture<String> reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        AtomicFiles.writeString(fifo, "through the pipe");
        assertEquals("through the pipe", reader.get(30, java.util.concurrent.TimeUnit.SECONDS));
        assertFalse(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS), "still a FIFO");
        assertEquals(List.of("pipe"), names(dir));
    }

    @Test
    void aNameNearTheFileNameLimitWorks(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("r".repeat(245 - ".trace.json".length()) + ".trace.json");
        assertEquals(245, file.getFileName().toString().length());
        AtomicFiles.writeString(file, "long");
        assertEquals("long", Files.readString(file));
        assertEquals(List.of(file.getFileName().toString()), names(dir));
    }

    @Test
    void staleTemporaryFilesOfDeadProcessesAreRemovedByTheNextWrite(@TempDir Path dir) throws IOException {
        Path dead = Files.writeString(dir.resolve(".trapcheck-4194305-0badf00d.tmp"), "half a report"); // > pid_max
        Path live = Files.writeString(dir.resolve(".trapcheck-" + ProcessHandle.current().pid() + "-12345678.tmp"),
                "being written by this process");
        Path oldLive = Files.writeString(dir.resolve(".trapcheck-" + ProcessHandle.current().pid() + "-87654321.tmp"),
                "two days old");
        Files.setLastModifiedTime(oldLive, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofDays(2))));
        Path someoneElses = Files.writeString(dir.resolve(".report.json.tmp"), "not ours");
        AtomicFiles.writeString(dir.resolve("report.json"), "new");
        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(oldLive));
        assertTrue(Files.exists(live), "a write in progress is left alone");
        assertTrue(Files.exists(someoneElses), "only our own naming");
    }
}
