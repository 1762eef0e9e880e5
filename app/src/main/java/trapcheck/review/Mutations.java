package trapcheck.review;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import trapcheck.engine.Property;
import trapcheck.engine.Result;
import trapcheck.engine.Trace;
import trapcheck.engine.Verdict;
import trapcheck.report.Counterexample;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.Edit;
import trapcheck.spi.Instrumentation;

/**
 * {@code trapcheck mutate}: are a policy's properties strong enough to notice a mistake? Every
 * single-edit mutant of the policy ({@link CheckTarget#mutants()}) is checked against the properties
 * the original keeps. A mutant that breaks one is killed. A survivor is dead code when every coverage
 * point it edits is one the original never reaches; else it is compared with the original in lockstep
 * ({@link SameBehaviour}): behaviour-identical when no run tells them apart, a finding when one does
 * (the policy changed and no property noticed: a gap in the properties or a redundant op).
 */
public final class Mutations {
    private final CheckPool pool;

    public Mutations(CheckPool pool) {
        this.pool = pool;
    }

    /** What became of the mutants of one policy. */
    public MutationReport.Policy review(CheckTarget original) {
        List<String> all = original.model().properties().stream().map(Property::id).toList();
        Kept kept = keptProperties(original, all);
        List<Edit> mutants = original.mutants();
        if (kept.stoppedBy != null) {
            return new MutationReport.Policy(original.name(), file(original), "incomplete", all, List.of(), mutants.size(),
                    List.of(), "the original's check stopped (" + kept.stoppedBy + "): raise --max-states");
        }
        List<String> dead = deadPoints(original);
        List<MutationReport.Mutant> results = pool.map("mutants of " + original.name(), mutants,
                edit -> mutant(original, kept.ids, dead, edit));
        List<MutationReport.Mutant> out = new ArrayList<>();
        for (int i = 0; i < mutants.size(); i++) {
            MutationReport.Mutant r = results.get(i);
            Edit e = mutants.get(i);
            out.add(r != null ? r : new MutationReport.Mutant(i + 1, e.operator(), e.where(), e.diff(),
                    MutationReport.Kind.NOT_RUN, List.of(), 0, 0, false, pool.stoppedBy()));
        }
        for (int i = 0; i < out.size(); i++) {
            MutationReport.Mutant m = out.get(i);
            out.set(i, new MutationReport.Mutant(i + 1, m.operator(), m.where(), m.diff(), m.kind(), m.killedBy(),
                    m.steps(), m.states(), m.partialOrder(), m.detail()));
        }
        String verdict = kept.ids.size() == all.size() ? "holds" : "violated";
        return new MutationReport.Policy(original.name(), file(original), verdict, kept.ids,
                all.stream().filter(id -> !kept.ids.contains(id)).toList(), mutants.size(), out, null);
    }

    private static String file(CheckTarget t) {
        return t.file() == null ? null : t.file().toString();
    }

    /** The properties the original keeps, or why that is unknown. */
    private record Kept(List<String> ids, String stoppedBy) {
    }

    /**
     * The properties the original holds: all of them, or, for a violated original, those left after
     * checking again without the ones each counterexample breaks (as {@code compare} does).
     */
    private Kept keptProperties(CheckTarget original, List<String> all) {
        List<String> left = new ArrayList<>(all);
        CheckTarget t = original;
        while (true) {
            Result r = pool.check(t);
            if (r.verdict() == Verdict.HOLDS) {
                return new Kept(left, null);
            }
            if (r.verdict() == Verdict.INCOMPLETE) {
                return new Kept(left, r.stoppedBy());
            }
            List<String> broken = Counterexample.ids(t.model().properties(), r.violations());
            left.removeAll(broken);
            if (left.isEmpty()) {
                return new Kept(left, null);
            }
            t = original.withProperties(left).orElse(null);
            if (t == null) {
                return new Kept(List.of(), null);
            }
        }
    }

