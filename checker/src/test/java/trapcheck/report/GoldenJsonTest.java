package trapcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The trace and summary files stay byte for byte what they were (key order, number formats, nulls,
 * indentation): the fixtures' files and a real {@code --summary} of the spec library, written by
 * {@code trapcheck check} before the writers moved to records (the fixture trace re-pinned for trace
 * format version 2); and traces of format version 1 (the fixture's and a real one of
 * {@code specs/v5.2-lazy-host-trap.yaml}) still read.
 */
class GoldenJsonTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theFixtureTraceIsByteForByte() {
        assertEquals(Golden.text("fixture.trace.json"), TraceJson.toJson(TraceTextTest.counterexample()));
    }

    /** The trace files of format version 1 (before the culprit) still read, to the same states. */
    @Test
    void version1TracesStillReadToTheirStates() throws Exception {
        for (String name : List.of("fixture.v1.trace.json", "cli-v5.2-lazy-host-trap.v1.trace.json")) {
            String file = Golden.text(name);
            JsonNode doc = JSON.readTree(file);
            assertEquals(1, doc.get("formatVersion").asInt(), name);
            Counterexample cx = TraceJson.parse(file, name);
            assertEquals(doc.get("steps").size(), cx.steps().size(), name);
            for (int i = 0; i < cx.steps().size(); i++) {
                assertEquals(doc.get("steps").get(i).get("state"), JSON.valueToTree(cx.steps().get(i).state()),
                        name + " step " + (i + 1));
            }
            // written again (version 2: changes only) it reads back to the same counterexample
            assertEquals(cx, TraceJson.parse(TraceJson.toJson(cx), name));
        }
        assertEquals(22, TraceJson.parse(Golden.text("cli-v5.2-lazy-host-trap.v1.trace.json"), "v1").steps().size());
    }

    static List<SpecOutcome> fixtureOutcomes() {
        List<SpecOutcome> outcomes = new ArrayList<>(SummaryAndJUnitTest.outcomes());
        outcomes.add(new SpecOutcome("e-never", "specs/e.yaml", "holds", List.of(), new SpecOutcome.Expected("holds",
                null), SpecOutcome.Status.MATCHED, 41, 400, 9, 12.3456789, null, null, 2, 2.0, null,
                List.of("vm0.vcpu0 trap_handler_step", "vm1.vcpu0 trap_handler_step")));
        return outcomes;
    }

    @Test
    void theFixtureSummaryIsByteForByte() {
        assertEquals(Golden.text("fixture.summary.json"), SummaryJson.toJson("trapcheck", "0.1.0", fixtureOutcomes(), true));
    }

    @Test
    void theLibrarySummaryIsByteForByte() throws Exception {
        String file = Golden.text("library.summary.json");
        JsonNode root = JSON.readTree(file);
        List<SpecOutcome> outcomes = new ArrayList<>();
        for (JsonNode r : root.get("results")) {
            JsonNode e = r.get("expected");
            outcomes.add(new SpecOutcome(r.get("spec").asText(), r.get("file").asText(), r.get("verdict").asText(),
                    strings(r.get("invariants")), e.isNull() ? null
                    : new SpecOutcome.Expected(e.get("verdict").asText(), text(e.get("invariant"))),
                    SpecOutcome.Status.valueOf(r.get("status").asText().toUpperCase(Locale.ROOT)),
                    r.get("states").asLong(), r.get("transitions").asLong(), r.get("depth").asInt(),
                    r.get("seconds").asDouble(), text(r.get("trace")), text(r.get("stoppedBy")),
                    r.get("threads").asInt(), r.get("collisionProbability").asDouble(), text(r.get("message")),
                    strings(r.get("actionsNeverFired"))));
        }
        assertEquals(23, outcomes.size());
        assertEquals(file, SummaryJson.toJson(root.get("tool").asText(), root.get("version").asText(), outcomes,
                root.get("interrupted").asBoolean()));
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
