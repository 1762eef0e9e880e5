package trapcheck.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import trapcheck.report.JsonFiles;

/**
 * What {@code trapcheck repair} found for one spec, as Markdown, JSON (format {@value #FORMAT} version
 * {@value #FORMAT_VERSION}) and HTML: the original's verdict, how many single edits and pairs were
 * tried and what became of them, the fixes ranked by cost (see {@link Repair}), and the candidates
 * that hold only vacuously. Deterministic: no times, and the cost simulation is seeded.
 *
 * @param original   the original's check (no edits): violated, vacuous, a fix (it holds) or undecided
 * @param properties the properties every fix keeps
 * @param costNames  the cost ratios, in the model's order (the ranking's)
 * @param stoppedBy  why the search stopped early (an interrupt, --max-seconds), or null
 */
public record RepairReport(String name, String file, Candidate original, List<String> properties, Search singles,
                           Search pairs, List<Candidate> fixes, List<Candidate> vacuous, List<String> costNames,
                           String stoppedBy) {
    public static final String FORMAT = "trapcheck-repair";
    public static final int FORMAT_VERSION = 1;

    public RepairReport {
        properties = List.copyOf(properties);
        fixes = List.copyOf(fixes);
        vacuous = List.copyOf(vacuous);
        costNames = List.copyOf(costNames);
    }

    public enum Status {
        /** Every property holds, non-vacuously. */
        FIX,
        /** Every property holds, but some goal is never reached. */
        VACUOUS,
        VIOLATED,
        /** A limit stopped the check. */
        UNDECIDED,
        /** Not checked: the search stopped first. */
        NOT_RUN;

        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One edit of a candidate, in the model's words. */
    public record EditLine(String operator, String where, String diff) {
    }

    /**
     * One candidate: the original with its edits applied (none: the original itself).
     *
     * @param number the rank of a fix (1: the cheapest), else 0
     * @param broken what its shortest counterexample breaks (violated only)
     * @param partialOrder its check reduced by partial order: {@code states} is of the reduced state space
     * @param note   why it is vacuous or undecided, or null
     * @param costs  a fix's costs per workload, else empty
     */
    public record Candidate(int number, List<EditLine> edits, Status status, List<String> broken, int steps, long states,
                            boolean partialOrder, @JsonInclude(JsonInclude.Include.NON_NULL) String note,
                            List<PolicyReview.Cost> costs) {
        public Candidate {
            edits = List.copyOf(edits);
            broken = List.copyOf(broken);
            costs = List.copyOf(costs);
        }

        Candidate numbered(int n) {
            return new Candidate(n, edits, status, broken, steps, states, partialOrder, note, costs);
        }

        /** A cost ratio's mean over the workloads, rounded to two places (NaN, no denominator: counts 0). */
        double cost(String name) {
            double sum = 0;
            for (PolicyReview.Cost c : costs) {
                double v = c.ratios().getOrDefault(name, Double.NaN);
                sum += Double.isNaN(v) ? 0 : v;
            }
            return costs.isEmpty() ? 0 : Math.round(sum / costs.size() * 100) / 100.0;
        }

        /** The sum over the cost ratios of {@link #cost}. */
        double totalCost() {
            double sum = 0;
            for (String n : costs.isEmpty() ? List.<String>of() : costs.get(0).ratios().keySet()) {
                sum += cost(n);
            }
            return Math.round(sum * 100) / 100.0;
        }

        /** "0.12 / 0.50 / 1.00": the ratio under each workload. */
        String costText(String name) {
            List<String> values = new ArrayList<>();
            for (PolicyReview.Cost c : costs) {
                Double v = c.ratios().get(name);
                values.add(v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.2f", v));
            }
            return String.join(" / ", values);
        }

        String verdict() {
            return switch (status) {
                case FIX -> "holds";
                case VACUOUS -> "holds, " + note;
                case VIOLATED -> "violated: " + String.join(", ", broken.stream().map(b -> "`" + b + "`").toList())
                        + " (" + steps + (steps == 1 ? " step)" : " steps)");
                case UNDECIDED -> "undecided (" + note + ")";
                case NOT_RUN -> "not run";
            };
        }
    }

    /**
     * Cheapest first: by the sum of the cost ratios (each the mean over the workloads, as rounded), then
     * fewer edits. A sum, not one ratio after the other: a ratio that two fixes share (the traps of the
     * same lazy switch) differs between them only by the simulation's noise, and must not decide.
     */
    static final Comparator<Candidate> BY_COST = Comparator.comparingDouble(Candidate::totalCost)
            .thenComparingInt(c -> c.edits().size());

    /**
     * How one round of the search went.
     *
     * @param searched  false when the round was not searched ({@code note} says why)
     * @param note      why not searched, or what of it was not started; null otherwise
     */
    public record Search(boolean searched, int tried, int fixes, int vacuous, int violated, int undecided, int notRun,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String note) {
        static final Search NONE = notSearched("nothing to repair");

        static Search notSearched(String why) {
            return new Search(false, 0, 0, 0, 0, 0, 0, why);
        }

        static Search of(List<Candidate> candidates, String note) {
            int[] n = new int[Status.values().length];
            candidates.forEach(c -> n[c.status().ordinal()]++);
            return new Search(true, candidates.size(), n[Status.FIX.ordinal()], n[Status.VACUOUS.ordinal()],
                    n[Status.VIOLATED.ordinal()], n[Status.UNDECIDED.ordinal()], n[Status.NOT_RUN.ordinal()], note);
        }

        String text(String what) {
            if (!searched) {
                return what + ": not searched (" + note + ").";
            }
            return what + ": " + tried + " tried; " + fixes + (fixes == 1 ? " fixes" : " fix") + " it, " + vacuous
                    + " hold only vacuously, " + violated + " still violate, " + undecided + " undecided, " + notRun
                    + " not run" + (note == null ? "" : " (" + note + ")") + ".";
        }
    }

    /** Whether the original needs repair (it violates, or holds only vacuously). */
    public boolean needsRepair() {
        return original.status() == Status.VIOLATED || original.status() == Status.VACUOUS;
    }

    /** Some candidate (or the original) was left undecided or not run. */
    public boolean undecided() {
        return original.status() == Status.UNDECIDED || singles.undecided() + singles.notRun() + pairs.undecided()
                + pairs.notRun() > 0 || pairs.note() != null && pairs.searched();
    }

    public ReviewDocument document(int level) {
        ReviewDocument d = new ReviewDocument();
        d.heading(level, "`" + name + "`" + (file == null ? "" : " (`" + file + "`)"));
        if (!needsRepair()) {
            d.paragraph(original.status() == Status.FIX ? "It holds (" + PartialOrderLabel.statesPhrase(original.states(),
                    original.partialOrder()) + "), non-vacuously: nothing to repair." : "Its check is "
                    + original.verdict() + ": raise --max-states to know whether it needs repair.");
            if (original.status() == Status.FIX && original.partialOrder()) {
                d.paragraph(PartialOrderLabel.NOTE);
            }
            return d;
        }
        d.paragraph("The original: " + original.verdict() + ". A fix keeps every property (" + String.join(", ",
                properties.stream().map(p -> "`" + p + "`").toList()) + ") and holds non-vacuously.");
        d.bullets(List.of(singles.text("Single edits"), pairs.text("Pairs of edits")));
        if (stoppedBy != null) {
            d.paragraph("The search stopped early: " + stoppedBy + ".");
        }
        if (fixes.isEmpty()) {
            d.paragraph("**No fix found.**");
        } else {
            d.paragraph("**Fixes**, cheapest first: by the total cost (the sum of " + String.join(", ", costNames)
                    + ", each the mean over the workloads), then fewer edits. Each cost cell: "
                    + String.join(" / ", workloads()) + ".");
            List<String> header = new ArrayList<>(List.of("#:", "edits", "states:"));
            costNames.forEach(c -> header.add(c + ":"));
            header.add("total cost:");
            List<List<String>> rows = new ArrayList<>();
            for (Candidate f : fixes) {
                List<String> row = new ArrayList<>(List.of(Integer.toString(f.number()),
                        String.join("; then ", f.edits().stream().map(e -> "`" + e.diff() + "` (" + e.operator() + ", `"
                                + e.where() + "`)").toList()), PartialOrderLabel.states(f.states(), f.partialOrder())));
                costNames.forEach(c -> row.add(f.costText(c)));
                row.add(String.format(Locale.ROOT, "%.2f", f.totalCost()));
                rows.add(row);
            }
            d.table(header, rows);
            if (fixes.stream().anyMatch(Candidate::partialOrder)) {
                d.paragraph(PartialOrderLabel.NOTE);
            }
        }
        if (!vacuous.isEmpty()) {
            d.paragraph("Hold only vacuously (not fixes):");
            d.bullets(vacuous.stream().map(c -> String.join("; then ", c.edits().stream().map(e -> "`" + e.diff() + "`")
                    .toList()) + ": " + c.note()).toList());
        }
        return d;
    }

    private List<String> workloads() {
        return fixes.isEmpty() ? List.of() : fixes.get(0).costs().stream().map(PolicyReview.Cost::workload).toList();
    }

    public String markdown() {
        return document(2).markdown();
    }

    public String html() {
        return document(2).html("trapcheck repair " + name);
    }

    /** The file {@code --json} writes. */
    public record File(String format, int formatVersion, String name, String file, CandidateJson original,
                       List<String> properties, Search singles, Search pairs, List<String> costNames,
                       List<CandidateJson> fixes, List<CandidateJson> vacuous,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String stoppedBy) {
    }

    /**
     * A candidate in JSON: costs as {workload: {ratio: value}} (null for a ratio without a denominator);
     * {@code partialOrder} (true) only for one whose check reduced: its states are of the reduced space.
     */
    public record CandidateJson(int number, List<EditLine> edits, String status, List<String> broken, int steps,
                                long states, @JsonInclude(JsonInclude.Include.NON_NULL) Boolean partialOrder,
                                @JsonInclude(JsonInclude.Include.NON_NULL) String note,
                                Map<String, Map<String, Double>> costs,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Double totalCost) {
        static CandidateJson of(Candidate c) {
            Map<String, Map<String, Double>> costs = new LinkedHashMap<>();
            for (PolicyReview.Cost k : c.costs()) {
                Map<String, Double> ratios = new LinkedHashMap<>();
                k.ratios().forEach((n, v) -> ratios.put(n, v.isNaN() ? null : v));
                costs.put(k.workload(), ratios);
            }
            return new CandidateJson(c.number(), c.edits(), c.status().word(), c.broken(), c.steps(), c.states(),
                    c.partialOrder() ? Boolean.TRUE : null, c.note(),
                    costs, c.costs().isEmpty() ? null : c.totalCost());
        }
    }

    public String json() {
        return JsonFiles.toJson(new File(FORMAT, FORMAT_VERSION, name, file, CandidateJson.of(original), properties,
                singles, pairs, costNames, fixes.stream().map(CandidateJson::of).toList(),
                vacuous.stream().map(CandidateJson::of).toList(), stoppedBy));
    }
}
