package trapcheck.engine;

import java.util.Arrays;

/*
 * The per-thread part every strategy shares: asks the model for the successors of a state, counts
 * them (generated, per-action fires: plain per-thread counters, summed at the end, so no
 * contention), reports violating transitions, skips self-loops, and computes the representative
 * and fingerprint on demand. What to do with a successor is the strategy's Sink: BFS offers it to
 * the level table, DFS admits and pushes it, simulation notes its action as one to choose from.
 *
 * With partial-order reduction (BFS), a state whose model offers ample sets is first expanded
 * through them into the Ample buffer, uncounted; the smallest set one of whose successors at least
 * is a witness (the proviso, ENGINE.md "Partial order": not a self-loop, and either not stored yet
 * or a state an earlier level grounded) is counted and offered (its successors up to the first
 * witness with the fingerprint the proviso computed); when no set has one, the state is expanded in
 * full. A state expanded in full, or through a grounded witness, is grounded, and the sink told so.
 */
final class Expander implements Model.Successors {

    /** What a strategy does with the successors of the state being expanded. */
    interface Sink {
        /** A successor different from its source; {@code next} is reused after return. */
        void offer(int action, long[] next);

        /** A transition that breaks properties (also offered, unless it is a self-loop). */
        void violation(int action, long[] next, long mask);

        /** A transition back to the source state. */
        default void selfLoop(int action, long[] next) {
        }

        /**
         * Partial order: whether the state with this representative and fingerprint is already
         * stored (the answer must not depend on thread timing); only sinks that reduce answer.
         */
        default boolean stored(long fp, long[] rep) {
            throw new UnsupportedOperationException("this strategy does not reduce");
        }

        /**
         * Partial order: whether the stored state with this representative and fingerprint was
         * grounded on an earlier level (again the same answer on every thread).
         */
        default boolean groundedBefore(long fp, long[] rep) {
            return false;
        }

        /**
         * Partial order: whether states may be expanded through an ample set now; false once the
         * seen set cannot say whether a successor is stored (it keeps states on disk that it does
         * not answer for during a level): from then on every state is expanded in full.
         */
        default boolean mayReduce() {
            return true;
        }

        /**
         * Partial order: the state being expanded is grounded: expanded in full (its successors
         * are all reported), or through an ample set whose witness was grounded on an earlier level.
         */
        default void grounded() {
        }

        /** Partial order: a successor through an ample set, not stored, its representative computed. */
        default void offerCanonical(int action, long[] next, long fp, long[] rep) {
            offer(action, next);
        }
    }

    final Model.Worker worker;
    final long[] rep;
    final long[] fires;
    final int words;
    final int actionCount;
    final boolean symmetry;
    /** The ample successors of the state being expanded; null without partial-order reduction. */
    private final Ample ample;
    private long[] source;
    private Sink sink;
    long generated;
    /** States expanded through an ample set only; the others were expanded in full. */
    long reduced;
    /** generated, as last published for the progress thread. */
    volatile long publishedGenerated;

    Expander(Model model, boolean symmetry) {
        this(model, symmetry, false);
    }

    Expander(Model model, boolean symmetry, boolean partialOrder) {
        this.worker = model.newWorker();
        this.words = model.stateWords();
        this.symmetry = symmetry && model.hasSymmetry();
        this.rep = new long[words];
        this.actionCount = model.actionCount();
        this.fires = new long[actionCount];
        this.ample = partialOrder ? new Ample(words) : null;
    }

    void expand(long[] state, Sink to) {
        source = state;
        sink = to;
        if (ample == null || !to.mayReduce()) {
            worker.successors(state, this);
        } else if (!expandAmple(state, to)) {
            worker.successors(state, this);
            to.grounded();
        }
    }

    /**
     * Expands through the smallest of the model's ample sets (the first reported among equals)
     * that has a witness (the proviso): a successor that is not a self-loop and either not stored
     * (so, in BFS, lies on the next level) or grounded on an earlier level. False: expand in full.
     * The state is grounded itself when its witness is.
     */
    private boolean expandAmple(long[] state, Sink to) {
        ample.clear();
        worker.ampleSets(state, ample);
        int set = -1;
        int witness = -1;
        for (long tried = 0; witness < 0 && tried != ample.setsMask(); ) {
            set = ample.smallestUntried(tried);
            tried |= 1L << set;
            witness = witnessIn(set, state, to);
        }
        if (witness < 0) {
            return false;
        }
        reduced++;
        if (ample.kind[witness] == Ample.STORED) {
            to.grounded();
        }
        for (int i = ample.start(set); i < ample.end(set); i++) {
            int action = ample.action[i];
            long[] next = ample.state(i);
            generated++;
            fires[action]++;
            if (ample.mask[i] != 0) {
                to.violation(action, next, ample.mask[i]);
            }
            if (i > witness) {
                offerOrLoop(action, next);   // past the witness: the plain path (recent filter, canonical form)
            } else if (ample.kind[i] == Ample.NEW) {
                to.offerCanonical(action, next, ample.fp[i], ample.rep(i));
            } else if (ample.kind[i] == Ample.SELF_LOOP) {
                to.selfLoop(action, next);
            }
        }
        return true;
    }

