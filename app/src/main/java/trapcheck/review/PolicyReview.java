package trapcheck.review;

import java.util.List;
import java.util.Map;

/**
 * What a design review found for one policy (spec): a verdict per property, costs under each
 * workload, and the policy code no exploration reached.
 *
 * @param name       the spec's name
 * @param file       the spec file as given
 * @param verdict    the verdict of the full check ("holds", "violated", "incomplete")
 * @param trace      the full check's counterexample file, or null
 * @param properties the properties the spec checks, in the model's order
 * @param cells      a verdict per property id (every id of {@code properties})
 * @param costs      one entry per workload of the model's instrumentation (empty without one)
 * @param coverage   the reachable policy code, or null without instrumentation
 */
public record PolicyReview(String name, String file, String verdict, String trace, List<String> properties,
                           Map<String, Cell> cells, List<Cost> costs, Coverage coverage) {

    public PolicyReview {
        properties = List.copyOf(properties);
        cells = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(cells));
        costs = List.copyOf(costs);
    }

    /** The verdict of one property of one policy. */
    public record Cell(Kind kind, int steps, String trace) {

        public enum Kind {
            /** Every reachable state explored, the property never broken. */
            HOLDS,
            /** Broken; {@code steps} is the length of a shortest counterexample. */
            VIOLATED,
            /** Not broken by the counterexample of another property, and not checked alone. */
            HOLDS_SO_FAR,
            /** A limit stopped the exploration first. */
            INCOMPLETE,
            /** The policy does not check this property. */
            NOT_CHECKED
        }

        public static final Cell NOT_CHECKED = new Cell(Kind.NOT_CHECKED, 0, null);

        /** "holds", "violated (22 steps)", "holds so far", "incomplete" or "-". */
        public String text() {
            return switch (kind) {
                case HOLDS -> "holds";
                case VIOLATED -> "violated (" + steps + (steps == 1 ? " step)" : " steps)");
                case HOLDS_SO_FAR -> "holds so far";
                case INCOMPLETE -> "incomplete";
                case NOT_CHECKED -> "-";
            };
        }

        /** The JSON word of the kind. */
        public String word() {
            return switch (kind) {
                case HOLDS -> "holds";
                case VIOLATED -> "violated";
                case HOLDS_SO_FAR -> "holds-so-far";
                case INCOMPLETE -> "incomplete";
                case NOT_CHECKED -> "not-checked";
            };
        }
    }

    /**
     * The counters a seeded random simulation under one workload added up.
     *
     * @param workload    the workload's name
     * @param description what it means
     * @param counters    total per counter name, in the instrumentation's order
     * @param ratios      per cost ratio name, the ratio (NaN when the denominator is 0)
     */
    public record Cost(String workload, String description, Map<String, Long> counters, Map<String, Double> ratios) {
        public Cost {
            counters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counters));
            ratios = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(ratios));
        }
    }

    /**
     * @param points   every coverage point, in the instrumentation's order
     * @param dead     the points no explored transition reached, in that order
     * @param complete whether the exploration was exhaustive (if not, a dead point may be reachable)
     * @param stoppedBy why an incomplete exploration stopped, or null
     */
    public record Coverage(int points, List<String> dead, boolean complete, String stoppedBy) {
        public Coverage {
            dead = List.copyOf(dead);
        }
    }
}
