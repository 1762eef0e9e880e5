package trapcheck.engine;

/**
 * The outcome of one exploration.
 *
 * @param verdict    holds, violated or incomplete
 * @param violations mask of the properties broken at the end of the counterexample (0 unless violated)
 * @param trace      the counterexample (null unless violated)
 * @param stats      what was explored
 * @param stoppedBy  why an incomplete run stopped: "max-states", "max-depth", "max-seconds", "memory",
 *                   or the stop request's reason; null otherwise
 */
public record Result(Verdict verdict, long violations, Trace trace, Statistics stats, String stoppedBy) {
}
