package trapcheck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Option;
import trapcheck.report.JsonFiles;

/**
 * {@code --out DIR}, where the commands that find counterexamples write them (a picocli mixin), and
 * how a spec's name becomes a file name there.
 */
final class OutFolder {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports/out",
            description = "Where counterexamples are written (default: ${DEFAULT-VALUE}).")
    Path dir;

    /** Why {@code --out} cannot be used, checked before any work; null when it can (a folder or nothing yet). */
    String problem() {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            return "--out " + dir + ": a file, not a folder (counterexamples go to DIR/<spec-name>.trace.json)";
        }
        return null;
    }

    /** {@code DIR/<name>.trace.json}, the name made safe and given a suffix when {@code used} has it. */
    Path traceFile(String specName, Set<String> used) {
        return dir.resolve(uniqueFileName(specName, used) + ".trace.json");
    }

    /** A file name for the spec: unsafe characters replaced, a suffix when two specs share a name. */
    static String uniqueFileName(String name, Set<String> used) {
        String base = safeFileName(name);
        String candidate = base;
        for (int i = 2; !used.add(candidate); i++) {
            candidate = base + "-" + i;
        }
        return candidate;
    }

    /**
     * Removes {@code file} when it is the counterexample an earlier run wrote for {@code specName} (a
     * trace file naming that spec) and the spec now has none, so --out never shows a counterexample
     * the current spec does not have. Anything else at that path is left alone.
     */
    static void removeStaleTrace(Path file, String specName) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            JsonNode root = JsonFiles.MAPPER.readTree(file.toFile());
            if (root != null && "trapcheck".equals(root.path("tool").path("name").asText(null))
                    && specName.equals(root.path("spec").path("name").asText(null))) {
                Files.deleteIfExists(file);
            }
        } catch (IOException notATraceOrUnreadable) {
            // not ours to remove
        }
    }

    static String safeFileName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
    }
}
