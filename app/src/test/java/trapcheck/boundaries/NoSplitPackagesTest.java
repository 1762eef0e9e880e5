package trapcheck.boundaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Package-private means the module: no package is declared in the main sources of two modules, and
 * no module's tests declare a class in a package another module's main code owns (either would reach
 * that module's package-private code). Scans the sources of every module the root pom lists.
 */
class NoSplitPackagesTest {

    static final Path ROOT = Path.of("..");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");

    static List<String> modules() throws IOException {
        List<String> modules = new ArrayList<>();
        Matcher m = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (m.find()) {
            modules.add(m.group(1).trim());
        }
        return modules;
    }

    /** The packages declared under {@code module/src/<tree>/java}. */
    static Set<String> packages(String module, String tree) throws IOException {
        Path dir = ROOT.resolve(module).resolve("src").resolve(tree).resolve("java");
        Set<String> packages = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return packages;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                try {
                    Matcher m = PACKAGE.matcher(Files.readString(p));
                    if (m.find()) {
                        packages.add(m.group(1));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return packages;
    }

    @Test
    void noPackageIsDeclaredByTwoModulesMainCode() throws IOException {
        List<String> modules = modules();
        assertTrue(modules.containsAll(List.of("checker", "model", "app", "bench")), modules.toString());
        Map<String, List<String>> owners = new TreeMap<>();
        for (String module : modules) {
            for (String p : packages(module, "main")) {
                owners.computeIfAbsent(p, k -> new ArrayList<>()).add(module);
            }
        }
        assertTrue(owners.containsKey("trapcheck.engine") && owners.containsKey("trapcheck.kvm"), owners.toString());
        Map<String, List<String>> split = new TreeMap<>(owners);
        split.values().removeIf(list -> list.size() < 2);
        assertEquals(Map.of(), split, "packages declared in two modules' main sources");

        List<String> intruders = new ArrayList<>();
        for (String module : modules) {
            for (String p : packages(module, "test")) {
                List<String> mainOwners = owners.getOrDefault(p, List.of());
                if (!mainOwners.isEmpty() && !mainOwners.contains(module)) {
                    intruders.add(module + " tests declare " + p + " of " + mainOwners);
                }
            }
        }
        assertEquals(List.of(), intruders, "tests reaching into another module's package");
    }
}
