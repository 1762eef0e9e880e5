package trapcheck.cli;

import picocli.CommandLine.Option;

/** {@code --progress}: progress lines on stderr, which otherwise appear only on a terminal (a picocli mixin). */
final class ProgressFlag {

    @Option(names = "--progress", description = "Print progress to stderr even when it is not a terminal.")
    boolean progress;

    /** Whether to print progress: never when quiet, else when asked or on a terminal. */
    boolean shown(boolean quiet, Environment env) {
        return !quiet && (progress || env.terminal());
    }
}
