package trapcheck.engine;

/**
 * Fixture: delegates to another model and runs a hook (a sleep, a stop request) before every
 * expansion. Its identity (words, actions, initial states) is the inner model's, so a checkpoint
 * written with the hook can be resumed without it.
 */
public final class HookedModel extends ForwardingModel {
    private final Runnable beforeExpansion;

    HookedModel(Model inner, Runnable beforeExpansion) {
        super(inner);
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
        return stopAfter(inner, expansions, signal, "test-stop");
    }

    /** Requests a stop, saying {@code why}, once {@code expansions} states have been expanded (the CLI's tests too). */
    public static HookedModel stopAfter(Model inner, long expansions, StopSignal signal, String why) {
        java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();
        return new HookedModel(inner, () -> {
            if (n.incrementAndGet() == expansions) {
                signal.request(why);
            }
        });
    }

    @Override
    public Worker newWorker() {
        Worker w = inner.newWorker();
        return expandingThrough(w, (state, sink) -> {
            beforeExpansion.run();
            w.successors(state, sink);
        });
    }
}
