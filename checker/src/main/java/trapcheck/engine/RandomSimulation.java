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
    private final long[] candidateStates;
    private int candidates;
    private int pendingViolationAction = -1;
    private long pendingViolationMask;
    private final int[] walk;
    private long[] current;
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
        this.candidateStates = new long[Math.max(1, actionCount) * words];
        this.walk = new int[Math.max(0, options.simulationDepth())];
        this.current = new long[words];
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
            System.arraycopy(candidateStates, chosen * words, current, 0, words);
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

    /** Stores the current state if new; false if a limit stops the run. */
    private boolean visit() {
        return admission.admit(expander.canonical(current), expander.rep, null, 0) != Admission.REFUSED;
    }

    @Override
    public void offer(int action, long[] next) {
        add(action, next);
    }

    @Override
    public void selfLoop(int action, long[] next) {
        add(action, next);
    }

    @Override
    public void violation(int action, long[] next, long mask) {
        pendingViolationAction = action;
        pendingViolationMask = mask;
    }

    private void add(int action, long[] next) {
        int c = candidates++;
        candidateAction[c] = action;
        candidateMask[c] = action == pendingViolationAction ? pendingViolationMask : 0;
        pendingViolationAction = -1;
        System.arraycopy(next, 0, candidateStates, c * words, words);
    }

    @Override
    ProgressListener.Progress progress(double seconds, long heapUsed) {
        long distinct = admission.count();
        return new ProgressListener.Progress(longest, distinct, publishedGenerated(),
                Math.max(0, options.simulationRuns() - runs), seconds > 0 ? distinct / seconds : 0, heapUsed, seconds);
    }

}
