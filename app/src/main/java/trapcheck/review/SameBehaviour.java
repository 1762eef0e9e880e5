package trapcheck.review;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import trapcheck.engine.Model;
import trapcheck.engine.Property;
import trapcheck.spi.CheckTarget;

/**
 * Whether two targets behave the same: the product of their models, run in lockstep. A product state
 * is a pair of states reached by the same actions from the two initial states; the one property,
 * {@value #PROPERTY}, breaks where the pair can be told apart: an action enabled in one and not the
 * other, or states that render differently ({@link CheckTarget#render}, every field a person sees).
 * Both models are deterministic (one successor per action), so a product that holds proves the two
 * transition systems isomorphic on what they show, with equal numbers of reachable states; a
 * violation is a shortest run after which they differ.
 *
 * <p>Without symmetry: the product's states are pairs of concrete states, and a representative of
 * one side says nothing of the other. Invariant masks are ignored: the comparison goes on past
 * violations of either side.
 */
final class SameBehaviour implements Model {
    static final String PROPERTY = "same-behaviour";
    private static final List<Property> PROPERTIES =
            List.of(new Property(PROPERTY, "the two policies can not be told apart by any run"));

    private final CheckTarget a;
    private final CheckTarget b;
    private final Model ma;
    private final Model mb;
    private final int wordsA;

    private SameBehaviour(CheckTarget a, CheckTarget b) {
        this.a = a;
        this.b = b;
        this.ma = a.model();
        this.mb = b.model();
        this.wordsA = ma.stateWords();
    }

    /**
     * The product, or null when the two cannot be compared step for step: different actions (not the
     * same topology) or different numbers of initial states.
     */
    static SameBehaviour of(CheckTarget a, CheckTarget b) {
        Model x = a.model();
        Model y = b.model();
        if (x.actionCount() != y.actionCount() || x.initialStates().size() != y.initialStates().size()) {
            return null;
        }
        for (int i = 0; i < x.actionCount(); i++) {
            if (!x.actionName(i).equals(y.actionName(i))) {
                return null;
            }
        }
        return new SameBehaviour(a, b);
    }

    @Override
    public int stateWords() {
        return wordsA + mb.stateWords();
    }

    @Override
    public int actionCount() {
        return ma.actionCount();
    }

    @Override
    public String actionName(int action) {
        return ma.actionName(action);
    }

    @Override
    public List<Property> properties() {
        return PROPERTIES;
    }

    @Override
    public List<long[]> initialStates() {
        List<long[]> xs = ma.initialStates();
        List<long[]> ys = mb.initialStates();
        return java.util.stream.IntStream.range(0, xs.size()).mapToObj(i -> pair(xs.get(i), ys.get(i))).toList();
    }

    private long[] pair(long[] x, long[] y) {
        long[] p = new long[stateWords()];
        System.arraycopy(x, 0, p, 0, wordsA);
        System.arraycopy(y, 0, p, wordsA, y.length);
        return p;
    }

    /** The first side of a product state. */
    long[] first(long[] pair) {
        return java.util.Arrays.copyOfRange(pair, 0, wordsA);
    }

    /** The second side of a product state. */
    long[] second(long[] pair) {
        return java.util.Arrays.copyOfRange(pair, wordsA, pair.length);
    }

    /** The first field in which the two sides of a product state render differently, or null. */
    String difference(long[] pair) {
        Map<String, String> x = a.render(first(pair));
        Map<String, String> y = b.render(second(pair));
        for (Map.Entry<String, String> e : x.entrySet()) {
            String other = y.get(e.getKey());
            if (!Objects.equals(e.getValue(), other)) {
                return e.getKey() + ": " + e.getValue() + " vs " + other;
            }
        }
        for (String k : y.keySet()) {
            if (!x.containsKey(k)) {
                return k + ": (none) vs " + y.get(k);
            }
        }
        return null;
    }

    @Override
    public Worker newWorker() {
        Worker wa = ma.newWorker();
        Worker wb = mb.newWorker();
        return new Worker() {
            private final long[] xs = new long[wordsA];
            private final long[] ys = new long[mb.stateWords()];
            private final long[] nx = new long[wordsA];
            private final long[] ny = new long[mb.stateWords()];
            private final long[] pair = new long[stateWords()];

            @Override
            public long check(long[] state) {
                return difference(state) == null ? 0 : 1;
            }

            /*
             * The pair is compared once, when it is expanded: if its sides differ, every step out of it
             * breaks the property (the run that shows the difference is one step longer than it could be,
             * and every state of these models has a step: a thread can always be preempted or switched in).
             */
            // The successors of side A by action (null: not enabled), filled per expansion.
            private final long[][] byAction = new long[ma.actionCount()][];
            private final long[][] buffers = new long[ma.actionCount()][wordsA];

            @Override
            public void successors(long[] state, Successors sink) {
                long differs = difference(state) == null ? 0 : 1;
                split(state);
                java.util.Arrays.fill(byAction, null);
                wa.successors(xs, (action, n, v) -> {
                    System.arraycopy(n, 0, buffers[action], 0, wordsA);
                    byAction[action] = buffers[action];
                });
                int[] pending = {0};
                wb.successors(ys, (action, n, v) -> {
                    // A's actions below this one that B cannot take: A alone steps.
                    for (; pending[0] < action; pending[0]++) {
                        if (byAction[pending[0]] != null) {
                            join(byAction[pending[0]], ys);
                            sink.accept(pending[0], pair, 1);
                        }
                    }
                    pending[0] = action + 1;
                    boolean both = byAction[action] != null;
                    join(both ? byAction[action] : xs, n);
                    sink.accept(action, pair, both ? differs : 1);
                });
                for (; pending[0] < byAction.length; pending[0]++) {
                    if (byAction[pending[0]] != null) {
                        join(byAction[pending[0]], ys);
                        sink.accept(pending[0], pair, 1);
                    }
                }
            }

            @Override
            public long apply(long[] state, int action, long[] out) {
                long differs = difference(state) == null ? 0 : 1;
                split(state);
                long ra = wa.apply(xs, action, nx);
                long rb = wb.apply(ys, action, ny);
                boolean ea = ra != NOT_ENABLED;
                boolean eb = rb != NOT_ENABLED;
                if (!ea && !eb) {
                    return NOT_ENABLED;
                }
                join(ea ? nx : xs, eb ? ny : ys);
                System.arraycopy(pair, 0, out, 0, pair.length);
                return ea == eb ? differs : 1;
            }

            private void split(long[] state) {
                System.arraycopy(state, 0, xs, 0, wordsA);
                System.arraycopy(state, wordsA, ys, 0, ys.length);
            }

            private void join(long[] x, long[] y) {
                System.arraycopy(x, 0, pair, 0, wordsA);
                System.arraycopy(y, 0, pair, wordsA, y.length);
            }
        };
    }
}
