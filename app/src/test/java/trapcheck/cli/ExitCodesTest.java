package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static trapcheck.report.SpecOutcome.Status.ERROR;
import static trapcheck.report.SpecOutcome.Status.LIMIT;
import static trapcheck.report.SpecOutcome.Status.MATCHED;
import static trapcheck.report.SpecOutcome.Status.MISMATCH;

import java.util.List;
import org.junit.jupiter.api.Test;
import trapcheck.engine.Verdict;
import trapcheck.report.SpecOutcome.Status;
import trapcheck.spi.CheckTarget.Expectation;

class ExitCodesTest {

    @Test
    void precedenceIsInvalidThenMismatchThenLimitThenOk() {
        assertEquals(0, ExitCodes.of(List.of(), false));
        assertEquals(0, ExitCodes.of(List.of(MATCHED, MATCHED), false));
        assertEquals(3, ExitCodes.of(List.of(MATCHED, LIMIT), false));
        assertEquals(1, ExitCodes.of(List.of(LIMIT, MISMATCH, MATCHED), false));
        assertEquals(1, ExitCodes.of(List.of(MISMATCH, LIMIT), false));
        assertEquals(2, ExitCodes.of(List.of(MISMATCH, ERROR, LIMIT), false));
        assertEquals(2, ExitCodes.of(List.of(ERROR), false));
        assertEquals(130, ExitCodes.of(List.of(ERROR, MISMATCH), true));
        assertEquals(130, ExitCodes.of(List.of(), true));
    }

    @Test
    void strongerIsOrderIndependent() {
        int[] order = {70, 130, 2, 1, 3, 0};
        for (int i = 0; i < order.length; i++) {
            for (int j = i; j < order.length; j++) {
                assertEquals(order[i], ExitCodes.stronger(order[i], order[j]));
                assertEquals(order[i], ExitCodes.stronger(order[j], order[i]));
            }
        }
    }

    @Test
    void matchingRule() {
        Expectation holds = new Expectation(Verdict.HOLDS, null);
        Expectation violatedX = new Expectation(Verdict.VIOLATED, "x");
        assertEquals(Status.MATCHED, Matching.status(holds, Verdict.HOLDS, List.of()));
        assertEquals(Status.MISMATCH, Matching.status(holds, Verdict.VIOLATED, List.of("x")));
        assertEquals(Status.MATCHED, Matching.status(violatedX, Verdict.VIOLATED, List.of("y", "x")));
        assertEquals(Status.MISMATCH, Matching.status(violatedX, Verdict.VIOLATED, List.of("y")));
        assertEquals(Status.MISMATCH, Matching.status(violatedX, Verdict.HOLDS, List.of()));
        assertEquals(Status.LIMIT, Matching.status(violatedX, Verdict.INCOMPLETE, List.of()));
        assertEquals(Status.LIMIT, Matching.status(holds, Verdict.INCOMPLETE, List.of()));
        assertEquals("expected violated/x but it breaks [y]",
                Matching.message(violatedX, Verdict.VIOLATED, List.of("y"), null));
        assertEquals("expected violated/x but it holds", Matching.message(violatedX, Verdict.HOLDS, List.of(), null));
        assertEquals("expected holds but it breaks [x]", Matching.message(holds, Verdict.VIOLATED, List.of("x"), null));
        assertEquals(null, Matching.message(holds, Verdict.HOLDS, List.of(), null));
    }
}
