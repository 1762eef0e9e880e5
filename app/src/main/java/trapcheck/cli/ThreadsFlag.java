package trapcheck.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --threads N}, the worker threads of the exhaustive explorations (a picocli mixin). */
final class ThreadsFlag {

    @Option(names = {"-j", "--threads"}, paramLabel = "N", description = "Worker threads (default: available processors).")
    Integer threads;

    /**
     * The most threads a run may ask for: each holds its own buffers (some 2.4 MiB on the KVM specs), so
     * 100000 threads would exhaust the heap or the system's thread limit long before they helped.
     */
    static final int MAX = 1024;

    /** Refuses fewer than one thread or more than {@link #MAX}, as a usage error (exit 2). */
    void validate(CommandLine cl) {
        if (threads != null && (threads < 1 || threads > MAX)) {
            throw new CommandLine.ParameterException(cl, "--threads takes 1 to " + MAX + " threads, got " + threads);
        }
    }

    int count() {
        return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }
}
