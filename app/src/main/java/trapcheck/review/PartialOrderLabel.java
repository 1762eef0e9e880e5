package trapcheck.review;

import java.util.Locale;
import trapcheck.engine.Statistics;

/**
 * How {@code sweep} and {@code repair} mark a state count of a check that reduced by partial order
 * (the count is of the reduced state space, smaller than a full search's): "(POR)" after the number,
 * and one note under the table that says what it means.
 */
public final class PartialOrderLabel {
    static final String MARK = "(POR)";

    /** The note under a table with a marked count. */
    static final String NOTE = MARK + ": the check reduced by partial order; its states are those of the reduced "
            + "state space, no more than a full search's. Verdicts, broken properties and steps are a full search's "
            + "(`--no-por` for full counts).";

    private PartialOrderLabel() {
    }

    /**
     * Whether a check's counts are of a reduced state space: it searched with partial-order reduction
     * and took an ample set somewhere (one that expanded every state in full, on one pCPU say, has
     * exactly a full search's counts).
     */
    public static boolean reduced(Statistics s) {
        return s != null && s.partialOrder() && s.reducedStates() > 0;
    }

    /** "23,224 (POR)", "38,723". */
    static String states(long states, boolean partialOrder) {
        return String.format(Locale.ROOT, "%,d", states) + (partialOrder ? " " + MARK : "");
    }

    /** "23,224 states (POR)", "38,723 states", for a sentence. */
    static String statesPhrase(long states, boolean partialOrder) {
        return String.format(Locale.ROOT, "%,d states", states) + (partialOrder ? " " + MARK : "");
    }
}
