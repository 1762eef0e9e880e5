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
 * through them, one candidate after another, into the Ample buffer, uncounted; the first set one of
 * whose successors at least is a witness (the proviso, ENGINE.md "Partial order": not a self-loop,
 * and either not stored yet or a state an earlier level grounded) is counted and offered (its
 * successors up to the witness with the fingerprint the proviso computed); when no set has one, the
 * state is expanded in full. A state expanded in full, or through a grounded witness, is grounded,
 * and the sink told so.
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
         * stored, and whether an earlier level grounded it: SeenSet.ABSENT, STORED or GROUNDED (the
         * answer must not depend on thread timing); only sinks that reduce answer.
         */
        default int storedKind(long fp, long[] rep) {
            throw new UnsupportedOperationException("this strategy does not reduce");
        }

        /**
         * Partial order: the state being expanded is grounded: expanded in full (its successors
         * are all reported), or through an ample set whose witness was grounded on an earlier level.
         */
        default void grounded() {
        }

        /**
         * Partial order: touches what {@link #storedKind} of this fingerprint reads first, so that a batch of lookups has its cache misses together;
         * returns what it read.
         */
        default long touchStored(long fp) {
            return 0;
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
    /** Canonical fingerprints of concrete states met lately; null unless the caller needs no representatives. */
    private FingerprintMemo memo;
    private long[] source;
    private Sink sink;
    long generated;
    /** States expanded through an ample set only; the others were expanded in full. */
    long reduced;
    /** What the prefetching loads read, kept so that they are not optimised away. */
    private long touched;
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
        if (ample == null) {
            worker.successors(state, this);
        } else if (!expandAmple(state, to)) {
            worker.successors(state, this);
            to.grounded();
        }
    }

    /**
     * Expands through the first of the model's ample sets that has a witness (the proviso): a
     * successor that is not a self-loop and either not stored (so, in BFS, lies on the next level)
     * or grounded on an earlier level. False: expand in full. The state is grounded itself when its
     * witness is.
     */
    private boolean expandAmple(long[] state, Sink to) {
        ample.clear();
        worker.ampleSets(state, ample);
        int witness = ample.witness;
        if (witness < 0) {
            return false;
        }
        reduced++;
        if (ample.kind[witness] == Ample.STORED) {
            to.grounded();
        }
        for (int i = 0; i < ample.size; i++) {
            int action = ample.action[i];
            long[] next = ample.state(i);
            generated++;
            fires[action]++;
            if (ample.mask[i] != 0) {
                to.violation(action, next, ample.mask[i]);
            }
            if (i >= ample.checkedEnd) {
                offerOrLoop(action, next);   // past those the proviso checked: the plain path (recent filter, canonical form)
            } else if (ample.kind[i] == Ample.NEW) {
                to.offerCanonical(action, next, ample.fp[i], memo == null ? ample.rep(i) : null);
            } else if (ample.kind[i] == Ample.SELF_LOOP) {
                to.selfLoop(action, next);
            }
        }
        return true;
    }

    /**
     * The first grounded witness among the ample successors [0, end), else the first new one, or
     * -1; the kinds of the successors checked (up to the grounded witness, else all) are kept.
     * Every successor is canonicalised first, then the stores' slots of all of them are touched,
     * then they are looked up, so that the lookups' cache misses overlap (the answers are the same; the
     * representatives of those past the witness are computed again when they are offered, from
     * the memo with fingerprints).
     */
    private int witnessIn(int end) {
        long touched = 0;
        for (int i = 0; i < end; i++) {
            long[] next = ample.state(i);
            if (Arrays.equals(next, source)) {
                ample.kind[i] = Ample.SELF_LOOP;
                continue;
            }
            ample.keepCanonical(i, fingerprint(next), rep);
        }
        for (int i = 0; i < end; i++) {   // a loop of its own: between representatives the misses would not overlap
            if (ample.kind[i] != Ample.SELF_LOOP) {
                touched ^= sink.touchStored(ample.fp[i]);
            }
        }
        this.touched ^= touched;
        int firstNew = -1;
        for (int i = 0; i < end; i++) {
            ample.checkedEnd = i + 1;
            if (ample.kind[i] == Ample.SELF_LOOP) {
                continue;
            }
            long fp = ample.fp[i];
            long[] rep = memo == null ? ample.rep(i) : null;
            int kind = sink.storedKind(fp, rep);
            boolean stored = kind != SeenSet.ABSENT;
            ample.kind[i] = stored ? Ample.STORED : Ample.NEW;
            if (kind == SeenSet.GROUNDED) {
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

    /**
     * From now on {@link #fingerprint} may answer from a memo and leave {@link #rep} unwritten: for
     * a caller whose stores decide by fingerprint alone (BFS in fingerprint mode). No effect
     * without symmetry, where the representative is the state itself.
     */
    void memoizeFingerprints() {
        if (symmetry && memo == null) {
            memo = new FingerprintMemo(words);
        }
    }

    /**
     * The canonical fingerprint of {@code state}, as {@link #canonical} returns it; {@link #rep} holds
     * its representative only when no memo is kept.
     */
    long fingerprint(long[] state) {
        if (memo == null) {
            return canonical(state);
        }
        long hash = Fingerprints.of(state, words);
        long fp = memo.canonical(state, hash);
        if (fp == 0) {
            fp = canonical(state);
            memo.remember(state, hash, fp);
        }
        return fp;
    }

    void publish() {
        publishedGenerated = generated;
    }

    /**
     * The successors of the candidate ample set being reported, and of the one taken: action, mask,
     * state and, once the proviso computed it, fingerprint and representative. A candidate without
     * a witness is dropped when it ends; the first with one is taken, and the model told to stop.
     */
    private final class Ample implements Model.AmpleSets {
        static final byte NEW = 0;
        static final byte STORED = 1;
        static final byte SELF_LOOP = 2;
        int size;
        /** The taken candidate's witness (an index into the buffer), or -1 while none is taken. */
        int witness;
        /** The successors before this index have their kind (and, unless a self-loop, canonical form) kept. */
        int checkedEnd;
        int[] action = new int[8];
        byte[] kind = new byte[8];
        long[] mask = new long[8];
        long[] fp = new long[8];
        private final StateRows states;
        private final StateRows reps;

        Ample(int words) {
            this.states = new StateRows(words, 8);
            this.reps = new StateRows(words, 8);
        }

        void clear() {
            size = 0;
            witness = -1;
        }

        @Override
        public boolean endSet() {
            if (witness >= 0) {
                return false;   // a model that went on after being told to stop
            }
            if (size == 0) {
                return true;    // C0: an empty set is no ample set
            }
            witness = witnessIn(size);
            if (witness >= 0) {
                return false;
            }
            size = 0;   // dropped: the next candidate starts the buffer again
            return true;
        }

        @Override
        public void accept(int a, long[] next, long violations) {
            if (witness >= 0) {
                return;
            }
            if (size == action.length) {
                int n = 2 * size;
                action = Arrays.copyOf(action, n);
                mask = Arrays.copyOf(mask, n);
                kind = Arrays.copyOf(kind, n);
                fp = Arrays.copyOf(fp, n);
                states.ensure(n);
                reps.ensure(n);
            }
            action[size] = a;
            mask[size] = violations;
            states.set(size, next);
            size++;
        }

        /** Successor i, in a scratch array valid until the next call. */
        long[] state(int i) {
            return states.get(i);
        }

        void keepCanonical(int i, long fingerprint, long[] rep) {
            kind[i] = NEW;
            fp[i] = fingerprint;
            if (memo == null) {
                reps.set(i, rep);   // with the memo, rep may be stale, and no one reads it
            }
        }

        /** Representative i, in a scratch array valid until the next call. */
        long[] rep(int i) {
            return reps.get(i);
        }
    }
}
