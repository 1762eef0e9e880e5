package trapcheck.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import trapcheck.review.CheckPool;

/**
 * The options {@code mutate}, {@code sweep} and {@code repair} share (a picocli mixin): threads (checks
 * run at once), the state budget of each check, the time limit of the whole run, progress.
 */
final class ReviewFlags {
    static final long DEFAULT_MAX_STATES = 1_000_000;

    @CommandLine.Mixin
    ThreadsFlag threads = new ThreadsFlag();

    @Option(names = "--max-states", paramLabel = "N", defaultValue = "" + DEFAULT_MAX_STATES,
            description = "The state budget of each check; a check that needs more is undecided (default: "
                    + "${DEFAULT-VALUE}; 0: none).")
    long maxStates;

    @Option(names = "--max-seconds", paramLabel = "S", defaultValue = "0",
            description = "Stop starting checks after S seconds in all, and stop the running ones (default: 0, none);"
                    + " what was not decided is reported as undecided.")
    double maxSeconds;

    @CommandLine.Mixin
    ProgressFlag progress = new ProgressFlag();

    /** Refuses negative limits and fewer than one thread (usage errors, exit 2). */
    void validate(CommandLine cl) {
        threads.validate(cl);
        if (maxStates < 0 || maxSeconds < 0 || Double.isNaN(maxSeconds) || Double.isInfinite(maxSeconds)) {
            throw new CommandLine.ParameterException(cl, "--max-states and --max-seconds must be 0 or more");
        }
    }

    /**
     * A pool of checks with these limits; progress lines prefixed with the command's name.
     *
     * @param partialOrder the checks reduce by partial order ({@link ReviewReductionFlag})
     */
    CheckPool pool(Environment env, String command, boolean partialOrder) {
        CheckPool.ProgressSink sink = progress.shown(false, env) ? line -> {
            synchronized (env.err()) {
                env.err().println(command + ": " + line);
                env.err().flush();
            }
        } : CheckPool.ProgressSink.NONE;
        return new CheckPool(env.engine()::explore,
                new CheckPool.Limits(threads.count(), maxStates, maxSeconds, env.interruption().newSignal(),
                        partialOrder), sink);
    }
}
