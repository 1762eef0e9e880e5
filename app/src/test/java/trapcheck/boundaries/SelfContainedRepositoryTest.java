package trapcheck.boundaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Everything a user needs is in the repository: no tracked file points into the folder beside the
 * clone where the project's background notes were kept (a user who clones the repository does not
 * have it). The forbidden string is assembled here so that this file does not contain it.
 */
class SelfContainedRepositoryTest {
    private static final Path ROOT = Path.of("..");
    private static final String OUTSIDE = ".." + "/" + "shared";

    @Test
    void noTrackedFileRefersToTheSharedFolderBesideTheClone() throws Exception {
        List<String> hits = new ArrayList<>();
        List<Path> files = trackedFiles();
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(ROOT.resolve(file));
            String text = new String(bytes, StandardCharsets.ISO_8859_1);   // any bytes; the string is ASCII
            int line = 1;
            for (String l : text.split("\n", -1)) {
                if (l.contains(OUTSIDE)) {
                    hits.add(file + ":" + line + ": " + l.strip());
                }
                line++;
            }
        }
        assertTrue(files.size() > 50, "found the repository's files (" + files.size() + ")");
        assertTrue(hits.isEmpty(), "files refer to " + OUTSIDE + ", which a clone does not have; say it in the "
                + "repository (docs/) instead:\n  " + String.join("\n  ", hits));
    }

    @Test
    void theScanSeesThisVeryFile() throws Exception {
        assertTrue(trackedFiles().stream().anyMatch(p -> p.endsWith("SelfContainedRepositoryTest.java"))
                || !Files.isDirectory(ROOT.resolve(".git")), "the scan covers the test sources");
        assertEquals(-1, Files.readString(Path.of("src", "test", "java", "trapcheck", "boundaries",
                "SelfContainedRepositoryTest.java")).indexOf(OUTSIDE), "this file does not contain the string itself");
    }

    /** The files git tracks (the committed and staged ones); without git, every file outside build output. */
    static List<Path> trackedFiles() throws IOException, InterruptedException {
        if (Files.isDirectory(ROOT.resolve(".git"))) {
            Process p = new ProcessBuilder("git", "ls-files", "-z").directory(ROOT.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                List<Path> files = new ArrayList<>();
                for (String name : new String(out, StandardCharsets.UTF_8).split("\0")) {
                    if (!name.isEmpty() && Files.isRegularFile(ROOT.resolve(name))) {
                        files.add(Path.of(name));
                    }
                }
                return files;
            }
        }
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(Files::isRegularFile).map(ROOT::relativize)
                    .filter(p -> !p.startsWith(".git") && !p.startsWith(Path.of("reports", "out"))
                            && java.util.stream.StreamSupport.stream(p.spliterator(), false)
                                    .noneMatch(part -> part.toString().equals("target")))
                    .toList();
        }
    }
}
