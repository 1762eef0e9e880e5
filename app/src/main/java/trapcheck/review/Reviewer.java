package trapcheck.review;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import trapcheck.engine.Model;
import trapcheck.engine.Options;
import trapcheck.engine.Property;
import trapcheck.engine.Result;
import trapcheck.engine.StopSignal;
import trapcheck.engine.Strategy;
import trapcheck.engine.Verdict;
import trapcheck.report.Counterexample;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.Instrumentation;

/**
 * Reviews one policy: the verdict of each property, the cost of each workload, the dead policy code.
 *
 * <p>Verdicts: one breadth-first check of the spec as {@code check} runs it. If it holds, every
 * property holds. If it is violated, the properties its (shortest) counterexample breaks are violated;
 * the others are checked again without them when the target can select properties
 * ({@link CheckTarget#withProperties}; see {@link #recheck}), which makes every cell an exact verdict
 * for that property, and are otherwise "holds so far". A limit makes the cells "incomplete".
 *
 * <p>Costs: per workload, a seeded random simulation (one thread, so the same seed gives the same
 * numbers) of the instrumented model, counting the events of the transitions the walks take
 * ({@link ReviewModels#takenSteps}). Coverage: a breadth-first exploration of the instrumented model
 * that goes past violations ({@link ReviewModels#coverage}); the points it never reached are dead code.
 */
public final class Reviewer {

    /** Runs an exploration (the engine, or a stand-in in tests). */
    @FunctionalInterface
    public interface Exploration {
        Result explore(Model model, Options options);
    }

    /** Writes a counterexample file and returns its path as shown to the user, or null if it could not. */
    @FunctionalInterface
    public interface TraceSink {
        String write(String stem, Counterexample cx);
    }

    /**
     * @param threads   BFS worker threads (simulation always uses one)
     * @param seed      simulation seed
     * @param runs      random walks per workload
     * @param depth     steps per walk
     * @param recheck   check each property not broken by the first counterexample alone
     * @param coverage  explore the instrumented model for dead policy code
     * @param maxStates a limit for every exploration (0: none)
     * @param stop      a fresh stop signal per exploration (interrupts)
     * @param partialOrder the verdicts' searches reduce by partial order (the default; false: in full)
     */
    public record Settings(int threads, long seed, long runs, int depth, boolean recheck, boolean coverage,
                           long maxStates, Supplier<StopSignal> stop, boolean partialOrder) {
        /** Settings whose verdict searches reduce by partial order, the default. */
        public Settings(int threads, long seed, long runs, int depth, boolean recheck, boolean coverage,
                        long maxStates, Supplier<StopSignal> stop) {
            this(threads, seed, runs, depth, recheck, coverage, maxStates, stop, true);
        }
    }

    private final Exploration engine;
    private final Settings settings;
    private final Counterexample.Tool tool;
    private final TraceSink traces;

    public Reviewer(Exploration engine, Settings settings, Counterexample.Tool tool, TraceSink traces) {
        this.engine = engine;
        this.settings = settings;
        this.tool = tool;
        this.traces = traces;
    }

    public PolicyReview review(CheckTarget target) {
        List<String> ids = target.model().properties().stream().map(Property::id).toList();
        Result full = engine.explore(target.model(), bfs(target));
        Map<String, PolicyReview.Cell> cells = new LinkedHashMap<>();
        String trace = null;
        switch (full.verdict()) {
            case HOLDS -> ids.forEach(id -> cells.put(id, new PolicyReview.Cell(PolicyReview.Cell.Kind.HOLDS, 0, null)));
            case INCOMPLETE -> ids.forEach(id -> cells.put(id,
                    new PolicyReview.Cell(PolicyReview.Cell.Kind.INCOMPLETE, 0, null)));
            case VIOLATED -> {
                List<String> broken = Counterexample.ids(target.model().properties(), full.violations());
                if (full.trace() != null) {
                    trace = traces.write(target.name(),
                            Counterexample.of(tool, target, full.trace(), full.violations()));
                }
                int steps = full.trace() == null ? 0 : full.trace().length();
                for (String id : broken) {
                    cells.put(id, new PolicyReview.Cell(PolicyReview.Cell.Kind.VIOLATED, steps, trace));
                }
                recheck(target, ids.stream().filter(id -> !broken.contains(id)).toList(), cells);
                // in the model's order
                Map<String, PolicyReview.Cell> ordered = new LinkedHashMap<>();
                ids.forEach(id -> ordered.put(id, cells.get(id)));
                cells.clear();
                cells.putAll(ordered);
            }
        }
        return new PolicyReview(target.name(), target.file() == null ? null : target.file().toString(),
                full.verdict().word(), trace, ids, cells, costs(target), coverage(target));
    }

