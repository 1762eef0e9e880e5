package trapcheck.review;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import trapcheck.engine.Explorer;
import trapcheck.engine.Model;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.engine.Strategy;
import trapcheck.engine.Verdict;
import trapcheck.report.CounterFixture;
import trapcheck.spi.Instrumentation;

class ReviewModelsTest {

    /** The counter world, each action counting itself and covering its own point. */
    static Instrumentation counting(CounterFixture.CounterModel m) {
        return new Instrumentation() {
            @Override
            public List<String> coveragePoints() {
                return List.of("inc-left", "inc-right", "reset-left", "never");
            }

            @Override
            public List<String> counters() {
                return List.of("inc-left", "inc-right", "reset-left");
            }

            @Override
            public List<Workload> workloads() {
                return List.of();
            }

            @Override
            public Model instrumented(Probe probe) {
                return new Model() {
                    public int stateWords() {
                        return m.stateWords();
                    }

                    public int actionCount() {
                        return m.actionCount();
                    }

                    public String actionName(int a) {
                        return m.actionName(a);
                    }

                    public List<trapcheck.engine.Property> properties() {
                        return m.properties();
                    }

                    public List<long[]> initialStates() {
                        return m.initialStates();
                    }

                    public Worker newWorker() {
                        Worker w = m.newWorker();
                        return new Worker() {
                            public long check(long[] s) {
                                return w.check(s);
                            }

                            public void successors(long[] s, Successors sink) {
                                long[] next = new long[2];
                                for (int a = 0; a < 3; a++) {
                                    long v = apply(s, a, next);
                                    if (v != NOT_ENABLED) {
                                        sink.accept(a, next, v);
                                    }
                                }
                            }

                            public long apply(long[] s, int a, long[] next) {
                                long v = w.apply(s, a, next);
                                if (v != NOT_ENABLED) {
                                    probe.counted(a);
                                    probe.covered(a);
                                }
                                return v;
                            }
                        };
                    }
                };
            }
        };
    }

    @Test
    void aWalkCountsOnlyTheStepsItTakes() {
        var m = new CounterFixture.CounterModel(3, new long[] {0, 0});
        AtomicLongArray counts = new AtomicLongArray(3);
        // only inc-left may be chosen: each walk takes it three times, then nothing is left to choose;
        // inc-right and reset-left are computed at every state but never taken
        Result r = Explorer.explore(ReviewModels.takenSteps(counting(m), counts),
                Options.defaults().withStrategy(Strategy.SIMULATION).withSimulation(7, 5, 10)
                        .withActionWeights(a -> a == 0 ? 1 : 0));
        assertEquals(Verdict.INCOMPLETE, r.verdict());
        assertEquals(15, counts.get(0));
        assertEquals(0, counts.get(1));
        assertEquals(0, counts.get(2));
    }

    @Test
    void walksGoOnPastViolations() {
        var m = new CounterFixture.CounterModel(3, new long[] {0, 0});
        AtomicLongArray counts = new AtomicLongArray(3);
        Result r = Explorer.explore(ReviewModels.takenSteps(counting(m), counts),
                Options.defaults().withStrategy(Strategy.SIMULATION).withSimulation(7, 20, 50));
        assertEquals(Verdict.INCOMPLETE, r.verdict(), "not-both-max breaks on the way, and is not reported");
        // every step a walk takes counts, the last one (cut by the depth) included
        assertEquals(20 * 50, counts.get(0) + counts.get(1) + counts.get(2));
    }

    @Test
    void coverageExploresPastViolationsAndLeavesUnreachedPointsUnmarked() {
        var m = new CounterFixture.CounterModel(3, new long[] {0, 0});
        AtomicIntegerArray covered = new AtomicIntegerArray(4);
        Result r = Explorer.explore(ReviewModels.coverage(counting(m), covered), Options.defaults().withThreads(2));
        assertEquals(Verdict.HOLDS, r.verdict());
        assertEquals(12, r.stats().distinct(), "all 4 x 3 states, the violating ones included");
        assertEquals("[1, 1, 1, 0]", covered.toString());
    }
}
