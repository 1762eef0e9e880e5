package trapcheck.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import trapcheck.engine.Options;
import trapcheck.spi.CheckTarget;

/**
 * The exploration flags every exhaustive command shares (a picocli mixin): worker threads, exact
 * states, symmetry off, partial-order reduction, the memory budget and the spill folder. Limits that differ per command (seconds, states,
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

    @Option(names = "--por", negatable = true, description = "Partial-order reduction (on by default for "
            + "breadth-first search; --no-por turns it off): expand a state through one thread's steps where no other "
            + "thread can interfere first. Same verdicts and shortest counterexamples, fewer states; the counts of a "
            + "reduced run are of the reduced state space (said under the results; partialOrder in the reports). "
            + "Depth-first search, --max-depth and checkpoints search in full; --por with them is a usage error "
            + "(see docs/commands.md).")
    Boolean partialOrder; // null: the default, on where it applies

    @Option(names = "--memory", paramLabel = "MB", defaultValue = "0", converter = LimitConverters.Mebibytes.class,
            description = "Keep the state store within MB mebibytes (0, the default: a share of the JVM heap; at "
                    + "most 8796093022207). A breadth-first search keeps within it by moving stored states, "
                    + "levels larger than an eighth of it and the parts of a level that do not fit to disk "
                    + "(--spill-dir), with the same result, --por or not; a depth-first search, or one that writes "
                    + "checkpoints, stops.")
    long memoryMb;

    @Option(names = "--spill-dir", paramLabel = "DIR",
            description = "An existing folder for the scratch files: parent links, fingerprints, and the states a "
                    + "search moves to disk past --memory (default: the OS temp folder). They are removed when "
                    + "the run ends; if the folder cannot be written or fills up, the spec ends incomplete with a "
                    + "'disk:' reason (exit 3).")
    java.nio.file.Path spillDir;

    /** Whether partial-order reduction was asked for (on unless --no-por). */
    boolean partialOrder() {
        return partialOrder == null || partialOrder;
    }

    /**
     * Refuses an explicit --por where it cannot apply, as a usage error (exit 2); {@code without} names
     * what rules it out ("--strategy dfs"), null when nothing does. Without the flag the search is
     * simply full there.
     */
    void refusePartialOrderWith(CommandLine cl, String without) {
        if (without != null && Boolean.TRUE.equals(partialOrder)) {
            throw new CommandLine.ParameterException(cl, "--por: partial-order reduction applies to breadth-first "
                    + "search without a depth bound or checkpoints, not with " + without);
        }
    }

    /** Refuses values no exploration can use, as a usage error (exit 2). */
    void validate(CommandLine cl) {
        threads.validate(cl);
        if (memoryMb < 0 || memoryMb > LimitConverters.MAX_MEMORY_MIB) { // set by a caller, not parsed
            throw new CommandLine.ParameterException(cl, "--memory: " + LimitConverters.MEMORY_MEANING);
        }
        if (spillDir != null && !java.nio.file.Files.isDirectory(spillDir)) {
            throw new CommandLine.ParameterException(cl, "--spill-dir: " + spillDir + " is not a folder");
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

    /** {@code base} with these threads, exact mode, symmetry, partial-order reduction and spill folder. */
    Options applyTo(Options base, CheckTarget.Settings settings) {
        return base.withThreads(threadCount()).withExact(exact).withSymmetry(symmetry(settings))
                .withPartialOrder(partialOrder()).withSpillDir(spillDir);
    }
}