    /**
     * Verdicts for the properties the first counterexample did not break: the target checking only
     * those, again and again without the ones each round breaks, until a round holds (then all that
     * remain hold: any path to one of them would first reach one of the set) or a limit stops it. Exact
     * per property, usually in one extra exploration; a round's counterexample is a shortest one for
     * the round's set (for a property alone there may be a shorter one).
     */
    private void recheck(CheckTarget target, List<String> remaining, Map<String, PolicyReview.Cell> cells) {
        List<String> left = new ArrayList<>(remaining);
        while (!left.isEmpty()) {
            var only = settings.recheck() ? target.withProperties(left) : java.util.Optional.<CheckTarget>empty();
            if (only.isEmpty()) {
                left.forEach(id -> cells.put(id, new PolicyReview.Cell(PolicyReview.Cell.Kind.HOLDS_SO_FAR, 0, null)));
                return;
            }
            CheckTarget sub = only.get();
            Result r = engine.explore(sub.model(), bfs(sub));
            if (r.verdict() != Verdict.VIOLATED) {
                PolicyReview.Cell.Kind kind = r.verdict() == Verdict.HOLDS ? PolicyReview.Cell.Kind.HOLDS
                        : PolicyReview.Cell.Kind.INCOMPLETE;
                left.forEach(id -> cells.put(id, new PolicyReview.Cell(kind, 0, null)));
                return;
            }
            List<String> broken = Counterexample.ids(sub.model().properties(), r.violations());
            String file = r.trace() == null ? null : traces.write(target.name() + "--" + String.join("+", broken),
                    Counterexample.of(tool, sub, r.trace(), r.violations()));
            int steps = r.trace() == null ? 0 : r.trace().length();
            for (String id : broken) {
                cells.put(id, new PolicyReview.Cell(PolicyReview.Cell.Kind.VIOLATED, steps, file));
            }
            if (!left.removeAll(broken)) {
                throw new IllegalStateException(target.name() + ": a check of " + left + " broke " + broken);
            }
        }
    }

    /** The target's costs under each workload of its instrumentation (empty without one). */
    public List<PolicyReview.Cost> costs(CheckTarget target) {
        Instrumentation inst = target.instrumentation();
        List<String> counters = inst.counters();
        List<PolicyReview.Cost> out = new ArrayList<>();
        for (Instrumentation.Workload w : inst.workloads()) {
            AtomicLongArray counts = new AtomicLongArray(counters.size());
            Options o = Options.defaults().withStrategy(Strategy.SIMULATION).withThreads(1)
                    .withSymmetry(target.settings() == null || target.settings().symmetry())
                    .withSimulation(settings.seed(), settings.runs(), settings.depth())
                    .withActionWeights(w.actionWeight())
                    .withLimits(settings.maxStates(), 0, 0, 0)
                    .withStop(settings.stop().get());
            engine.explore(ReviewModels.takenSteps(inst, counts), o);
            Map<String, Long> totals = new LinkedHashMap<>();
            for (int i = 0; i < counters.size(); i++) {
                totals.put(counters.get(i), counts.get(i));
            }
            Map<String, Double> ratios = new LinkedHashMap<>();
            for (Instrumentation.CostRatio r : inst.costRatios()) {
                long num = totals.getOrDefault(r.numerator(), 0L);
                long den = totals.getOrDefault(r.denominator(), 0L);
                ratios.put(r.name(), den == 0 ? Double.NaN : (double) num / den);
            }
            out.add(new PolicyReview.Cost(w.name(), w.description(), totals, ratios));
        }
        return out;
    }

    /** The dead policy code of the target, or null when coverage is off or the model has no points. */
    public PolicyReview.Coverage coverage(CheckTarget target) {
        Instrumentation inst = target.instrumentation();
        List<String> points = inst.coveragePoints();
        if (!settings.coverage() || points.isEmpty()) {
            return null;
        }
        AtomicIntegerArray covered = new AtomicIntegerArray(points.size());
        // In full: a point one state reaches is dead only if no state does (a reduced search skips states).
        Result r = engine.explore(ReviewModels.coverage(inst, covered), bfs(target).withPartialOrder(false));
        List<String> dead = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            if (covered.get(i) == 0) {
                dead.add(points.get(i));
            }
        }
        return new PolicyReview.Coverage(points.size(), dead, r.verdict() != Verdict.INCOMPLETE, r.stoppedBy());
    }

    /**
     * A verdict's search: with partial-order reduction unless the settings say otherwise (same verdicts, and a violation is searched again
     * in full for its shortest counterexample, so the steps a cell shows are exact; the review shows no
     * state counts of it).
     */
    private Options bfs(CheckTarget target) {
        CheckTarget.Settings s = target.settings();
        return Options.defaults().withStrategy(Strategy.BFS).withThreads(settings.threads())
                .withPartialOrder(settings.partialOrder())
                .withSymmetry(s == null || s.symmetry())
                .withLimits(settings.maxStates(), s == null ? 0 : s.maxDepth(), 0, 0)
                .withStop(settings.stop().get());
    }
}
