package trapcheck.engine;

import java.util.List;

/**
 * Fixture: delegates to another model and runs a hook (a sleep, a stop request) before every
 * expansion. Its identity (words, actions, initial states) is the inner model's, so a checkpoint
 * written with the hook can be resumed without it.
 */
final class HookedModel implements Model {
    private final Model inner;
    private final Runnable beforeExpansion;

    HookedModel(Model inner, Runnable beforeExpansion) {
        this.inner = inner;
        this.beforeExpansion = beforeExpansion;
    }

    static HookedModel slow(Model inner, long micros) {
        return new HookedModel(inner, () -> {
            long until = System.nanoTime() + micros * 1000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        });
    }

    /** Requests a stop once {@code expansions} states have been expanded. */
    static HookedModel stopAfter(Model inner, long expansions, StopSignal signal) {
        java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();
        return new HookedModel(inner, () -> {
            if (n.incrementAndGet() == expansions) {
                signal.request("test-stop");
            }
        });
    }

    @Override
    public int stateWords() {
        return inner.stateWords();
    }

    @Override
    public int actionCount() {
        return inner.actionCount();
    }

    @Override
    public String actionName(int action) {
        return inner.actionName(action);
    }

    @Override
    public List<Property> properties() {
        return inner.properties();
    }

    @Override
    public List<long[]> initialStates() {
        return inner.initialStates();
    }

    @Override
    public boolean hasSymmetry() {
        return inner.hasSymmetry();
    }

    @Override
    public Worker newWorker() {
        Worker w = inner.newWorker();
        return new Worker() {
            @Override
            public long check(long[] state) {
                return w.check(state);
            }

            @Override
            public void successors(long[] state, Successors sink) {
                beforeExpansion.run();
                w.successors(state, sink);
            }

            @Override
            public long apply(long[] state, int action, long[] next) {
                return w.apply(state, action, next);
            }

            @Override
            public void representative(long[] state, long[] out) {
                w.representative(state, out);
            }
        };
    }
}
