package trapcheck.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Option;

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

    static String safeFileName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
    }
}