    /** The coverage points of the original that no exploration (past violations) reaches. */
    private List<String> deadPoints(CheckTarget original) {
        Instrumentation inst = original.instrumentation();
        List<String> points = inst.coveragePoints();
        if (points.isEmpty()) {
            return List.of();
        }
        AtomicIntegerArray covered = new AtomicIntegerArray(points.size());
        Result r = pool.explore(ReviewModels.coverage(inst, covered), original.settings());
        if (r.verdict() == Verdict.INCOMPLETE) {
            return List.of(); // a point not reached yet may be reachable: call nothing dead
        }
        List<String> dead = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            if (covered.get(i) == 0) {
                dead.add(points.get(i));
            }
        }
        return dead;
    }

    private MutationReport.Mutant mutant(CheckTarget original, List<String> kept, List<String> dead, Edit edit) {
        CheckTarget m = edit.target();
        if (kept.isEmpty()) {
            return result(edit, MutationReport.Kind.NOT_RUN, List.of(), 0, Count.NONE,
                    "the original keeps no property to kill it with");
        }
        if (kept.size() < m.model().properties().size()) {
            m = m.withProperties(kept).orElseThrow();
        }
        Result r = pool.check(m);
        Count states = new Count(r.stats().distinct(), PartialOrderLabel.reduced(r.stats()));
        switch (r.verdict()) {
            case VIOLATED -> {
                List<String> broken = Counterexample.ids(m.model().properties(), r.violations());
                return result(edit, MutationReport.Kind.KILLED, broken, r.trace() == null ? 0 : r.trace().length(), states, null);
            }
            case INCOMPLETE -> {
                return result(edit, MutationReport.Kind.UNDECIDED, List.of(), 0, states, "check stopped: " + r.stoppedBy());
            }
            default -> {
            }
        }
        if (!edit.coveragePoints().isEmpty() && dead.containsAll(edit.coveragePoints())) {
            return result(edit, MutationReport.Kind.DEAD_CODE, List.of(), 0, states,
                    "never runs: " + String.join("; ", edit.coveragePoints()));
        }
        return compare(original, edit, states);
    }

    /** A survivor that runs: identical to the original, or a finding with the first run that tells them apart. */
    private MutationReport.Mutant compare(CheckTarget original, Edit edit, Count states) {
        SameBehaviour product = SameBehaviour.of(original, edit.target());
        if (product == null) {
            return result(edit, MutationReport.Kind.FINDING, List.of(), 0, states, "not comparable step for step");
        }
        Result r = pool.explore(product, new CheckTarget.Settings(false, 0));
        return switch (r.verdict()) {
            case HOLDS -> result(edit, MutationReport.Kind.IDENTICAL, List.of(), 0, states,
                    "no run tells them apart (" + String.format(java.util.Locale.ROOT, "%,d", r.stats().distinct())
                            + " state pairs in lockstep)");
            case VIOLATED -> {
                List<String> unreached = Vacuity.unreached(edit.target(), pool);
                String vacuous = unreached == null || unreached.isEmpty() ? "" : Vacuity.describe(unreached) + "; ";
                yield result(edit, MutationReport.Kind.FINDING, List.of(), 0, states,
                        vacuous + firstDifference(product, r.trace()));
            }
            default -> result(edit, MutationReport.Kind.UNDECIDED, List.of(), 0, states,
                    "survives; the comparison stopped: " + r.stoppedBy());
        };
    }

    /** "after 7 steps, vm0.vcpu0.hcr: API, APK vs API" (or which action only one side can take). */
    static String firstDifference(SameBehaviour product, Trace trace) {
        if (trace == null) {
            return "they differ";
        }
        long[] state = trace.initial();
        String d = product.difference(state);
        if (d != null) {
            return "they differ from the start: " + d;
        }
        for (int i = 0; i < trace.steps().size(); i++) {
            Trace.Step s = trace.steps().get(i);
            String here = product.difference(s.state());
            if (here != null) {
                return "after " + (i + 1) + (i == 0 ? " step" : " steps") + ", " + here;
            }
        }
        Trace.Step last = trace.steps().get(trace.steps().size() - 1);
        return "after " + (trace.steps().size() - 1) + " steps only one of them can take " + product.actionName(last.action());
    }

    /** The states a mutant's check explored, and whether they are of the reduced state space. */
    private record Count(long states, boolean partialOrder) {
        static final Count NONE = new Count(0, false);
    }

    private static MutationReport.Mutant result(Edit e, MutationReport.Kind kind, List<String> killedBy, int steps,
                                                Count states, String detail) {
        return new MutationReport.Mutant(0, e.operator(), e.where(), e.diff(), kind, killedBy, steps, states.states(),
                states.partialOrder(), detail);
    }
}
