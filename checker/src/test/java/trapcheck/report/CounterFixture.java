package trapcheck.report;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import trapcheck.engine.Model;
import trapcheck.engine.Options;
import trapcheck.engine.Property;
import trapcheck.engine.Result;
import trapcheck.engine.Statistics;
import trapcheck.engine.Trace;
import trapcheck.engine.Verdict;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.StepDetail;

/**
 * A tiny world for testing the CLI and the reports without the real model: two counters, "left"
 * (0..maxLeft) and "right" (0..2), one word each.
 *
 * <p>Actions: 0 left increments, 1 right increments, 2 left resets to 0. Properties: 0 "not-both-max"
 * (broken when left is 3 and right is 2), 1 "sum-at-most-4" (left + right &lt;= 4), 2 "no-reset-from-3"
 * (broken by the step that resets left from 3 while right is 2: never reached, as the state before
 * already breaks the others). With maxLeft 2 every property holds.
 */
public final class CounterFixture {

    public static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private CounterFixture() {
    }

    public static final class CounterModel implements Model {
        static final List<Property> ALL = List.of(
                new Property("not-both-max", "left and right are never both at their maximum"),
                new Property("sum-at-most-4", "left + right stays at most 4"),
                new Property("no-reset-from-3", "left is never reset from 3"));
        final int maxLeft;
        final long[] initial;
        /** The properties checked, as indices into {@link #ALL} in order; bit i of a mask is selected[i]. */
        final int[] selected;

        public CounterModel(int maxLeft, long[] initial) {
            this(maxLeft, initial, new int[] {0, 1, 2});
        }

        CounterModel(int maxLeft, long[] initial, int[] selected) {
            this.maxLeft = maxLeft;
            this.initial = initial;
            this.selected = selected;
        }

        /** A mask over {@link #ALL} as a mask over the selected properties. */
        long select(long all) {
            long m = 0;
            for (int i = 0; i < selected.length; i++) {
                if ((all & (1L << selected[i])) != 0) {
                    m |= 1L << i;
                }
            }
            return m;
        }

        @Override
        public int stateWords() {
            return 2;
        }

        @Override
        public int actionCount() {
            return 3;
        }

        @Override
        public String actionName(int action) {
            return List.of("inc-left", "inc-right", "reset-left").get(action);
        }

        @Override
        public List<Property> properties() {
            return java.util.Arrays.stream(selected).mapToObj(ALL::get).toList();
        }

        @Override
        public List<long[]> initialStates() {
            return List.of(initial.clone());
        }

        static long stateMask(long[] s) {
            long m = 0;
            if (s[0] == 3 && s[1] == 2) {
                m |= 1;
            }
            if (s[0] + s[1] > 4) {
                m |= 2;
            }
            return m;
        }

        @Override
        public Worker newWorker() {
            return new Worker() {
                @Override
                public long check(long[] state) {
                    return select(stateMask(state));
                }

                @Override
                public void successors(long[] state, Successors sink) {
                    long[] next = new long[2];
                    for (int a = 0; a < 3; a++) {
                        long v = apply(state, a, next);
                        if (v != NOT_ENABLED) {
                            sink.accept(a, next, v);
                        }
                    }
                }

                @Override
                public long apply(long[] state, int action, long[] next) {
                    next[0] = state[0];
                    next[1] = state[1];
                    long step = 0;
                    switch (action) {
                        case 0 -> {
                            if (state[0] >= maxLeft) {
                                return NOT_ENABLED;
                            }
                            next[0]++;
                        }
                        case 1 -> {
                            if (state[1] >= 2) {
                                return NOT_ENABLED;
                            }
                            next[1]++;
                        }
                        case 2 -> {
                            if (state[0] == 0) {
                                return NOT_ENABLED;
                            }
                            step = state[0] == 3 && state[1] == 2 ? 4 : 0;
                            next[0] = 0;
                        }
                        default -> {
                            return NOT_ENABLED;
                        }
                    }
                    return select(stateMask(next) | step);
                }
            };
        }
    }

    /** The presentation of the counter world. */
    public static final class CounterTarget implements CheckTarget {
        final String name;
        final Path file;
        final CounterModel model;
        final Expectation expectation;
        final String sha;

        /** Whether {@link #withProperties} selects (like the KVM model) or cannot (the SPI's default). */
        final boolean selectable;

        public CounterTarget(String name, Path file, int maxLeft, long[] initial, Expectation expectation, String sha) {
            this(name, file, new CounterModel(maxLeft, initial), expectation, sha, false);
        }

