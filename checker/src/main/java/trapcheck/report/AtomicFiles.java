package trapcheck.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes report files so that a reader never sees a half-written one: the content goes to a hidden
 * temporary file in the same directory, is flushed to disk, and is then moved over the target in one
 * step ({@code ATOMIC_MOVE}, or {@code REPLACE_EXISTING} where the file system cannot do better).
 * If writing fails, the temporary file is deleted and the previous target, if any, is left as it was.
 *
 * <p>Only a regular file (or a new one) is replaced that way. A target that is a symbolic link, a
 * FIFO, a device or anything else is written through, in place: a rename would put a regular file
 * where the link or device was. {@code /dev/stdout} and {@code /dev/stderr} are the process's own
 * streams, written in order with what it prints.
 *
 * <p>Temporary files are named {@code .trapcheck-PID-RANDOM.tmp}, short whatever the target's name
 * (a report name near the file-name limit still works). One left by a process that was killed
 * (kill -9, a power cut) is removed by the next write into that directory, or by
 * {@link #removeStaleTemporaryFiles}: a temporary file is stale when its process is gone, or when
 * it is older than a day.
 */
public final class AtomicFiles {

    private static final Pattern TEMPORARY = Pattern.compile("\\.trapcheck-([0-9]{1,19})-[0-9a-f]{8}\\.tmp");
    private static final Duration STALE_AFTER = Duration.ofDays(1);

    /** Writes the body of a file. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code text} as UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /** Writes whatever {@code body} produces; creates missing parent directories. */
    public static void write(Path target, Body body) throws IOException {
        Path absolute = target.toAbsolutePath();
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(absolute, LinkOption.NOFOLLOW_LINKS)) {
            writeThrough(absolute, body);
            return;
        }
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        removeStaleTemporaryFiles(dir);
        Path temp = dir.resolve(".trapcheck-" + ProcessHandle.current().pid() + "-"
                + String.format("%08x", ThreadLocalRandom.current().nextInt()) + ".tmp");
        boolean moved = false;
        try {
            // A plain CREATE_NEW (not createTempFile) so the report gets the user's usual permissions.
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                body.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Into a link, FIFO or device as it stands: what it leads to receives the bytes. A link to a file
     * replaces its content; a name under /dev or /proc (/dev/stdout, /dev/fd/3) appends, as a shell's
     * {@code >>} would, since the file behind it may be the output the process is writing already.
     */
    private static void writeThrough(Path target, Body body) throws IOException {
        java.io.PrintStream own = ownStream(target);
        if (own != null) {
            // this process's stdout or stderr: through the stream itself, so that what the process
            // printed before and prints after stays in order (a second descriptor would keep its own offset)
            body.writeTo(own);
            own.flush();
            return;
        }
        boolean stream = target.startsWith("/dev") || target.startsWith("/proc");
        boolean fileOrNothing = Files.isRegularFile(target) || !Files.exists(target); // a link to one, or dangling
        try (OutputStream out = stream ? Files.newOutputStream(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND)
                : fileOrNothing ? Files.newOutputStream(target)
                : Files.newOutputStream(target, StandardOpenOption.WRITE)) {
            body.writeTo(out);
            out.flush();
        }
    }

    /** System.out or System.err for the names of this process's standard output or error, else null. */
    private static java.io.PrintStream ownStream(Path target) {
        String name = target.normalize().toString();
        return switch (name) {
            case "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1" -> System.out;
            case "/dev/stderr", "/dev/fd/2", "/proc/self/fd/2" -> System.err;
            default -> null;
        };
    }

    /** Deletes the temporary files of this class in {@code dir} that no running write will finish. */
    public static void removeStaleTemporaryFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".trapcheck-*.tmp")) {
            Instant old = Instant.now().minus(STALE_AFTER);
            for (Path f : files) {
                Matcher m = TEMPORARY.matcher(f.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long pid = Long.parseLong(m.group(1));
                boolean gone = ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
                if (gone || Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(old)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // a leftover temporary file is not worth failing a report for; the next write tries again
        }
    }
}
