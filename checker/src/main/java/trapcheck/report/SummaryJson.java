package trapcheck.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine-readable summary of a {@code check} run: {@link File}, one {@link Result} per spec.
 */
public final class SummaryJson {

    private SummaryJson() {
    }

    /** The summary file. */
    public record File(String tool, String version, boolean interrupted, List<Result> results) {
    }

    /**
     * One spec's result, as {@link SpecOutcome} has it: {@code matched} repeats the status for readers
     * that only want a yes or no, {@code seconds} is rounded to milliseconds, {@code sources} is written
     * only for a spec that extends others, {@code vacuous} only for a vacuous hold (the goals it never
     * reached, one sentence each); the target's facts follow as fields of their own ({@code "parked": ["cpu2"]}).
     */
    public record Result(String spec, String file, String verdict, List<String> invariants,
                         SpecOutcome.Expected expected, boolean matched, String status, long states, long transitions,
                         int depth, double seconds, String trace, String stoppedBy, int threads,
                         double collisionProbability, String message, List<String> actionsNeverFired,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Counterexample.Source> sources,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> vacuous,
                         @com.fasterxml.jackson.annotation.JsonAnyGetter java.util.Map<String, List<String>> facts) {

        public static Result of(SpecOutcome o) {
            return new Result(o.spec(), o.file(), o.verdict(), o.invariants(), o.expected(), o.matched(),
                    o.status().name().toLowerCase(Locale.ROOT), o.states(), o.transitions(), o.depth(),
                    Math.round(o.seconds() * 1000) / 1000.0, o.trace(), o.stoppedBy(), o.threads(),
                    o.collisionProbability(), o.message(), o.neverFired(), o.sources(), o.vacuous(), o.facts());
        }
    }

    public static String toJson(String tool, String version, List<SpecOutcome> outcomes, boolean interrupted) {
        return JsonFiles.toJson(new File(tool, version, interrupted, outcomes.stream().map(Result::of).toList()));
    }

    /** Writes the summary atomically. */
    public static void write(Path file, String tool, String version, List<SpecOutcome> outcomes, boolean interrupted)
            throws IOException {
        AtomicFiles.writeString(file, toJson(tool, version, outcomes, interrupted));
    }
}
