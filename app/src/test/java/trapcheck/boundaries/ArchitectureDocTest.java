package trapcheck.boundaries;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/architecture.md tells a contributor which files a change touches: every class it names in
 * backticks ({@code `HookInterpreter`}, {@code `Op.java`}, {@code `InvariantCatalogue.check`}) and
 * every module path it names must exist, so a rename or a split that the page does not follow fails
 * here instead of sending the next reader to a file that is gone.
 */
class ArchitectureDocTest {
    private static final Path ROOT = Path.of("..");
    private static final Pattern CODE = Pattern.compile("`([^`\\s]+)`");
    private static final Pattern CLASS = Pattern.compile("(?:[\\w.]*/)?([A-Z][A-Za-z0-9]+)(?:\\.java|\\.[a-z][A-Za-z/]*)?");

    @Test
    void everyClassAndPathTheArchitecturePageNamesExists() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/architecture.md"));
        Set<String> sourceNames = javaTypeNames();
        Set<String> missing = new TreeSet<>();
        Matcher m = CODE.matcher(page);
        int named = 0;
        while (m.find()) {
            String token = m.group(1);
            if (token.startsWith("./") || token.startsWith("-") || token.contains("=")) {
                continue; // a command or a flag
            }
            if (token.matches("(app|checker|model|bench)/.*") && !token.contains("...")) {
                named++;
                if (!Files.exists(ROOT.resolve(token))) {
                    missing.add(token);
                }
                continue;
            }
            String last = token.substring(token.lastIndexOf('/') + 1);
            Matcher c = CLASS.matcher(last);
            if (c.matches() && !last.endsWith(".md")) {
                named++;
                if (!sourceNames.contains(c.group(1))) {
                    missing.add(token);
                }
            }
        }
        assertTrue(named > 40, "the page names classes and paths in backticks; found only " + named);
        assertTrue(missing.isEmpty(), "docs/architecture.md names what does not exist: " + missing);
    }

    /** Simple names of every Java type in the modules' sources (files, and nested types declared in them). */
    private static Set<String> javaTypeNames() throws IOException {
        Set<String> names = new TreeSet<>();
        Pattern nested = Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z][A-Za-z0-9]*)");
        for (String module : new String[] {"app", "checker", "model", "bench"}) {
            Path src = ROOT.resolve(module).resolve("src");
            if (!Files.isDirectory(src)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(src)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
                    names.add(f.getFileName().toString().replace(".java", ""));
                    Matcher m = nested.matcher(Files.readString(f));
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        }
        return names;
    }
}
