package trapcheck.review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import trapcheck.engine.Result;
import trapcheck.report.Counterexample;
import trapcheck.report.TraceText;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.Topologies;

/**
 * {@code trapcheck sweep}: the spec on every machine within the bounds, smallest first. Size is the
 * number of entities a machine has (the model counts them: for KVM, pCPUs + vCPUs + other tasks),
 * ties broken by the bits of its packed state, then by its label. Machines of one size are checked
 * together, across threads; a machine at least as large on every axis as one whose check hit the
 * state budget is skipped (it would hit it too). A machine that holds is checked for vacuity
 * ({@link Vacuity}). The report names the smallest machine that violates, with its counterexample,
 * and the largest proven to hold non-vacuously.
 */
public final class Sweep {
    private final CheckPool pool;
    private final Counterexample.Tool tool;

    public Sweep(CheckPool pool, Counterexample.Tool tool) {
        this.pool = pool;
        this.tool = tool;
    }

    /** The order of a sweep: entities, then state bits, then label. */
    static final Comparator<Topologies.Point> SIZE = Comparator.comparingInt(Topologies.Point::entities)
            .thenComparingInt(Topologies.Point::stateBits).thenComparing(Topologies.Point::label);

    /**
     * @param bounds   the largest value of each bound (a bound left out takes its default)
     * @param firstOnly stop after the first size at which some machine violates
     * @throws IllegalArgumentException for a bound the model does not know or a value below its minimum
     */
    public SweepReport run(CheckTarget target, Map<String, Integer> bounds, boolean firstOnly) {
        Topologies topologies = target.topologies().orElseThrow(
                () -> new IllegalArgumentException(target.name() + ": the model gives no other machines for this spec"));
        Map<String, Integer> used = new LinkedHashMap<>();
        for (Topologies.Bound b : topologies.bounds()) {
            used.put(b.name(), bounds.getOrDefault(b.name(), b.defaultMax()));
        }
        List<Topologies.Point> points = new ArrayList<>(topologies.within(bounds));
        points.sort(SIZE);
        Map<Integer, List<Topologies.Point>> bySize = new TreeMap<>();
        points.forEach(p -> bySize.computeIfAbsent(p.entities(), k -> new ArrayList<>()).add(p));

        List<SweepReport.Row> rows = new ArrayList<>();
        List<Topologies.Point> overBudget = new ArrayList<>();
        String counterexample = null;
        boolean violated = false;
        for (List<Topologies.Point> size : bySize.values()) {
            if (firstOnly && violated || pool.stopped()) {
                size.forEach(p -> rows.add(row(p, SweepReport.Status.NOT_RUN, null, pool.stopped() ? pool.stoppedBy()
                        : "a smaller machine violates")));
                continue;
            }
            List<Topologies.Point> toCheck = new ArrayList<>();
            Map<Topologies.Point, SweepReport.Row> skipped = new LinkedHashMap<>();
            for (Topologies.Point p : size) {
                Topologies.Point smaller = overBudget.stream().filter(o -> dominates(p, o)).findFirst().orElse(null);
                if (smaller != null) {
                    skipped.put(p, row(p, SweepReport.Status.SKIPPED, null, smaller.label() + " hit the state budget"));
                } else {
                    toCheck.add(p);
                }
            }
            List<Checked> results = toCheck.isEmpty() ? List.of()
                    : pool.map("machines of size " + size.get(0).entities(), toCheck, this::check);
            for (Topologies.Point p : size) {
                if (skipped.containsKey(p)) {
                    rows.add(skipped.get(p));
                    continue;
                }
                Checked c = results.get(toCheck.indexOf(p));
                if (c == null) {
                    rows.add(row(p, SweepReport.Status.NOT_RUN, null, pool.stoppedBy()));
                    continue;
                }
                rows.add(c.row);
                if (c.row.status() == SweepReport.Status.INCOMPLETE) {
                    overBudget.add(p);
                }
                if (c.row.status() == SweepReport.Status.VIOLATED && counterexample == null) {
                    counterexample = c.story;
                }
                violated |= c.row.status() == SweepReport.Status.VIOLATED;
            }
        }
        return new SweepReport(target.name(), target.file() == null ? null : target.file().toString(),
                topologies.axes(), used, rows, counterexample, pool.stoppedBy());
    }

    private record Checked(SweepReport.Row row, String story) {
    }

    private Checked check(Topologies.Point p) {
        CheckTarget t = p.target().get();
        Result r = pool.check(t);
        return switch (r.verdict()) {
            case HOLDS -> {
                List<String> unreached = Vacuity.unreached(t, pool);
                yield new Checked(row(p, SweepReport.Status.HOLDS, r, unreached == null ? "vacuity unknown: "
                        + pool.stoppedBy() : unreached.isEmpty() ? null : Vacuity.describe(unreached)), null);
            }
            case INCOMPLETE -> new Checked(row(p, SweepReport.Status.INCOMPLETE, r, "stopped by " + r.stoppedBy()), null);
            case VIOLATED -> {
                SweepReport.Row row = row(p, SweepReport.Status.VIOLATED, r, null);
                row = new SweepReport.Row(row.label(), row.coordinates(), row.entities(), row.stateBits(), row.status(),
                        Counterexample.ids(t.model().properties(), r.violations()), row.steps(), row.states(),
                        row.partialOrder(), null);
                yield new Checked(row, r.trace() == null ? null
                        : TraceText.render(Counterexample.of(tool, t, r.trace(), r.violations())));
            }
        };
    }

    private static SweepReport.Row row(Topologies.Point p, SweepReport.Status status, Result r, String note) {
        List<String> broken = List.of();
        int steps = r == null || r.trace() == null ? 0 : r.trace().length();
        return new SweepReport.Row(p.label(), p.coordinates(), p.entities(), p.stateBits(), status, broken, steps,
                r == null ? 0 : r.stats().distinct(), r != null && PartialOrderLabel.reduced(r.stats()), note);
    }

    /** Whether {@code p} is at least {@code q} on every axis. */
    static boolean dominates(Topologies.Point p, Topologies.Point q) {
        for (int i = 0; i < p.coordinates().size(); i++) {
            if (p.coordinates().get(i) < q.coordinates().get(i)) {
                return false;
            }
        }
        return true;
    }
}
