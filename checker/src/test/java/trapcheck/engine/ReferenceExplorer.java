package trapcheck.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A plain, obviously-correct sequential BFS over java.util collections, to check the engine
 * against. It keeps, for every new state, the first discoverer in (parent order, action order)
 * and its concrete successor, stops after the first level with a violating transition, and picks
 * the first violating transition of that level: the definition the engine must meet.
 */
final class ReferenceExplorer {

    record Outcome(Verdict verdict, long distinct, long violations, long[] initial, List<Integer> actions,
                   List<long[]> states) {
    }

    private record Node(long[] state, Node parent, int action, long mask, int ordinal) {
    }

    private ReferenceExplorer() {
    }

    static Outcome bfs(Model model, boolean symmetry) {
        Model.Worker worker = model.newWorker();
        boolean sym = symmetry && model.hasSymmetry();
        Set<List<Long>> seen = new HashSet<>();
        List<Node> frontier = new ArrayList<>();
        Node initialViolation = null;
        List<long[]> initial = model.initialStates();
        for (int i = 0; i < initial.size(); i++) {
            long[] s = initial.get(i).clone();
            long mask = worker.check(s);
            Node node = new Node(s, null, -1, mask, i);
            if (mask != 0 && initialViolation == null) {
                initialViolation = node;
            }
            if (seen.add(key(worker, s, sym))) {
                frontier.add(node);
            }
        }
        if (initialViolation != null) {
            return outcome(Verdict.VIOLATED, seen.size(), initialViolation);
        }
        while (!frontier.isEmpty()) {
            List<Node> next = new ArrayList<>();
            Node[] violation = {null};
            for (Node parent : frontier) {
                worker.successors(parent.state, (action, succ, mask) -> {
                    long[] copy = succ.clone();
                    if (mask != 0 && violation[0] == null) {
                        violation[0] = new Node(copy, parent, action, mask, -1);
                    }
                    if (!Arrays.equals(copy, parent.state) && seen.add(key(worker, copy, sym))) {
                        next.add(new Node(copy, parent, action, mask, -1));
                    }
                });
            }
            if (violation[0] != null) {
                return outcome(Verdict.VIOLATED, seen.size(), violation[0]);
            }
            frontier = next;
        }
        return new Outcome(Verdict.HOLDS, seen.size(), 0, null, List.of(), List.of());
    }

    private static List<Long> key(Model.Worker worker, long[] state, boolean sym) {
        long[] rep = state.clone();
        if (sym) {
            worker.representative(state, rep);
        }
        List<Long> key = new ArrayList<>(rep.length);
        for (long w : rep) {
            key.add(w);
        }
        return key;
    }

    private static Outcome outcome(Verdict verdict, long distinct, Node end) {
        List<Integer> actions = new ArrayList<>();
        List<long[]> states = new ArrayList<>();
        Node n = end;
        while (n.parent != null) {
            actions.add(0, n.action);
            states.add(0, n.state);
            n = n.parent;
        }
        return new Outcome(verdict, distinct, end.mask, n.state, actions, states);
    }
}
