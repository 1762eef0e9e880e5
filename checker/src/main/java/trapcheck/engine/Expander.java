package trapcheck.engine;

/*
 * The per-thread part every strategy shares: asks the model for the successors of a state, counts
 * them (generated, per-action fires: plain per-thread counters, summed at the end, so no
 * contention), reports violating transitions, skips self-loops, and computes the representative
 * and fingerprint on demand. What to do with a successor is the strategy's Sink: BFS offers it to
 * the level table, DFS admits and pushes it, simulation notes its action as one to choose from.
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
    }

    final Model.Worker worker;
    final long[] rep;
    final long[] fires;
    final int words;
    final int actionCount;
    final boolean symmetry;
    private long[] source;
    private Sink sink;
    long generated;
    /** generated, as last published for the progress thread. */
    volatile long publishedGenerated;

    Expander(Model model, boolean symmetry) {
        this.worker = model.newWorker();
        this.words = model.stateWords();
        this.symmetry = symmetry && model.hasSymmetry();
        this.rep = new long[words];
        this.actionCount = model.actionCount();
        this.fires = new long[actionCount];
    }

    void expand(long[] state, Sink to) {
        source = state;
        sink = to;
        worker.successors(state, this);
    }

    @Override
    public void accept(int action, long[] next, long violations) {
        generated++;
        fires[action]++;
        if (violations != 0) {
            sink.violation(action, next, violations);
        }
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
}
