package trapcheck.cli;

import java.util.List;
import trapcheck.engine.Verdict;
import trapcheck.report.SpecOutcome.Status;
import trapcheck.spi.CheckTarget.Expectation;

/**
 * How a verdict compares with a spec's expectation. HOLDS matches an expected HOLDS; VIOLATED matches
 * an expected VIOLATED whose invariant is among the broken ones; INCOMPLETE never matches and is a
 * limit, not a mismatch.
 */
final class Matching {

    private Matching() {
    }

    static Status status(Expectation expected, Verdict verdict, List<String> broken) {
        return switch (verdict) {
            case INCOMPLETE -> Status.LIMIT;
            case HOLDS -> expected.verdict() == Verdict.HOLDS ? Status.MATCHED : Status.MISMATCH;
            case VIOLATED -> expected.verdict() == Verdict.VIOLATED && broken.contains(expected.invariant())
                    ? Status.MATCHED : Status.MISMATCH;
        };
    }

    /** One line on why the result does not match, or null when it does. */
    static String message(Expectation expected, Verdict verdict, List<String> broken, String stoppedBy) {
        String exp = expected.verdict().word()
                + (expected.verdict() == Verdict.VIOLATED ? "/" + expected.invariant() : "");
        return switch (status(expected, verdict, broken)) {
            case MATCHED -> null;
            case LIMIT -> (Interruption.REASON.equals(stoppedBy) ? "interrupted" : "stopped by " + stoppedBy)
                    + " before a verdict (expected " + exp + ")";
            case ERROR -> null;
            case MISMATCH -> verdict == Verdict.HOLDS
                    ? "expected " + exp + " but it holds"
                    : "expected " + exp + " but it breaks [" + String.join(", ", broken) + "]";
        };
    }
}
