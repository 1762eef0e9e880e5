package trapcheck.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --threads N}, the worker threads of the exhaustive explorations (a picocli mixin). */
final class ThreadsFlag {

    @Option(names = {"-j", "--threads"}, paramLabel = "N", description = "Worker threads (default: available processors).")
    Integer threads;

    /** Refuses fewer than one thread, as a usage error (exit 2). */
    void validate(CommandLine cl) {
        if (threads != null && threads < 1) {
            throw new CommandLine.ParameterException(cl, "--threads must be at least 1, got " + threads);
        }
    }

    int count() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }
}
