package trapcheck.review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import trapcheck.engine.Property;
import trapcheck.engine.Result;
import trapcheck.engine.Verdict;
import trapcheck.report.Counterexample;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.Edit;
import trapcheck.spi.Instrumentation;

/**
 * {@code trapcheck repair}: which edits of a violated policy make it hold? Every edit the model offers
 * ({@link CheckTarget#repairMoves()}: its mutation operators and the moves a fix makes) is applied
 * alone, then, when asked or when no single edit is a fix, in pairs. A candidate is a fix when it
 * keeps every property the spec checks (one full check holds) and holds non-vacuously (every goal of
 * the instrumentation is reached: see {@link Vacuity}). Fixes are ranked by their costs
 * ({@link Reviewer#costs}): the model's cost ratios in its order, each the mean over the workloads,
 * compared one after the other (rounded as shown); then single edits before pairs; then search order.
 *
 * <p>Pairs: the second edit is any edit of the first edit's result; a pair is tried only when its first
 * edit is not a fix by itself (a fix plus an edit is not a smaller fix) and was decided, its second
 * edit does not read like a single fix (the same diff line: the same edit, unless the first shifted
 * what it names), and a policy
 * already tried (the original, a single edit's, another pair's) is not tried again. The most promising
 * first edits go first, so that a time limit cuts the least promising: those that mend every property
 * the original broke but break another (handling a trap at EL2 without writing the pCPU's HCR), then
 * the other violations, the longest counterexample first, then the vacuous holds.
 */
public final class Repair {

    /** When to search pairs. */
    public enum Pairs {
        /** When no single edit is a fix. */
        AUTO,
        ALWAYS,
        NEVER
    }

    private final CheckPool pool;
    private final Reviewer costs;

    /** @param costs computes the costs of each fix (its settings: the seeded simulation's) */
    public Repair(CheckPool pool, Reviewer costs) {
        this.pool = pool;
        this.costs = costs;
    }

    /** What was found, with the repaired targets of the fixes in the report's order. */
    public record Outcome(RepairReport report, List<CheckTarget> fixed) {
        public Outcome {
            fixed = List.copyOf(fixed);
        }
    }

    /** A candidate checked, with the target it was checked on (to write it). */
    private record Tried(RepairReport.Candidate candidate, CheckTarget target) {
    }

