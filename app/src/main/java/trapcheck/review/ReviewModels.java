package trapcheck.review;

import java.util.Arrays;
import java.util.List;
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
 * <p>Costs need the events of the transitions a random walk <em>takes</em>, but a worker computes
 * every enabled successor of the state it expands. {@link #takenSteps} therefore holds the events of
 * each successor (the contract of {@link Instrumentation#instrumented}: a transition's events come
 * before its successor is handed over) until the walk expands its next state, and then commits the
 * events of the successor equal to that state (the first one, if several are equal). It follows the
 * engine's walks as {@code RandomSimulation} documents them: a walk expands at most {@code depth}
 * states and ends early when no successor has a positive weight; the next expansion after either
 * starts a new walk from an initial state and commits nothing. The last step of a walk cut by the
 * depth limit is never expanded and so not counted; neither is anything computed by {@code apply}
 * (replaying a trace).
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
        return withoutViolations(instrumentation.instrumented(probe));
    }

    /**
     * The instrumented model adding to {@code counts} the counter events of the transitions the walks
     * of a {@code SIMULATION} take, for one thread, with these action weights and walk depth.
     */
    public static Model takenSteps(Instrumentation instrumentation, AtomicLongArray counts,
                                   java.util.function.IntToDoubleFunction weights, int depth) {
        ThreadLocal<TakenStepWorker> current = new ThreadLocal<>();
        Instrumentation.Probe probe = new Instrumentation.Probe() {
            @Override
            public void covered(int point) {
            }

            @Override
            public void counted(int counter) {
                TakenStepWorker w = current.get();
                if (w != null) {
                    w.event(counter);
                }
            }
        };
        Model inner = instrumentation.instrumented(probe);
        return new ForwardingModel(inner) {
            @Override
            public Worker newWorker() {
                return new TakenStepWorker(inner, counts, current, weights, depth);
            }
        };
    }

    /** The model with no property broken by anything. */
    static Model withoutViolations(Model inner) {
        return new ForwardingModel(inner) {
            @Override
            public Worker newWorker() {
                Worker w = inner.newWorker();
                return new Worker() {
                    @Override
                    public long check(long[] state) {
                        return 0;
                    }

                    @Override
                    public void successors(long[] state, Successors sink) {
                        w.successors(state, (action, next, violations) -> sink.accept(action, next, 0));
                    }

                    @Override
                    public long apply(long[] state, int action, long[] next) {
                        long r = w.apply(state, action, next);
                        return r == Model.NOT_ENABLED ? Model.NOT_ENABLED : 0;
                    }

                    @Override
                    public void representative(long[] state, long[] out) {
                        w.representative(state, out);
                    }
                };
            }
        };
    }

    /** See the class comment: candidates of the last expansion, with their events, until the next one. */
    private static final class TakenStepWorker implements Model.Worker {
        private final Model.Worker w;
        private final AtomicLongArray counts;
        private final ThreadLocal<TakenStepWorker> current;
        private final int words;
        private long[] candidates;
        private int[] eventEnd;
        private int count;
        private int[] events = new int[256];
        private int eventCount;
        private final java.util.function.IntToDoubleFunction weights;
        private final int depth;
        private int expansions;       // states the current walk expanded
        private boolean couldChoose;  // the last expansion had a successor of positive weight

        TakenStepWorker(Model inner, AtomicLongArray counts, ThreadLocal<TakenStepWorker> current,
                        java.util.function.IntToDoubleFunction weights, int depth) {
            this.weights = weights == null ? a -> 1.0 : weights;
            this.depth = depth;
            this.w = inner.newWorker();
            this.counts = counts;
            this.current = current;
            this.words = inner.stateWords();
            int actions = Math.max(1, inner.actionCount());
            this.candidates = new long[actions * words];
            this.eventEnd = new int[actions];
        }

        void event(int counter) {
            if (eventCount == events.length) {
                events = Arrays.copyOf(events, events.length * 2);
            }
            events[eventCount++] = counter;
        }

        @Override
        public long check(long[] state) {
            return 0;
        }

        @Override
        public void successors(long[] state, Model.Successors sink) {
            if (expansions > 0 && expansions < depth && couldChoose) {
                commit(state);
            } else {
                expansions = 0; // a new walk
            }
            expansions++;
            couldChoose = false;
            count = 0;
            eventCount = 0;
            current.set(this);
            try {
                w.successors(state, (action, next, violations) -> {
                    if (count == eventEnd.length) {
                        eventEnd = Arrays.copyOf(eventEnd, count * 2);
                        candidates = Arrays.copyOf(candidates, count * 2 * words);
                    }
                    System.arraycopy(next, 0, candidates, count * words, words);
                    eventEnd[count++] = eventCount;
                    couldChoose |= weights.applyAsDouble(action) > 0;
                    sink.accept(action, next, 0);
                });
            } finally {
                current.remove();
            }
        }

        /** Counts the events of the previous expansion's successor equal to {@code state}, if any. */
        private void commit(long[] state) {
            for (int c = 0; c < count; c++) {
                if (Arrays.equals(candidates, c * words, (c + 1) * words, state, 0, words)) {
                    for (int e = c == 0 ? 0 : eventEnd[c - 1]; e < eventEnd[c]; e++) {
                        if (events[e] >= 0 && events[e] < counts.length()) {
                            counts.incrementAndGet(events[e]);
                        }
                    }
                    break;
                }
            }
        }

        @Override
        public long apply(long[] state, int action, long[] next) {
            long r = w.apply(state, action, next);
            return r == Model.NOT_ENABLED ? Model.NOT_ENABLED : 0;
        }

        @Override
        public void representative(long[] state, long[] out) {
            w.representative(state, out);
        }
    }
}
