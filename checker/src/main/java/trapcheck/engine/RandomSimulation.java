package trapcheck.engine;

import java.util.SplittableRandom;

/*
 * Seeded random walks. Each step() is one walk: an initial state chosen uniformly, then up to
 * simulationDepth steps, each choosing among the enabled transitions (self-loops included) with
 * probability proportional to the action's weight; a walk ends early when no enabled action has a
 * positive weight. A transition that breaks a property and could have been chosen (positive
 * weight) ends the run VIOLATED with the walk so far plus that transition as the trace (the lowest
 * such action if several). Otherwise the result is INCOMPLETE "simulation": walks prove nothing.
 *
 * A walk expands a state (Worker.successors) to see what it may choose, then takes the chosen step
 * with Worker.apply: an instrumented worker therefore sees every step a walk takes, and only those,
 * in its apply calls (the design review counts costs that way). The model's determinism makes the
 * two agree; a disagreement fails the run as the trace replay does.
 *
 * The random source is SplittableRandom(seed), whose algorithm is fixed by its specification, so
 * a seed replays the same walks on any JVM. Distinct counts the states the walks visited.
 */
final class RandomSimulation extends Search implements Expander.Sink {
    static final String SIMULATION = "simulation";

    private final SplittableRandom random;
    private final double[] weights;
    private final Expander expander;
    private final int[] candidateAction;
    private final long[] candidateMask;
    private int candidates;
    private int pendingViolationAction = -1;
    private long pendingViolationMask;
    private final int[] walk;
    private long[] current;
    private long[] next;
    private long runs;
    private int longest;

    RandomSimulation(Model model, Options options, Tuning tuning, RunControl control, MemoryBudget budget,
                     HeapSampler heap) {
        super(model, options, tuning, control, budget, heap, 1, false);
        this.random = new SplittableRandom(options.seed());
        this.weights = new double[actionCount];
        for (int a = 0; a < actionCount; a++) {
            double w = options.actionWeights() == null ? 1.0 : options.actionWeights().applyAsDouble(a);
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("action weight of " + model.actionName(a) + " must be a finite"
                        + " number >= 0, got " + w);
            }
            weights[a] = w;
        }
        this.expander = expanders[0];
        this.candidateAction = new int[actionCount];
        this.candidateMask = new long[actionCount];
        this.walk = new int[Math.max(0, options.simulationDepth())];
        this.current = new long[words];
        this.next = new long[words];
    }

    @Override
    boolean start() {
        int violating = storeInitialStates(null, (index, state) -> true);
        if (violating >= 0) {
            return finish(Verdict.VIOLATED, initialViolation, tracer.initial(violating), null, admission.count(), 0);
        }
        return !model.initialStates().isEmpty() || finish(Verdict.INCOMPLETE, 0, null, SIMULATION, 0, 0);
    }

    @Override
    boolean step() {
        if (runs >= options.simulationRuns()) {
            return finish(Verdict.INCOMPLETE, 0, null, SIMULATION, admission.count(), longest);
        }
        if (control.stopped()) {
            return finishStopped(admission.count(), longest);
        }
        runs++;
        int ordinal = random.nextInt(model.initialStates().size());
        long[] initial = model.initialStates().get(ordinal);
        System.arraycopy(initial, 0, current, 0, words);
        for (int depth = 0; depth < walk.length; depth++) {
            if ((depth & 63) == 63 && control.stopped()) {
                return finishStopped(admission.count(), longest);
            }
            candidates = 0;
            expander.expand(current, this);
            double total = 0;
            for (int c = 0; c < candidates; c++) {
                total += weights[candidateAction[c]];
            }
            for (int c = 0; c < candidates; c++) {
                if (candidateMask[c] != 0 && weights[candidateAction[c]] > 0) {
                    walk[depth] = candidateAction[c];
                    Trace trace = tracer.replay(ordinal, walk, depth + 1, current, candidateMask[c], null);
                    return finish(Verdict.VIOLATED, candidateMask[c], trace, null, admission.count(),
                            Math.max(longest, depth + 1));
                }
            }
            if (total <= 0) {
                break;
            }
            int chosen = choose(total);
            walk[depth] = candidateAction[chosen];
            take(candidateAction[chosen], candidateMask[chosen]);
            longest = Math.max(longest, depth + 1);
            if (!visit()) {
                return finishStopped(admission.count(), longest);
            }
        }
        expander.publish();
        return true;
    }

    private int choose(double total) {
        double r = random.nextDouble() * total;
        int last = -1;
        for (int c = 0; c < candidates; c++) {
            double w = weights[candidateAction[c]];
            if (w > 0) {
                last = c;
                r -= w;
                if (r < 0) {
                    return c;
                }
            }
        }
        return last;
    }

    /** Moves the walk by {@code action}, which successors reported with {@code mask}. */
    private void take(int action, long mask) {
        long broke = expander.worker.apply(current, action, next);
        if (broke != mask) {
            throw TraceBuilder.nonDeterministic(model, "action " + model.actionName(action)
                    + (broke == Model.NOT_ENABLED ? " is not enabled when a walk takes it"
                    : " breaks mask " + Long.toHexString(broke) + " when a walk takes it, "
                    + Long.toHexString(mask) + " among the successors"));
        }
        long[] reached = next;
        next = current;
        current = reached;
    }

    /** Stores the current state if new; false if a limit stops the run. */
    private boolean visit() {
        return admission.admit(expander.canonical(current), expander.rep, null, 0) != Admission.REFUSED;
    }

    @Override
    public void offer(int action, long[] successor) {
        add(action);
    }

    @Override
    public void selfLoop(int action, long[] successor) {
        add(action);
    }

    @Override
    public void violation(int action, long[] successor, long mask) {
        pendingViolationAction = action;
        pendingViolationMask = mask;
    }

    private void add(int action) {
        int c = candidates++;
        candidateAction[c] = action;
        candidateMask[c] = action == pendingViolationAction ? pendingViolationMask : 0;
        pendingViolationAction = -1;
    }

    @Override
    ProgressListener.Progress progress(double seconds, long heapUsed) {
        long distinct = admission.count();
        return new ProgressListener.Progress(longest, distinct, publishedGenerated(),
                Math.max(0, options.simulationRuns() - runs), seconds > 0 ? distinct / seconds : 0, heapUsed, seconds);
    }

}
