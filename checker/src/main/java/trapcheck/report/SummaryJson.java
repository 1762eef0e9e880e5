package trapcheck.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The machine-readable summary of a {@code check} run: {@link File}, one {@link Result} per spec
 * (described by {@code reports/summary.schema.json}). It carries everything the other reports need,
 * so {@code trapcheck report} rebuilds them from summaries alone (and the trace files they name):
 * {@link #read} gives the outcomes back.
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
     * reached, one sentence each), {@code spilled} only for a run that moved states to disk, {@code
     * partialOrder} (true) only for a run that searched with partial-order reduction (states, transitions
     * and depth are then of the reduced state space); the target's
     * facts follow as fields of their own ({@code "parked": ["cpu2"]}).
     */
    public record Result(String spec, String file, String verdict, List<String> invariants,
                         SpecOutcome.Expected expected, boolean matched, String status, long states, long transitions,
                         int depth, double seconds, String trace, String stoppedBy, int threads,
                         double collisionProbability, String message, List<String> actionsNeverFired,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Counterexample.Source> sources,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> vacuous,
                         @JsonInclude(JsonInclude.Include.NON_NULL) SpecOutcome.Location location,
                         @JsonInclude(JsonInclude.Include.NON_NULL) SpecOutcome.Recheck recheck,
                         @JsonInclude(JsonInclude.Include.NON_NULL) SpecOutcome.Spilled spilled,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Boolean partialOrder,
                         @com.fasterxml.jackson.annotation.JsonAnyGetter @com.fasterxml.jackson.annotation.JsonAnySetter
                         java.util.Map<String, List<String>> facts) {

        public static Result of(SpecOutcome o) {
            return new Result(o.spec(), o.file(), o.verdict(), o.invariants(), o.expected(), o.matched(),
                    o.status().name().toLowerCase(Locale.ROOT), o.states(), o.transitions(), o.depth(),
                    Math.round(o.seconds() * 1000) / 1000.0, o.trace(), o.stoppedBy(), o.threads(),
                    o.collisionProbability(), o.message(), o.neverFired(), o.sources(), o.vacuous(), o.location(), o.recheck(),
                    o.spilled(), o.partialOrder() ? Boolean.TRUE : null, o.facts());
        }

        /** The outcome this result was written from (seconds rounded as written). */
        public SpecOutcome outcome() {
            SpecOutcome.Status s;
            try {
                s = SpecOutcome.Status.valueOf(status == null ? "" : status.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("results[].status: expected matched, mismatch, limit or error, got '"
                        + status + "'");
            }
            return new SpecOutcome(spec, file, verdict, invariants == null ? List.of() : invariants, expected, s, states,
                    transitions, depth, seconds, trace, stoppedBy, threads, collisionProbability, message,
                    actionsNeverFired, sources, vacuous, facts, location, recheck, spilled,
                    Boolean.TRUE.equals(partialOrder));
        }
    }

    public static String toJson(String tool, String version, List<SpecOutcome> outcomes, boolean interrupted) {
        return JsonFiles.toJson(new File(tool, version, interrupted, outcomes.stream().map(Result::of).toList()));
    }

    /**
     * Reads a summary written by {@link #write}.
     *
     * @throws IOException when the file cannot be read or is not a summary (the message says where)
     */
    public static File read(Path file) throws IOException {
        try {
            File f = JsonFiles.MAPPER.readerFor(File.class)
                    .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .readValue(file.toFile());
            if (f == null || f.tool() == null || f.results() == null) {
                throw new IOException(file + ": not a trapcheck summary (no tool or results)");
            }
            f.results().forEach(Result::outcome);
            return f;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            String where = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":"
                    + e.getLocation().getColumnNr();
            throw new IOException(file + where + ": not a trapcheck summary: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    /** Writes the summary atomically. */
    public static void write(Path file, String tool, String version, List<SpecOutcome> outcomes, boolean interrupted)
            throws IOException {
        AtomicFiles.writeString(file, toJson(tool, version, outcomes, interrupted));
    }
}
