package trapcheck.engine;

import java.util.List;

/*
 * What every strategy has in common, and the contract the driver loop in Explorer relies on:
 * start() stores the initial states, step() does one unit of work (a BFS level, a batch of DFS
 * states, one random walk) and returns false once the result is known, result() assembles it.
 * Limits are polled inside the steps through the shared RunControl.
 */
abstract class Search implements AutoCloseable {
    final Model model;
    final Options options;
    final Tuning tuning;
    final RunControl control;
    final MemoryBudget budget;
    final HeapSampler heap;
    final int words;
    final int actionCount;
    final Expander[] expanders;
    final TraceBuilder tracer;
    final Admission admission;
    /** What the run holds on disk beyond the link file and the fingerprint log. */
    final SpillMeter spillMeter = new SpillMeter();
    /** Counters carried over from a checkpoint. */
    long baseGenerated;
    long[] baseFires;
    /** What the first violating initial state broke (set by storeInitialStates). */
    long initialViolation;
    private Result result;

    /** {@code keepsLinks}: whether states get parent links (every strategy but simulation). */
    Search(Model model, Options options, Tuning tuning, RunControl control, MemoryBudget budget,
           HeapSampler heap, int threads, boolean keepsLinks) {
        this(model, options, tuning, control, budget, heap, threads, keepsLinks, false);
    }

    /** {@code spills}: the seen set may spill to disk (BFS, see SpillingSeenSet). */
    Search(Model model, Options options, Tuning tuning, RunControl control, MemoryBudget budget,
           HeapSampler heap, int threads, boolean keepsLinks, boolean spills) {
        this.model = model;
        this.options = options;
        this.tuning = tuning;
        this.control = control;
        this.budget = budget;
        this.heap = heap;
        this.words = model.stateWords();
        this.actionCount = model.actionCount();
        this.expanders = new Expander[threads];
        for (int i = 0; i < threads; i++) {
            expanders[i] = new Expander(model, options.symmetry(), options.reduces());
        }
        this.tracer = new TraceBuilder(model, expanders[0]);
        this.baseFires = new long[actionCount];
        SeenSet seen = spills ? SeenSets.createForBfs(words, options, tuning, budget, control, spillMeter)
                : SeenSets.create(words, options, budget, control);
        this.admission = new Admission(seen,
                keepsLinks ? new ParentLinks(options.spillDir()) : null, options.maxStates(), control);
    }

    /** Stores the initial states; false if the result is already known. */
    abstract boolean start();

    /** One unit of work; false once the result is known. */
    abstract boolean step();

    /** A racy snapshot for the progress thread. */
    abstract ProgressListener.Progress progress(double seconds, long heapUsed);

    final Result result() {
        return result;
    }

    final boolean finished() {
        return result != null;
    }

    /**
     * Admits the initial states in list order (their links through {@code writer}, null for none),
     * handing each new one to {@code stored}; returns the ordinal of the first initial state that
     * breaks a property, or -1.
     */
    final int storeInitialStates(ParentLinks.Writer writer, InitialSink stored) {
        List<long[]> initial = model.initialStates();
        Expander e = expanders[0];
        int violating = -1;
        for (int ordinal = 0; ordinal < initial.size(); ordinal++) {
            long[] state = initial.get(ordinal);
            if (state.length != words) {
                throw new IllegalArgumentException("initial state " + ordinal + " has " + state.length
                        + " words, the model declares stateWords() = " + words);
            }
            long mask = e.worker.check(state);
            if (mask != 0 && violating < 0) {
                violating = ordinal;
                initialViolation = mask;
            }
            long index = admission.admitInitial(e.canonical(state), e.rep, writer, ordinal);
            if (index == Admission.REFUSED) {
                return -1;
            }
            if (index >= 0 && !stored.accept(index, state)) {
                return -1;
            }
        }
        return violating;
    }

    @FunctionalInterface
    interface InitialSink {
        /** A new initial state and its global index; false if it could not be kept (memory). */
        boolean accept(long index, long[] state);
    }

    final long generated() {
        long g = baseGenerated;
        for (Expander e : expanders) {
            g += e.generated;
        }
        return g;
    }

    final long publishedGenerated() {
        long g = baseGenerated;
        for (Expander e : expanders) {
            g += e.publishedGenerated;
        }
        return g;
    }

    /** States expanded through an ample set only (partial-order reduction). */
    final long reducedStates() {
        long n = 0;
        for (Expander e : expanders) {
            n += e.reduced;
        }
        return n;
    }

    final long[] fires() {
        long[] f = baseFires.clone();
        for (Expander e : expanders) {
            for (int a = 0; a < actionCount; a++) {
                f[a] += e.fires[a];
            }
        }
        return f;
    }

    /** Records the result; always returns false so that step() can end with it. */
    final boolean finish(Verdict verdict, long mask, Trace trace, String stoppedBy, long distinct, int depth) {
        long generated = generated();
        Statistics stats = new Statistics(distinct, generated, depth, control.seconds(), expanders.length, fires(),
                admission.seen().collisionProbability(generated, distinct),
                admission.seen().bytes(), Math.max(heap.peak(), heap.sample()), admission.seen().fingerprintBits(),
                admission.seen().spilledStates(), spillMeter.peakBytes(), options.reduces(), reducedStates(),
                spillMeter.windows());
        result = new Result(verdict, verdict == Verdict.VIOLATED ? mask : 0, trace, stats,
                verdict == Verdict.INCOMPLETE ? stoppedBy : null);
        return false;
    }

    final boolean finishStopped(long distinct, int depth) {
        return finish(Verdict.INCOMPLETE, 0, null, control.reason(), distinct, depth);
    }

    @Override
    public void close() {
        admission.release();
    }
}
