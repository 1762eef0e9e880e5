package trapcheck.cli;

import java.util.Collection;
import java.util.List;
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

    /**
     * The closing remark of a run whose searches used partial-order reduction (its default): their state
     * counts are of the reduced state space; null when none did.
     */
    static String partialOrderRemark(List<SpecOutcome> outcomes) {
        long reduced = outcomes.stream().filter(SpecOutcome::partialOrder).count();
        if (reduced == 0) {
            return null;
        }
        String whose = reduced < outcomes.size() ? "the state counts of " + reduced + " of " + outcomes.size()
                + " specs are" : reduced == 1 ? "the state count of this spec is"
                : "the state counts of these " + reduced + " specs are";
        return "partial-order reduction: " + whose + " of the reduced state space"
                + "; verdicts, counterexamples and never-fired actions are exact (--no-por for full counts)";
    }
}