    /**
     * The first grounded witness among the successors of ample set {@code set}, else the first new
     * one, or -1; the kinds of the successors up to it are kept.
     */
    private int witnessIn(int set, long[] state, Sink to) {
        int firstNew = -1;
        for (int i = ample.start(set); i < ample.end(set); i++) {
            long[] next = ample.state(i);
            if (Arrays.equals(next, state)) {
                ample.kind[i] = Ample.SELF_LOOP;
                continue;
            }
            long fp = canonical(next);
            boolean stored = to.stored(fp, rep);
            ample.keepCanonical(i, fp, rep, stored);
            if (stored && to.groundedBefore(fp, rep)) {
                return i;
            }
            if (!stored && firstNew < 0) {
                firstNew = i;
            }
        }
        return firstNew;
    }

    @Override
    public void accept(int action, long[] next, long violations) {
        generated++;
        fires[action]++;
        if (violations != 0) {
            sink.violation(action, next, violations);
        }
        offerOrLoop(action, next);
    }

    private void offerOrLoop(int action, long[] next) {
        for (int w = 0; w < words; w++) {
            if (next[w] != source[w]) {
                sink.offer(action, next);
                return;
            }
        }
        sink.selfLoop(action, next);
    }

    /** Writes the representative of {@code state} to {@link #rep} and returns its fingerprint. */
    long canonical(long[] state) {
        if (symmetry) {
            worker.representative(state, rep);
        } else {
            System.arraycopy(state, 0, rep, 0, words);
        }
        return Fingerprints.of(rep, words);
    }

    void publish() {
        publishedGenerated = generated;
    }

    /**
     * The successors of a state's candidate ample sets, set after set: action, mask, state and, once
     * the proviso computed it, fingerprint and representative. At most 64 sets (more are ignored).
     */
    private static final class Ample implements Model.AmpleSets {
        private final int words;
        static final byte NEW = 0;
        static final byte STORED = 1;
        static final byte SELF_LOOP = 2;
        int size;
        /** Sets: set k is successors [setEnd[k - 1], setEnd[k]) (from 0 for k = 0). */
        int sets;
        int[] setEnd = new int[8];
        int[] action = new int[8];
        byte[] kind = new byte[8];
        long[] mask = new long[8];
        long[] fp = new long[8];
        private long[] states;
        private long[] reps;
        private final long[] view;
        private final long[] repView;

        Ample(int words) {
            this.words = words;
            this.states = new long[8 * words];
            this.reps = new long[8 * words];
            this.view = new long[words];
            this.repView = new long[words];
        }

        void clear() {
            size = 0;
            sets = 0;
        }

        @Override
        public void endSet() {
            int start = sets == 0 ? 0 : setEnd[sets - 1];
            if (size == start || sets == Long.SIZE) {
                size = start;   // C0: an empty set is no ample set; past 64, a set the search does without
                return;
            }
            if (sets == setEnd.length) {
                setEnd = Arrays.copyOf(setEnd, 2 * sets);
            }
            setEnd[sets++] = size;
        }

        int start(int set) {
            return set == 0 ? 0 : setEnd[set - 1];
        }

        int end(int set) {
            return setEnd[set];
        }

        /** One bit per set. */
        long setsMask() {
            return sets == Long.SIZE ? -1L : (1L << sets) - 1;
        }

        /** The set with the fewest successors, the first among equals, among those whose bit is clear in tried. */
        int smallestUntried(long tried) {
            int best = -1;
            for (int k = 0; k < sets; k++) {
                if ((tried & (1L << k)) == 0 && (best < 0 || end(k) - start(k) < end(best) - start(best))) {
                    best = k;
                }
            }
            return best;
        }

        @Override
        public void accept(int a, long[] next, long violations) {
            if (size == action.length) {
                int n = 2 * size;
                action = Arrays.copyOf(action, n);
                mask = Arrays.copyOf(mask, n);
                kind = Arrays.copyOf(kind, n);
                fp = Arrays.copyOf(fp, n);
                states = Arrays.copyOf(states, n * words);
                reps = Arrays.copyOf(reps, n * words);
            }
            action[size] = a;
            mask[size] = violations;
            System.arraycopy(next, 0, states, size * words, words);
            size++;
        }

        /** Successor i, in a scratch array valid until the next call. */
        long[] state(int i) {
            System.arraycopy(states, i * words, view, 0, words);
            return view;
        }

        void keepCanonical(int i, long fingerprint, long[] rep, boolean stored) {
            kind[i] = stored ? STORED : NEW;
            fp[i] = fingerprint;
            System.arraycopy(rep, 0, reps, i * words, words);
        }

        /** Representative i, in a scratch array valid until the next call. */
        long[] rep(int i) {
            System.arraycopy(reps, i * words, repView, 0, words);
            return repView;
        }
    }
}
