package trapcheck.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import trapcheck.report.JsonFiles;

/**
 * What {@code trapcheck sweep} found for one spec, as Markdown, JSON (format {@value #FORMAT} version
 * {@value #FORMAT_VERSION}) and HTML: a row per machine, smallest first, the smallest that violates
 * with its counterexample, the largest proven to hold. Deterministic: no times.
 *
 * @param axes           what a machine's coordinates count
 * @param bounds         the bounds the sweep used, by name
 * @param rows           every machine within the bounds, in sweep order
 * @param counterexample the story of the smallest violating machine's counterexample, or null
 * @param stoppedBy      why the sweep stopped early (an interrupt, --max-seconds), or null
 */
public record SweepReport(String name, String file, List<String> axes, Map<String, Integer> bounds, List<Row> rows,
                          String counterexample, String stoppedBy) {
    public static final String FORMAT = "trapcheck-sweep";
    public static final int FORMAT_VERSION = 1;

    public SweepReport {
        axes = List.copyOf(axes);
        bounds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(bounds));
        rows = List.copyOf(rows);
    }

    public enum Status {
        HOLDS, VIOLATED, INCOMPLETE, SKIPPED, NOT_RUN;

        String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One machine.
     *
     * @param broken the properties its shortest counterexample breaks (violated only)
     * @param steps  that counterexample's length
     * @param states distinct states explored
     * @param partialOrder its check reduced by partial order: {@code states} is of the reduced state space
     * @param note   why it is incomplete, skipped or not run; for a hold, null or why it is vacuous
     */
    public record Row(String label, List<Integer> coordinates, int entities, int stateBits, Status status,
                      List<String> broken, int steps, long states, boolean partialOrder,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String note) {
        public Row {
            coordinates = List.copyOf(coordinates);
            broken = List.copyOf(broken);
        }

        String verdict() {
            return switch (status) {
                case HOLDS -> note == null ? "holds" : "holds (" + note + ")";
                case VIOLATED -> "violated: " + String.join(", ", broken.stream().map(b -> "`" + b + "`").toList())
                        + " (" + steps + (steps == 1 ? " step)" : " steps)");
                case INCOMPLETE -> "incomplete (" + note + ")";
                case SKIPPED -> "skipped: " + note;
                case NOT_RUN -> "not run" + (note == null ? "" : " (" + note + ")");
            };
        }
    }

    /** The first machine in sweep order that violates, or null. */
    public Row smallestViolating() {
        return rows.stream().filter(r -> r.status() == Status.VIOLATED).findFirst().orElse(null);
    }

    /** The last machine in sweep order that holds non-vacuously, or null. */
    public Row largestHolding() {
        Row last = null;
        for (Row r : rows) {
            if (r.status() == Status.HOLDS && r.note() == null) {
                last = r;
            }
        }
        return last;
    }

    /** Some machine is incomplete, skipped or not run. */
    public boolean undecided() {
        return rows.stream().anyMatch(r -> r.status() != Status.HOLDS && r.status() != Status.VIOLATED);
    }

    public ReviewDocument document(int level) {
        ReviewDocument d = new ReviewDocument();
        d.heading(level, "`" + name + "`" + (file == null ? "" : " (`" + file + "`)"));
        List<String> b = new ArrayList<>();
        bounds.forEach((k, v) -> b.add("`" + k + "` " + v));
        d.paragraph("Bounds: " + String.join(", ", b) + ". Machines smallest first: by entities (what the model counts in a"
                + " machine), then by the bits of its packed state.");
        Row smallest = smallestViolating();
        Row largest = largestHolding();
        d.paragraph("**Smallest that violates**: " + (smallest == null ? "none" : smallest.label() + ", "
                + smallest.verdict()) + ". **Largest proven to hold** (non-vacuously): " + (largest == null ? "none" : largest.label()
                + " (" + PartialOrderLabel.statesPhrase(largest.states(), largest.partialOrder()) + ")") + "."
                + (stoppedBy == null ? "" : " The sweep stopped early: " + stoppedBy + "."));
        List<String> header = new ArrayList<>(List.of("#:", "machine"));
        axes.forEach(a -> header.add(a + ":"));
        header.addAll(List.of("entities:", "state bits:", "verdict", "states:"));
        List<List<String>> table = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            List<String> cells = new ArrayList<>(List.of(Integer.toString(i + 1), r.label()));
            r.coordinates().forEach(c -> cells.add(Integer.toString(c)));
            cells.addAll(List.of(Integer.toString(r.entities()), Integer.toString(r.stateBits()), r.verdict(),
                    r.states() == 0 ? "-" : PartialOrderLabel.states(r.states(), r.partialOrder())));
            table.add(cells);
        }
        d.table(header, table);
        if (rows.stream().anyMatch(r -> r.states() > 0 && r.partialOrder())) {
            d.paragraph(PartialOrderLabel.NOTE);
        }
        if (counterexample != null) {
            d.paragraph("The counterexample on " + smallest.label() + ":");
            d.pre(counterexample);
        }
        return d;
    }

    public String markdown() {
        return document(2).markdown();
    }

    public String html() {
        return document(2).html("trapcheck sweep " + name);
    }

    /** The file {@code --json} writes. */
    public record File(String format, int formatVersion, String name, String file, List<String> axes,
                       Map<String, Integer> bounds, Integer smallestViolating, Integer largestHolding,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String stoppedBy, List<RowJson> machines,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String counterexample) {
    }

    /** {@code partialOrder} (true) only for a machine whose check reduced: its states are of the reduced space. */
    public record RowJson(String machine, List<Integer> coordinates, int entities, int stateBits, String verdict,
                          List<String> broken, int steps, long states,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Boolean partialOrder,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String note) {
    }

    public String json() {
        List<RowJson> machines = rows.stream().map(r -> new RowJson(r.label(), r.coordinates(), r.entities(),
                r.stateBits(), r.status().word(), r.broken(), r.steps(), r.states(), r.partialOrder() ? Boolean.TRUE : null,
                r.note())).toList();
        Integer smallest = smallestViolating() == null ? null : rows.indexOf(smallestViolating()) + 1;
        Integer largest = largestHolding() == null ? null : rows.indexOf(largestHolding()) + 1;
        return JsonFiles.toJson(new File(FORMAT, FORMAT_VERSION, name, file, axes, bounds, smallest, largest, stoppedBy,
                machines, counterexample));
    }
}
