package trapcheck.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import trapcheck.engine.Options;
import trapcheck.spi.CheckTarget;

/**
 * The exploration flags every exhaustive command shares (a picocli mixin): worker threads, exact
 * states, symmetry off, and the memory budget. Limits that differ per command (seconds, states,
 * depth) stay with the command.
 */
final class ExplorationFlags {

    @CommandLine.Mixin
    ThreadsFlag threads = new ThreadsFlag();

    @Option(names = "--exact",
            description = "Store whole states instead of 64-bit fingerprints (no collision risk, more memory).")
    boolean exact;

    @Option(names = "--no-symmetry", description = "Do not reduce by symmetry, whatever the spec says.")
    boolean noSymmetry;

    @Option(names = "--memory", paramLabel = "MB", defaultValue = "0", converter = LimitConverters.Mebibytes.class,
            description = "Stop before the state store outgrows MB mebibytes (0, the default: a share of the JVM "
                    + "heap; at most 8796093022207).")
    long memoryMb;

    /** Refuses values no exploration can use, as a usage error (exit 2). */
    void validate(CommandLine cl) {
        threads.validate(cl);
        if (memoryMb < 0 || memoryMb > LimitConverters.MAX_MEMORY_MIB) { // set by a caller, not parsed
            throw new CommandLine.ParameterException(cl, "--memory: " + LimitConverters.MEMORY_MEANING);
        }
    }

    int threadCount() {
        return threads.count();
    }

    long memoryBytes() {
        return memoryMb << 20;
    }

    /** Symmetry as the spec asks, unless --no-symmetry. */
    boolean symmetry(CheckTarget.Settings settings) {
        return !noSymmetry && (settings == null || settings.symmetry());
    }

    /** {@code base} with these threads, exact mode and symmetry. */
    Options applyTo(Options base, CheckTarget.Settings settings) {
        return base.withThreads(threadCount()).withExact(exact).withSymmetry(symmetry(settings));
    }
}
