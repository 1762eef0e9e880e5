package trapcheck.cli;

import picocli.CommandLine.Option;

/** The seeded random simulation that gives {@code compare}'s and {@code repair}'s costs (a picocli mixin). */
final class SimulationFlags {
    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Simulation seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "200",
            description = "Random walks per workload, on one thread (default: ${DEFAULT-VALUE}).")
    long runs;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "100",
            description = "Steps per random walk (default: ${DEFAULT-VALUE}).")
    int depth;

    /** Whether the walks are well-formed (neither count negative). */
    boolean valid() {
        return runs >= 0 && depth >= 0;
    }
}
