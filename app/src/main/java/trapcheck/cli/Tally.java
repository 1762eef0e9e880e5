package trapcheck.cli;

import java.util.Collection;
import trapcheck.report.SpecOutcome;

/**
 * The closing line of a {@code check} or {@code report} run, counting the specs by outcome:
 * {@code 23 specs: 21 as expected, 1 mismatched, 1 stopped by a limit, 0 invalid}. Every count is
 * always written, so a script can read it by position.
 */
record Tally(int specs, int matched, int mismatched, int limited, int invalid) {

    static Tally of(Collection<SpecOutcome> outcomes) {
        int matched = 0;
        int mismatched = 0;
        int limited = 0;
        int invalid = 0;
        for (SpecOutcome o : outcomes) {
            switch (o.status()) {
                case MATCHED -> matched++;
                case MISMATCH -> mismatched++;
                case LIMIT -> limited++;
                case ERROR -> invalid++;
            }
        }
        return new Tally(outcomes.size(), matched, mismatched, limited, invalid);
    }

    /** Whether the outcome is one a person must look at (everything but a match). */
    static boolean needsAttention(SpecOutcome o) {
        return o.status() != SpecOutcome.Status.MATCHED;
    }

    String line() {
        return specs + (specs == 1 ? " spec: " : " specs: ") + matched + " as expected, " + mismatched + " mismatched, "
                + limited + " stopped by a limit, " + invalid + " invalid";
    }
}