    /**
     * @param moves the operators to try (names of {@link Edit#operator()}); empty: every one
     * @throws IllegalArgumentException when a name of {@code moves} is no operator of the target's edits
     */
    public Outcome run(CheckTarget original, Pairs pairs, Set<String> moves) {
        List<Edit> singles = filtered(original.repairMoves(), moves);
        String file = original.file() == null ? null : original.file().toString();
        Tried start = judge(List.of(), original);
        RepairReport.Candidate o = start.candidate();
        if (o.status() == RepairReport.Status.FIX || o.status() == RepairReport.Status.UNDECIDED) {
            // Nothing to repair (it holds, non-vacuously), or unknown whether there is.
            return new Outcome(new RepairReport(original.name(), file, o, List.of(), RepairReport.Search.NONE,
                    RepairReport.Search.NONE, List.of(), List.of(), costNames(original), pool.stoppedBy()), List.of());
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        seen.add(text(original));
        List<Tried> single = pool.map("single edits of " + original.name(), singles, e -> {
            CheckTarget t = e.target();
            seen.add(text(t));
            return judge(List.of(line(e)), t);
        });
        List<Tried> all = new ArrayList<>();
        for (int i = 0; i < singles.size(); i++) {
            all.add(single.get(i) != null ? single.get(i) : notRun(List.of(line(singles.get(i)))));
        }
        RepairReport.Search singleSearch = RepairReport.Search.of(all.stream().map(Tried::candidate).toList(), null);
        boolean anyFix = singleSearch.fixes() > 0;
        RepairReport.Search pairSearch;
        if (pairs == Pairs.NEVER || pairs == Pairs.AUTO && anyFix) {
            pairSearch = RepairReport.Search.notSearched(pairs == Pairs.NEVER ? "--pairs never"
                    : "a single edit fixes it; --pairs always searches them too");
        } else if (pool.stopped()) {
            pairSearch = RepairReport.Search.notSearched("stopped by " + pool.stoppedBy());
        } else {
            List<Integer> firsts = firstEdits(all, o.broken());
            Set<String> singleFixes = new java.util.HashSet<>();
            all.stream().filter(t -> t.candidate().status() == RepairReport.Status.FIX)
                    .forEach(t -> singleFixes.add(t.candidate().edits().get(0).diff()));
            List<List<Tried>> byFirst = pool.map("first edits of pairs of " + original.name(), firsts,
                    i -> pairsFrom(singles.get(i), all.get(i).candidate().edits().get(0), moves, singleFixes, seen));
            List<Tried> paired = new ArrayList<>();
            int notStarted = 0;
            for (List<Tried> l : byFirst) {
                if (l == null) {
                    notStarted++;
                } else {
                    paired.addAll(l);
                }
            }
            pairSearch = RepairReport.Search.of(paired.stream().map(Tried::candidate).toList(),
                    notStarted == 0 ? null : notStarted + " of " + firsts.size() + " first edits not started ("
                            + pool.stoppedBy() + ")");
            all.addAll(paired);
        }
        List<Tried> fixes = new ArrayList<>(all.stream().filter(t -> t.candidate().status() == RepairReport.Status.FIX)
                .toList());
        fixes.sort(Comparator.comparing((Tried t) -> t.candidate(), RepairReport.BY_COST));
        List<RepairReport.Candidate> vacuous = all.stream().map(Tried::candidate)
                .filter(c -> c.status() == RepairReport.Status.VACUOUS).toList();
        List<RepairReport.Candidate> ranked = new ArrayList<>();
        for (int i = 0; i < fixes.size(); i++) {
            ranked.add(fixes.get(i).candidate().numbered(i + 1));
        }
        return new Outcome(new RepairReport(original.name(), file, o, original.model().properties().stream()
                .map(Property::id).toList(), singleSearch, pairSearch, ranked, vacuous, costNames(original),
                pool.stoppedBy()), fixes.stream().map(Tried::target).toList());
    }

    private static List<Edit> filtered(List<Edit> edits, Set<String> moves) {
        if (moves.isEmpty()) {
            return edits;
        }
        Set<String> known = new java.util.TreeSet<>();
        edits.forEach(e -> known.add(e.operator()));
        for (String m : moves) {
            if (!known.contains(m)) {
                throw new IllegalArgumentException("no edit of the spec is a '" + m + "' (its operators: "
                        + String.join(", ", known) + ")");
            }
        }
        return edits.stream().filter(e -> moves.contains(e.operator())).toList();
    }

    /** Indexes of the single edits a pair may start with, the most promising first (see the class comment). */
    private static List<Integer> firstEdits(List<Tried> singles, List<String> originallyBroken) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < singles.size(); i++) {
            RepairReport.Status s = singles.get(i).candidate().status();
            if (s == RepairReport.Status.VIOLATED || s == RepairReport.Status.VACUOUS) {
                out.add(i);
            }
        }
        // First those that mended what the original broke and broke something else (a second edit may
        // mend that), then the other violations, longest counterexample first; vacuous holds last:
        // whatever they did stopped something from running.
        out.sort(Comparator.comparingInt((Integer i) -> {
            RepairReport.Candidate c = singles.get(i).candidate();
            return c.status() == RepairReport.Status.VACUOUS ? 2
                    : c.broken().stream().noneMatch(originallyBroken::contains) ? 0 : 1;
        }).thenComparing(i -> -singles.get(i).candidate().steps()));
        return out;
    }

    /** Every second edit after {@code first}, those not tried before; stops with the pool. */
    private List<Tried> pairsFrom(Edit first, RepairReport.EditLine firstLine, Set<String> moves,
                                  Set<String> singleFixes, Set<String> seen) {
        List<Tried> out = new ArrayList<>();
        for (Edit second : first.target().repairMoves()) {
            if (!moves.isEmpty() && !moves.contains(second.operator()) || singleFixes.contains(second.diff())) {
                continue;
            }
            List<RepairReport.EditLine> edits = List.of(firstLine, line(second));
            if (pool.stopped()) {
                out.add(notRun(edits));
                continue;
            }
            CheckTarget t = second.target();
            if (seen.add(text(t))) {
                out.add(judge(edits, t));
            }
        }
        return out;
    }

    /** Checks a candidate: every property, then vacuity, then (a fix) its costs. */
    private Tried judge(List<RepairReport.EditLine> edits, CheckTarget t) {
        Result r = pool.check(t);
        long states = r.stats().distinct();
        boolean reduced = PartialOrderLabel.reduced(r.stats());
        RepairReport.Candidate c = switch (r.verdict()) {
            case VIOLATED -> new RepairReport.Candidate(0, edits, RepairReport.Status.VIOLATED,
                    Counterexample.ids(t.model().properties(), r.violations()), r.trace() == null ? 0 : r.trace().length(),
                    states, reduced, null, List.of());
            case INCOMPLETE -> new RepairReport.Candidate(0, edits, RepairReport.Status.UNDECIDED, List.of(), 0, states,
                    reduced, "check stopped: " + r.stoppedBy(), List.of());
            case HOLDS -> {
                List<String> unreached = Vacuity.unreached(t, pool);
                if (unreached == null) {
                    yield new RepairReport.Candidate(0, edits, RepairReport.Status.UNDECIDED, List.of(), 0, states, reduced,
                            "holds; the vacuity check stopped: " + pool.stoppedBy(), List.of());
                }
                if (!unreached.isEmpty()) {
                    yield new RepairReport.Candidate(0, edits, RepairReport.Status.VACUOUS, List.of(), 0, states, reduced,
                            Vacuity.describe(unreached), List.of());
                }
                yield new RepairReport.Candidate(0, edits, RepairReport.Status.FIX, List.of(), 0, states, reduced, null,
                        edits.isEmpty() ? List.of() : costs.costs(t));
            }
        };
        return new Tried(c, t);
    }

    private static Tried notRun(List<RepairReport.EditLine> edits) {
        return new Tried(new RepairReport.Candidate(0, edits, RepairReport.Status.NOT_RUN, List.of(), 0, 0, false, null,
                List.of()), null);
    }

    private static RepairReport.EditLine line(Edit e) {
        return new RepairReport.EditLine(e.operator(), e.where(), e.diff());
    }

    /** The target's definition as text, to tell policies apart (the name and expectation fixed). */
    private static String text(CheckTarget t) {
        return t.specText("x", "x", new CheckTarget.Expectation(Verdict.HOLDS, null), List.of())
                .orElseGet(() -> String.valueOf(System.identityHashCode(t)));
    }

    private static List<String> costNames(CheckTarget t) {
        Instrumentation inst = t.instrumentation();
        return inst.costRatios().stream().map(Instrumentation.CostRatio::name).toList();
    }
}
