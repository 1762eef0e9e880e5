package trapcheck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.ModelProvider;
import trapcheck.spi.SpecException;

/** Finding spec files and loading them through the model providers. */
final class SpecFiles {

    /** A path the user gave that names no spec: a usage error. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

    private SpecFiles() {
    }

    /**
     * The spec files named by the arguments: a file as given; a folder as its *.yaml, *.yml and *.json
     * files (not hidden, not recursive) that a provider {@linkplain ModelProvider#recognizes recognizes}
     * as specs, sorted by name. Each other such file of a folder is named to {@code skipped} (a
     * summary or a schema beside the specs, or a spec that lost its {@code spec:} line).
     */
    static List<Path> expand(List<Path> inputs, List<ModelProvider> providers, Consumer<String> skipped)
            throws UsageException {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                List<Path> found = new ArrayList<>();
                try (Stream<Path> list = Files.list(input)) {
                    for (Path file : list.filter(SpecFiles::looksLikeSpec).filter(Files::isRegularFile)
                            .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                            .collect(Collectors.toList())) {
                        if (providers.isEmpty() || providers.stream().anyMatch(p -> p.recognizes(file))) {
                            found.add(file);
                        } else {
                            skipped.accept("trapcheck: skipping " + file + ": not a spec (no top-level spec:)");
                        }
                    }
                } catch (IOException e) {
                    throw new UsageException("cannot list " + input + ": " + e.getMessage());
                }
                if (found.isEmpty()) {
                    throw new UsageException("no spec files in " + input
                            + ": give a .yaml spec or a folder of them");
                }
                files.addAll(found);
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                throw new UsageException("no such spec file or folder: " + input
                        + " (give a .yaml spec or a folder of them; the default is specs/)");
            }
        }
        return files;
    }

    static boolean looksLikeSpec(Path file) {
        String name = file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && EXTENSIONS.stream().anyMatch(lower::endsWith);
    }

    /** The spec's name for messages when it could not be loaded: the file name without extension. */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Loads the file with the first provider that accepts it. */
    static CheckTarget load(List<ModelProvider> providers, Path file) throws SpecException {
        for (ModelProvider p : providers) {
            if (p.accepts(file)) {
                return p.load(file);
            }
        }
        String names = providers.isEmpty() ? "none installed"
                : "installed: " + providers.stream().map(ModelProvider::name).collect(Collectors.joining(", "));
        throw new SpecException(file, 0, 0, "", "no model reads this file (" + names
                + "); give a .yaml or .json spec");
    }
}