        private CounterTarget(String name, Path file, CounterModel model, Expectation expectation, String sha,
                              boolean selectable) {
            this.name = name;
            this.file = file;
            this.model = model;
            this.expectation = expectation;
            this.sha = sha;
            this.selectable = selectable;
        }

        /** The same target, able to check a subset of its properties. */
        public CounterTarget selectable() {
            return new CounterTarget(name, file, model, expectation, sha, true);
        }

        /** When {@link #selectable()}: the same counters checking only {@code ids} (in catalogue order). */
        @Override
        public java.util.Optional<CheckTarget> withProperties(List<String> ids) {
            if (!selectable) {
                return java.util.Optional.empty();
            }
            List<String> known = model.properties().stream().map(Property::id).toList();
            for (String id : ids) {
                if (!known.contains(id)) {
                    throw new IllegalArgumentException(name + " does not check '" + id + "'");
                }
            }
            int[] only = java.util.stream.IntStream.range(0, CounterModel.ALL.size())
                    .filter(i -> ids.contains(CounterModel.ALL.get(i).id())).toArray();
            return java.util.Optional.of(new CounterTarget(name, file, new CounterModel(model.maxLeft, model.initial,
                    only), expectation, sha, true));
        }

        /** left up to 3, from (0, 0), expected to break not-both-max. */
        public static CounterTarget standard() {
            return new CounterTarget("counter", Path.of("specs/counter.yaml"), 3, new long[] {0, 0},
                    new Expectation(Verdict.VIOLATED, "not-both-max"), SHA);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String description() {
            return "two counters";
        }

        @Override
        public Path file() {
            return file;
        }

        @Override
        public String sourceHash() {
            return sha;
        }

        @Override
        public Model model() {
            return model;
        }

        @Override
        public Expectation expectation() {
            return expectation;
        }

        @Override
        public Settings settings() {
            return new Settings(true, 0);
        }

        @Override
        public String describeAction(long[] before, int action) {
            return switch (action) {
                case 0 -> "left increments " + before[0] + " -> " + (before[0] + 1);
                case 1 -> "right increments " + before[1] + " -> " + (before[1] + 1);
                case 2 -> "left resets from " + before[0];
                default -> "action " + action;
            };
        }

        @Override
        public List<String> actorsOf(long[] before, int action) {
            return action == 1 ? List.of("right") : List.of("left");
        }

        @Override
        public List<String> lanes() {
            return List.of("left", "right");
        }

        @Override
        public Map<String, String> render(long[] state) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("left.count", word(state[0]));
            m.put("right.count", word(state[1]));
            return m;
        }

        private static String word(long n) {
            return n < 4 ? List.of("zero", "one", "two", "three").get((int) n) : Long.toString(n);
        }

        @Override
        public String explain(long[] before, int action, long[] after, String propertyId) {
            String how = before == null ? "at the start" : "after " + describeAction(before, action);
            return switch (propertyId) {
                case "not-both-max" -> "left is " + word(after[0]) + " and right is " + word(after[1]) + " " + how;
                case "sum-at-most-4" -> "left + right = " + (after[0] + after[1]) + " " + how;
                default -> propertyId + " broken " + how;
            };
        }
    }

    /**
     * The counter world with what a richer model says besides: each step's part ("left: count + 1" at
     * line 3 of the spec, "right" without text or location) writing its counter afresh, the label
     * telling left's change, the counters as the structured value {n, max}, and each property's
     * evidence (not-both-max: both counters; sum-at-most-4: right; no-reset-from-3: no field, line 9).
     */
    public static CheckTarget detailed(CounterTarget base) {
        return (CheckTarget) java.lang.reflect.Proxy.newProxyInstance(CheckTarget.class.getClassLoader(),
                new Class<?>[] {CheckTarget.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "detail" -> {
                        int action = (Integer) args[1];
                        String field = action == 1 ? "right.count" : "left.count";
                        String text = action == 0 ? "left: count + 1" : action == 2 ? "left: reset" : null;
                        trapcheck.spi.SourceLocation at = action == 1 ? null
                                : new trapcheck.spi.SourceLocation(base.file(), action == 0 ? 3 : 5, 7);
                        List<StepDetail.Move> moves = List.of(new StepDetail.Move(field, null));
                        yield new StepDetail(List.of(new StepDetail.Effect(text, at, moves)),
                                action == 0 ? java.util.Set.of("left.count") : java.util.Set.of());
                    }
                    case "evidence" -> switch ((String) args[3]) {
                        case "not-both-max" -> new trapcheck.spi.Evidence(List.of("left.count", "right.count"), null);
                        case "sum-at-most-4" -> new trapcheck.spi.Evidence(List.of("right.count"), null);
                        default -> new trapcheck.spi.Evidence(List.of(),
                                new trapcheck.spi.SourceLocation(base.file(), 9, 1));
                    };
                    case "structured" -> {
                        long[] state = (long[]) args[0];
                        Map<String, Map<String, Object>> v = new LinkedHashMap<>();
                        v.put("left.count", counter(state[0], state[0] == base.model.maxLeft));
                        v.put("right.count", counter(state[1], state[1] == 2));
                        yield v;
                    }
                    default -> method.invoke(base, args);
                });
    }

