package trapcheck.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file {@code compare --json} writes, format {@value CompareReport#FORMAT} version
 * {@value CompareReport#FORMAT_VERSION}: records in the file's member order, serialised by Jackson.
 */
public final class CompareJson {

    private CompareJson() {
    }

    /** The review file. */
    public record File(String format, int formatVersion, Simulation simulation, List<String> properties,
                       List<PolicyJson> policies) {

        static File of(CompareReport r) {
            return new File(CompareReport.FORMAT, CompareReport.FORMAT_VERSION,
                    new Simulation(r.seed(), r.runs(), r.depth()), r.properties(),
                    r.policies().stream().map(PolicyJson::of).toList());
        }
    }

    public record Simulation(long seed, long runs, int depth) {
    }

    /** One policy; {@code coverage} is left out without instrumentation. */
    public record PolicyJson(String name, String file, String verdict, String trace, Map<String, CellJson> cells,
                             List<CostJson> costs, @JsonInclude(JsonInclude.Include.NON_NULL) CoverageJson coverage) {

        static PolicyJson of(PolicyReview p) {
            Map<String, CellJson> cells = new LinkedHashMap<>();
            p.cells().forEach((id, c) -> cells.put(id, c.kind() == PolicyReview.Cell.Kind.VIOLATED
                    ? new ViolatedCell(c.word(), c.steps(), c.trace()) : new VerdictCell(c.word())));
            return new PolicyJson(p.name(), p.file(), p.verdict(), p.trace(), cells,
                    p.costs().stream().map(CostJson::of).toList(),
                    p.coverage() == null ? null : CoverageJson.of(p.coverage()));
        }
    }

    /** A cell: its verdict word, and for a violation the counterexample's length and file. */
    public sealed interface CellJson permits VerdictCell, ViolatedCell {
    }

    public record VerdictCell(String verdict) implements CellJson {
    }

    public record ViolatedCell(String verdict, int steps, String trace) implements CellJson {
    }

    /** A workload's costs; a ratio with a zero denominator is null. */
    public record CostJson(String workload, String description, Map<String, Long> counters,
                           Map<String, Double> ratios) {

        static CostJson of(PolicyReview.Cost c) {
            Map<String, Double> ratios = new LinkedHashMap<>();
            c.ratios().forEach((k, v) -> ratios.put(k, Double.isNaN(v) ? null : v));
            return new CostJson(c.workload(), c.description(), c.counters(), ratios);
        }
    }

    public record CoverageJson(int points, boolean complete, String stoppedBy, List<String> dead) {
        static CoverageJson of(PolicyReview.Coverage c) {
            return new CoverageJson(c.points(), c.complete(), c.stoppedBy(), c.dead());
        }
    }
}
