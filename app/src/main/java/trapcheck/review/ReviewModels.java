package trapcheck.review;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import trapcheck.engine.ForwardingModel;
import trapcheck.engine.Model;
import trapcheck.spi.Instrumentation;

/**
 * Views of an instrumented model for design review.
 *
 * <p>Both views report no property as broken, so an exploration goes on past a violation: coverage
 * asks which policy code is reachable at all, and costs ask what a policy does under a workload,
 * whether or not it is correct (a state that breaks a property is still a state of the model).
 *
 * <p>Costs need the events of the transitions a random walk <em>takes</em>, not of every successor
 * it computes to choose among. The engine's simulation takes each chosen step with
 * {@link Model.Worker#apply} (see {@link trapcheck.engine.Strategy#SIMULATION}), so
 * {@link #takenSteps} counts exactly the events reported while {@code apply} runs. Nothing else
 * calls {@code apply} here: trace replay does, but these views never report a violation to replay.
 */
public final class ReviewModels {

    private ReviewModels() {
    }

    /** The instrumented model with every coverage point the exploration computes marked in {@code covered}. */
    public static Model coverage(Instrumentation instrumentation, AtomicIntegerArray covered) {
        Instrumentation.Probe probe = new Instrumentation.Probe() {
            @Override
            public void covered(int point) {
                // a plain read first: once every worker has seen a point, nothing contends on it
                if (point >= 0 && point < covered.length() && covered.get(point) == 0) {
                    covered.set(point, 1);
                }
            }

            @Override
            public void counted(int counter) {
            }
        };
        return withoutViolations(instrumentation.instrumented(probe), null);
    }

    /**
     * The instrumented model with every goal ({@link Instrumentation#goals()}) the exploration reaches
     * marked in {@code reached}; {@code done} is requested once all are.
     */
    public static Model goals(Instrumentation instrumentation, AtomicIntegerArray reached, trapcheck.engine.StopSignal done) {
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(reached.length());
        Instrumentation.Probe probe = new Instrumentation.Probe() {
            @Override
            public void covered(int point) {
            }

            @Override
            public void counted(int counter) {
            }

            @Override
            public void reached(int goal) {
                if (goal >= 0 && goal < reached.length() && reached.compareAndSet(goal, 0, 1)
                        && left.decrementAndGet() == 0) {
                    done.request("every goal reached");
                }
            }
        };
        return withoutViolations(instrumentation.instrumented(probe), null);
    }

    /**
     * The instrumented model adding to {@code counts} the counter events of the steps the walks of a
     * {@code SIMULATION} take.
     */
    public static Model takenSteps(Instrumentation instrumentation, AtomicLongArray counts) {
        ThreadLocal<Boolean> taking = ThreadLocal.withInitial(() -> Boolean.FALSE);
        Instrumentation.Probe probe = new Instrumentation.Probe() {
            @Override
            public void covered(int point) {
            }

            @Override
            public void counted(int counter) {
                if (taking.get() && counter >= 0 && counter < counts.length()) {
                    counts.incrementAndGet(counter);
                }
            }
        };
        return withoutViolations(instrumentation.instrumented(probe), taking);
    }

    /** The model with no property broken by anything; {@code applying}, if not null, is set while apply runs. */
    static Model withoutViolations(Model inner, ThreadLocal<Boolean> applying) {
        return new ForwardingModel(inner) {
            @Override
            public Worker newWorker() {
                return new QuietWorker(inner.newWorker(), applying);
            }
        };
    }

    private static final class QuietWorker implements Model.Worker {
        private final Model.Worker w;
        private final ThreadLocal<Boolean> applying;

        QuietWorker(Model.Worker w, ThreadLocal<Boolean> applying) {
            this.w = w;
            this.applying = applying;
        }

        @Override
        public long check(long[] state) {
            return 0;
        }

        @Override
        public void successors(long[] state, Model.Successors sink) {
            w.successors(state, (action, next, violations) -> sink.accept(action, next, 0));
        }

        @Override
        public long apply(long[] state, int action, long[] next) {
            if (applying != null) {
                applying.set(Boolean.TRUE);
            }
            try {
                long r = w.apply(state, action, next);
                return r == Model.NOT_ENABLED ? Model.NOT_ENABLED : 0;
            } finally {
                if (applying != null) {
                    applying.set(Boolean.FALSE);
                }
            }
        }

        @Override
        public void representative(long[] state, long[] out) {
            w.representative(state, out);
        }
    }
}
