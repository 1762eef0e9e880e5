package trapcheck.engine;

import java.util.List;

/**
 * A model that passes everything to another one; subclasses override what they change (typically
 * {@link #newWorker()}, to watch or steer the steps). Used to instrument a model without copying it.
 * The {@link #identity()} is the inner model's: a subclass that changes the transitions must
 * override it.
 */
public abstract class ForwardingModel implements Model {
    protected final Model inner;

    protected ForwardingModel(Model inner) {
        this.inner = inner;
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
    public String identity() {
        return inner.identity();
    }

    @Override
    public Worker newWorker() {
        return inner.newWorker();
    }

    /**
     * A worker that passes everything to {@code w} except the expansion, which {@code expand} does (to
     * watch or steer the successors). It offers no ample sets, so a search through it is a full one.
     */
    public static Worker expandingThrough(Worker w, Expansion expand) {
        return new Worker() {
            @Override
            public long check(long[] state) {
                return w.check(state);
            }

            @Override
            public void successors(long[] state, Successors sink) {
                expand.successors(state, sink);
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

    /** How {@link #expandingThrough} expands a state. */
    @FunctionalInterface
    public interface Expansion {
        void successors(long[] state, Successors sink);
    }
}
