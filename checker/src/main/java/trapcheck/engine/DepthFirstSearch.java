package trapcheck.engine;

/*
 * Depth-first search on one thread with an explicit stack of [global index, depth, state words]
 * records. A state is admitted (seen set, parent link) when it is first generated, and its new
 * successors are pushed in reverse so that the lowest action is explored first. The first
 * violating transition found ends the search; its trace is rebuilt from the links like BFS's, and
 * need not be shortest.
 *
 * With maxDepth, states at that depth are not expanded; if one of them has a successor not yet
 * stored the result is INCOMPLETE "max-depth" (a DFS depth bound is approximate: a state first
 * reached deep is not re-expanded when later reached shallower).
 */
final class DepthFirstSearch extends Search implements Expander.Sink {
    private static final int BATCH = 1024;

    private final ParentLinks.Writer writer;
    private final LongRecords stack;
    private final LongRecords pushed;
    private final long[] current;
    private final Expander expander;
    private long currentIndex;
    private int currentDepth;
    private int deepest;
    private boolean probing;
    private boolean beyondDepth;
    private int violationAction = -1;
    private long violationMask;

    DepthFirstSearch(Model model, Options options, Tuning tuning, RunControl control, MemoryBudget budget,
                     HeapSampler heap) {
        super(model, options, tuning, control, budget, heap, 1, true);
        this.writer = admission.links().writer();
        this.stack = new LongRecords(2 + words, budget);
        this.pushed = new LongRecords(2 + words, budget);
        this.current = new long[words];
        this.expander = expanders[0];
    }

    @Override
    boolean start() {
        int violating = storeInitialStates(writer, (index, state) -> remember(index, 0, state));
        if (violating >= 0) {
            return finish(Verdict.VIOLATED, initialViolation, tracer.initial(violating), null, admission.count(), 0);
        }
        return pushRemembered() || finishStopped(admission.count(), 0);
    }

    @Override
    boolean step() {
        if (control.stopped()) {
            return finishStopped(admission.count(), deepest);
        }
        for (int n = 0; n < BATCH; n++) {
            long top = stack.size() - 1;
            if (top < 0) {
                return beyondDepth
                        ? finish(Verdict.INCOMPLETE, 0, null, RunControl.MAX_DEPTH, admission.count(), deepest)
                        : finish(Verdict.HOLDS, 0, null, null, admission.count(), deepest);
            }
            currentIndex = stack.get(top, 0);
            currentDepth = (int) stack.get(top, 1);
            stack.copyOut(top, 2, current, words);
            stack.setSize(top);
            probing = options.maxDepth() > 0 && currentDepth >= options.maxDepth();
            expander.expand(current, this);
            if (violationAction >= 0) {
                writer.flush();
                Trace trace = tracer.fromLinks(admission.links(), currentIndex, violationAction, current, violationMask,
                        admission.seen());
                return finish(Verdict.VIOLATED, violationMask, trace, null, admission.count(),
                        Math.max(deepest, currentDepth + 1));
            }
            if (!pushRemembered() || control.reason() != null) {
                return finishStopped(admission.count(), deepest);
            }
        }
        expander.publish();
        return true;
    }

    @Override
    public void offer(int action, long[] next) {
        long fp = expander.canonical(next);
        if (probing) {
            beyondDepth |= !admission.known(fp, expander.rep);
            return;
        }
        long index = admission.admit(fp, expander.rep, writer, ParentLinks.link(currentIndex, action, actionCount));
        if (index >= 0) {
            deepest = Math.max(deepest, currentDepth + 1);
            remember(index, currentDepth + 1, next);
        }
    }

    @Override
    public void violation(int action, long[] next, long mask) {
        if (!probing && violationAction < 0) {
            violationAction = action;
            violationMask = mask;
        }
    }

    private boolean remember(long index, int depth, long[] state) {
        long i = pushed.append();
        if (i < 0) {
            return false;
        }
        pushed.set(i, 0, index);
        pushed.set(i, 1, depth);
        pushed.copyIn(i, 2, state, words);
        return true;
    }

    /** Moves the successors just stored onto the stack, last first. False if memory ran out. */
    private boolean pushRemembered() {
        for (long i = pushed.size() - 1; i >= 0; i--) {
            long at = stack.append();
            if (at < 0) {
                return false;
            }
            pushed.copyRecord(i, stack, at, 0, 2 + words);
        }
        pushed.setSize(0);
        return true;
    }

    @Override
    ProgressListener.Progress progress(double seconds, long heapUsed) {
        long distinct = admission.count();
        return new ProgressListener.Progress(currentDepth, distinct, publishedGenerated(), stack.size(),
                seconds > 0 ? distinct / seconds : 0, heapUsed, seconds);
    }

}