    private static Map<String, Object> counter(long n, boolean max) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", (int) n);
        m.put("max", max);
        return m;
    }

    /** Applies the actions in order from the first initial state; fails if one is not enabled. */
    public static Trace trace(Model model, int... actions) {
        long[] state = model.initialStates().get(0);
        List<Trace.Step> steps = new ArrayList<>();
        Model.Worker w = model.newWorker();
        for (int a : actions) {
            long[] next = new long[model.stateWords()];
            long v = w.apply(state, a, next);
            if (v == Model.NOT_ENABLED) {
                throw new IllegalArgumentException("action " + a + " not enabled");
            }
            steps.add(new Trace.Step(a, next, v));
            state = next;
        }
        return new Trace(model.initialStates().get(0), steps);
    }

    /**
     * An obviously simple BFS standing in for the real engine: shortest counterexample in action
     * order, max-states limit, stop signal.
     */
    public static Result referenceExplore(Model model, Options options) {
        Model.Worker w = model.newWorker();
        Map<List<Long>, long[]> parent = new HashMap<>();
        Map<List<Long>, Integer> via = new HashMap<>();
        Map<List<Long>, Integer> depthOf = new HashMap<>();
        ArrayDeque<long[]> queue = new ArrayDeque<>();
        long generated = 0;
        int depth = 0;
        long[] fires = new long[model.actionCount()];
        for (long[] init : model.initialStates()) {
            long v = w.check(init);
            if (v != 0) {
                return new Result(Verdict.VIOLATED, v, new Trace(init, List.of()),
                        stats(1, 0, 0, options, fires), null);
            }
            if (!depthOf.containsKey(key(init))) {
                depthOf.put(key(init), 0);
                queue.add(init);
            }
        }
        while (!queue.isEmpty()) {
            if (options.stop().requested()) {
                return new Result(Verdict.INCOMPLETE, 0, null, stats(depthOf.size(), generated, depth, options, fires),
                        options.stop().reason());
            }
            long[] s = queue.poll();
            int d = depthOf.get(key(s));
            long[] next = new long[model.stateWords()];
            for (int a = 0; a < model.actionCount(); a++) {
                long v = w.apply(s, a, next);
                if (v == Model.NOT_ENABLED) {
                    continue;
                }
                generated++;
                fires[a]++;
                long[] copy = next.clone();
                if (v != 0) {
                    List<Trace.Step> steps = new ArrayList<>();
                    steps.add(new Trace.Step(a, copy, v));
                    long[] at = s;
                    while (parent.get(key(at)) != null) {
                        steps.add(0, new Trace.Step(via.get(key(at)), at, 0));
                        at = parent.get(key(at));
                    }
                    return new Result(Verdict.VIOLATED, v, new Trace(at, steps),
                            stats(depthOf.size(), generated, d + 1, options, fires), null);
                }
                if (!depthOf.containsKey(key(copy))) {
                    if (options.maxStates() > 0 && depthOf.size() >= options.maxStates()) {
                        return new Result(Verdict.INCOMPLETE, 0, null,
                                stats(depthOf.size(), generated, depth, options, fires), "max-states");
                    }
                    depthOf.put(key(copy), d + 1);
                    parent.put(key(copy), s);
                    via.put(key(copy), a);
                    depth = Math.max(depth, d + 1);
                    queue.add(copy);
                }
            }
        }
        return new Result(Verdict.HOLDS, 0, null, stats(depthOf.size(), generated, depth, options, fires), null);
    }

    private static List<Long> key(long[] s) {
        return Arrays.stream(s).boxed().toList();
    }

    private static Statistics stats(long distinct, long generated, int depth, Options o, long[] fires) {
        return new Statistics(distinct, generated, depth, 0.25, o.threads(), fires.clone(), 1e-12, 1024, 1 << 20, 64);
    }
}
