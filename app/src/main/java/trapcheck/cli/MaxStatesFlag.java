package trapcheck.cli;

import picocli.CommandLine.Option;

/** {@code --max-states N}, the state limit of every exploration (a picocli mixin); 0 is no limit. */
final class MaxStatesFlag {

    @Option(names = "--max-states", paramLabel = "N", defaultValue = "0",
            description = "Stop each exploration after N distinct states (0: no limit).")
    long maxStates;
}
