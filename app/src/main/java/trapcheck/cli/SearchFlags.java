package trapcheck.cli;

import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import trapcheck.engine.Strategy;

/**
 * How each spec is searched and when its search stops, as {@code check} and {@code watch} take it (a
 * picocli mixin): the strategy, the state limit and the time limit. One declaration, so the two
 * commands parse and refuse the same values the same way.
 */
final class SearchFlags {

    @Option(names = "--strategy", paramLabel = "bfs|dfs", defaultValue = "bfs", converter = StrategyConverter.class,
            description = "bfs finds a shortest counterexample; dfs one fast (default: ${DEFAULT-VALUE}).")
    Strategy strategy;

    @CommandLine.Mixin
    MaxStatesFlag limit = new MaxStatesFlag();

    @Option(names = "--max-seconds", paramLabel = "S", defaultValue = "0", converter = LimitConverters.Seconds.class,
            description = "Stop each spec's check after S seconds (0: no limit).")
    double maxSeconds;

    /** The state limit (0: none). */
    long maxStates() {
        return limit.maxStates;
    }

    /** {@code bfs} or {@code dfs}, in any case; anything else is a usage error. */
    static final class StrategyConverter implements ITypeConverter<Strategy> {
        @Override
        public Strategy convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "bfs" -> Strategy.BFS;
                case "dfs" -> Strategy.DFS;
                default -> throw new TypeConversionException("expected bfs or dfs, got '" + value + "'");
            };
        }
    }
}
