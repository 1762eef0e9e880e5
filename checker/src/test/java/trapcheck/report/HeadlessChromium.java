package trapcheck.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs Debian's headless Chromium on a local file, for tests of the HTML reports: the DOM after the
 * page's script ran ({@code --dump-dom}) and a screenshot. Every run gets a fresh profile folder, no
 * network features, and a hard timeout after which the browser is killed, so a test never hangs.
 */
public final class HeadlessChromium {

    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/bin/chromium"),
            Path.of("/usr/bin/chromium-browser"), Path.of("/usr/lib/chromium/chromium"));
    private static final long TIMEOUT_SECONDS = 90;

    private HeadlessChromium() {
    }

    /** The browser binary, or null when none is installed. */
    public static Path binary() {
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    public static boolean available() {
        return binary() != null;
    }

    /** The DOM of the page after its scripts ran, as HTML text. */
    public static String dumpDom(Path page) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", page.toUri().toString()));
    }

    /** The DOM after the page's scripts ran in a window of the given size (what a script measured, too). */
    public static String dumpDom(Path page, int width, int height) throws IOException, InterruptedException {
        return dumpDom(page, "", width, height);
    }

    /** As {@link #dumpDom(Path, int, int)}, the page opened at {@code #fragment} (empty: none). */
    public static String dumpDom(Path page, String fragment, int width, int height)
            throws IOException, InterruptedException {
        return run(List.of("--dump-dom", "--window-size=" + width + "," + height, "--hide-scrollbars",
                page.toUri() + (fragment.isEmpty() ? "" : "#" + fragment)));
    }

    /** Writes a PNG screenshot of the page at the given window size. */
    public static void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        screenshot(page, "", png, width, height);
    }

    /** As {@link #screenshot(Path, Path, int, int)}, the page opened at {@code #fragment} (empty: its top). */
    public static void screenshot(Path page, String fragment, Path png, int width, int height)
            throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars", page.toUri() + (fragment.isEmpty() ? "" : "#" + fragment)));
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new IOException("chromium wrote no screenshot to " + png);
        }
    }

    private static String run(List<String> args) throws IOException, InterruptedException {
        Path bin = binary();
        if (bin == null) {
            throw new IllegalStateException("no chromium installed");
        }
        Path profile = Files.createTempDirectory("trapcheck-chromium-");
        Path stdout = Files.createTempFile("trapcheck-chromium-", ".out");
        Path stderr = Files.createTempFile("trapcheck-chromium-", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(bin.toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--user-data-dir=" + profile));
            command.addAll(args);
            Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                    .start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new IOException("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + command);
            }
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("chromium exited " + p.exitValue() + ": "
                        + Files.readString(stderr, StandardCharsets.UTF_8));
            }
            return out;
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a crashed browser may leave a locked file; the temp folder is cleaned eventually
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
