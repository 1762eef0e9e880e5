package trapcheck.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --out DIR}, where the commands that find counterexamples write them (a picocli mixin). */
final class OutFolder {

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "reports/out",
            description = "Where counterexamples are written (default: ${DEFAULT-VALUE}).")
    Path dir;
}
