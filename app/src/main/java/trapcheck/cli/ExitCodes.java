package trapcheck.cli;

import java.util.Collection;
import trapcheck.report.SpecOutcome;

/**
 * The exit codes of trapcheck and how several outcomes combine into one.
 *
 * <p>Precedence, strongest first: {@value #INTERNAL} (internal error) &gt; {@value #INTERRUPTED}
 * (interrupted) &gt; {@value #INVALID} (invalid spec or usage) &gt; {@value #MISMATCH} (a result
 * contradicts its spec's expectation) &gt; {@value #LIMIT} (a limit stopped a spec) &gt; {@value #OK}.
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int MISMATCH = 1;
    public static final int INVALID = 2;
    public static final int LIMIT = 3;
    public static final int INTERNAL = 70;
    public static final int INTERRUPTED = 130;

    /** Lines for {@code --help}. */
    static final String[] HELP = {
        "0:every spec's verdict matched its expectation (replay: the trace replays)",
        "1:some verdict contradicts its spec's `expect` (replay: the trace diverges or breaks nothing)",
        "2:an invalid spec, unreadable trace, unusable checkpoint or usage error",
        "3:a limit (states, depth, time, memory, the JVM heap) stopped a spec and nothing mismatched",
        "70:internal error (a bug: rerun with --debug and report it)",
        "130:interrupted (SIGINT/SIGTERM); the reports so far are written",
        "When several apply the strongest wins: 70 > 130 > 2 > 1 > 3 > 0.",
    };

    private static final int[] ORDER = {INTERNAL, INTERRUPTED, INVALID, MISMATCH, LIMIT, OK};

    private ExitCodes() {
    }

    /** The stronger of two exit codes by the precedence above (unknown codes rank just below 70). */
    public static int stronger(int a, int b) {
        return rank(a) <= rank(b) ? a : b;
    }

    private static int rank(int code) {
        for (int i = 0; i < ORDER.length; i++) {
            if (ORDER[i] == code) {
                return i;
            }
        }
        return 0;
    }

    /** The exit code of a check run. */
    public static int of(Collection<SpecOutcome.Status> statuses, boolean interrupted) {
        int code = interrupted ? INTERRUPTED : OK;
        for (SpecOutcome.Status s : statuses) {
            code = stronger(code, switch (s) {
                case MATCHED -> OK;
                case MISMATCH -> MISMATCH;
                case LIMIT -> LIMIT;
                case ERROR -> INVALID;
            });
        }
        return code;
    }
}
