package trapcheck.kvm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import trapcheck.report.Golden;
import trapcheck.report.TraceJson;

/**
 * The trace file of the real 5.2 race stays byte for byte what it was: the shortest counterexample,
 * every state rendered in the model's fields, written as {@code trapcheck check} writes it. A change
 * to the spec file changes its sha256 here; a change to the model's words changes the labels.
 */
class TraceJsonGoldenTest {

    @Test
    void theRaceOf52IsByteForByte() throws Exception {
        var race = RealCounterexamples.check("v5.2-lazy-host-trap.yaml");
        assertEquals(Golden.text("v5.2-lazy-host-trap.trace.json"), TraceJson.toJson(race.counterexample()));
    }
}
