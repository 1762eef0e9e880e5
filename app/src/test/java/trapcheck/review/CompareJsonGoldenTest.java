package trapcheck.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trapcheck.report.Golden;

/**
 * The review file of {@code trapcheck compare} stays byte for byte what it was: a real review of
 * 5.2, 5.7 and 6.10 ({@code --runs 20 --depth 40 --seed 1 --threads 1}), and a fixture with the
 * rarer values (a ratio with a zero denominator, cells that hold so far or are incomplete, a policy
 * without instrumentation, an exploration that stopped).
 */
class CompareJsonGoldenTest {

    static final Map<String, PolicyReview.Cell.Kind> KINDS = Map.of("holds", PolicyReview.Cell.Kind.HOLDS,
            "violated", PolicyReview.Cell.Kind.VIOLATED, "holds-so-far", PolicyReview.Cell.Kind.HOLDS_SO_FAR,
            "incomplete", PolicyReview.Cell.Kind.INCOMPLETE, "not-checked", PolicyReview.Cell.Kind.NOT_CHECKED);

    @Test
    void aRealReviewIsByteForByte() throws Exception {
        String file = Golden.text("compare.json");
        JsonNode root = new ObjectMapper().readTree(file);
        List<PolicyReview> policies = new ArrayList<>();
        for (JsonNode p : root.get("policies")) {
            Map<String, PolicyReview.Cell> cells = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : p.get("cells").properties()) {
                JsonNode c = e.getValue();
                cells.put(e.getKey(), new PolicyReview.Cell(KINDS.get(c.get("verdict").asText()),
                        c.has("steps") ? c.get("steps").asInt() : 0, c.has("trace") ? c.get("trace").asText() : null));
            }
            List<PolicyReview.Cost> costs = new ArrayList<>();
            for (JsonNode c : p.get("costs")) {
                Map<String, Long> counters = new LinkedHashMap<>();
                c.get("counters").properties().forEach(e -> counters.put(e.getKey(), e.getValue().asLong()));
                Map<String, Double> ratios = new LinkedHashMap<>();
                c.get("ratios").properties().forEach(e -> ratios.put(e.getKey(),
                        e.getValue().isNull() ? Double.NaN : e.getValue().asDouble()));
                costs.add(new PolicyReview.Cost(c.get("workload").asText(), c.get("description").asText(), counters,
                        ratios));
            }
            JsonNode cov = p.get("coverage");
            List<String> dead = new ArrayList<>();
            cov.get("dead").forEach(n -> dead.add(n.asText()));
            policies.add(new PolicyReview(p.get("name").asText(), p.get("file").asText(), p.get("verdict").asText(),
                    p.get("trace").isNull() ? null : p.get("trace").asText(), List.copyOf(cells.keySet()), cells, costs,
                    new PolicyReview.Coverage(cov.get("points").asInt(), dead, cov.get("complete").asBoolean(),
                            cov.get("stoppedBy").isNull() ? null : cov.get("stoppedBy").asText())));
        }
        JsonNode sim = root.get("simulation");
        CompareReport report = new CompareReport(policies, sim.get("seed").asLong(), sim.get("runs").asLong(),
                sim.get("depth").asInt());
        assertEquals(3, policies.size());
        assertEquals(file, report.json());
    }

    static CompareReport fixture() {
        Map<String, PolicyReview.Cell> cells = new LinkedHashMap<>();
        cells.put("a", new PolicyReview.Cell(PolicyReview.Cell.Kind.VIOLATED, 1, "out/p.trace.json"));
        cells.put("b", new PolicyReview.Cell(PolicyReview.Cell.Kind.HOLDS_SO_FAR, 0, null));
        cells.put("c", new PolicyReview.Cell(PolicyReview.Cell.Kind.INCOMPLETE, 0, null));
        Map<String, Double> ratios = new LinkedHashMap<>();
        ratios.put("x per y", Double.NaN);
        ratios.put("z per y", 1.0 / 3);
        var cost = new PolicyReview.Cost("w", "a \"quoted\" workload", Map.of("y", 0L), ratios);
        var p = new PolicyReview("p", "specs/p.yaml", "violated", "out/p.trace.json", List.of("a", "b", "c"), cells,
                List.of(cost), new PolicyReview.Coverage(7, List.of("point 1", "point 2"), false, "max-states"));
        Map<String, PolicyReview.Cell> qCells = new LinkedHashMap<>();
        qCells.put("c", new PolicyReview.Cell(PolicyReview.Cell.Kind.INCOMPLETE, 0, null));
        qCells.put("d", new PolicyReview.Cell(PolicyReview.Cell.Kind.HOLDS, 0, null));
        var q = new PolicyReview("q", "specs/q.yaml", "incomplete", null, List.of("c", "d"), qCells, List.of(), null);
        return new CompareReport(List.of(p, q), -5, 0, 0);
    }

    @Test
    void theHtmlPageIsByteForByte() {
        assertEquals(Golden.text("compare-fixture.html"), fixture().html(java.nio.file.Path.of("review.html")));
    }

    @Test
    void theRareValuesAreByteForByte() {
        assertEquals(Golden.text("compare-fixture.json"), fixture().json());
    }
}
