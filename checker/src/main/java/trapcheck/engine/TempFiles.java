package trapcheck.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/*
 * The engine's scratch files (parent links, the fingerprint log, spilled seen sets, frontiers and
 * discovery records): created in the spill folder (Options.spillDir) or the OS temp folder, and
 * unlinked at once where the OS allows it (POSIX), so that they live only as long as their open
 * channel: nothing is left behind when the run ends, however it ends (a finished run, SIGTERM, even
 * kill -9). Where an open file cannot be unlinked (Windows), DELETE_ON_CLOSE removes it at close.
 */
final class TempFiles {
    private TempFiles() {
    }

    /** A new empty file open for reading and writing, already nameless where possible. */
    static FileChannel open(Path dir, String prefix) throws IOException {
        Path file = dir == null ? Files.createTempFile("trapcheck-" + prefix, ".bin")
                : Files.createTempFile(dir, "trapcheck-" + prefix, ".bin");
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // not on this OS: DELETE_ON_CLOSE removes it when the channel closes
        }
        return channel;
    }
}
