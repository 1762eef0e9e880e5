package trapcheck.kvm.reference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import trapcheck.kvm.reference.RefState.Where;
import trapcheck.kvm.spec.Invariant;
import trapcheck.kvm.spec.Spec;

/**
 * A plain breadth-first explorer of the KVM ptrauth world of a spec, independent of trapcheck's
 * model: whole states as records in a hash map with parent links, no symmetry, no fingerprints, no
 * packing. It stops at the first BFS level with a transition that breaks a checked invariant, so
 * the counterexample it reports is a shortest one.
 */
final class ReferenceExplorer {
    /**
     * @param violated     some reachable step breaks a checked invariant
     * @param length       the shortest counterexample's steps (0 when it holds)
     * @param broken       what the last step of the counterexample found breaks
     * @param states       distinct states (complete only when it holds)
     * @param neverEntered when it holds: the vCPUs that asked for ptrauth and never entered the guest
     * @param trace        the counterexample's step labels
     */
    record Outcome(boolean violated, int length, Set<Invariant> broken, long states, List<String> neverEntered,
                   List<String> trace) {
    }

    /** The exploration went past its budget. */
    static final class TooBig extends RuntimeException {
        TooBig(long states) {
            super("more than " + states + " states");
        }
    }

    private ReferenceExplorer() {
    }

    static Outcome explore(Spec spec, long maxStates) {
        RefWorld w = new RefWorld(spec);
        RefSemantics sem = new RefSemantics(w);
        RefState init = RefState.initial(w);
        Map<RefState, RefState> parent = new HashMap<>();
        Map<RefState, String> via = new HashMap<>();
        parent.put(init, init);
        boolean[] entered = new boolean[w.vcpus()];
        List<RefState> level = List.of(init);
        int depth = 0;
        while (!level.isEmpty()) {
            List<RefState> next = new ArrayList<>();
            for (RefState s : level) {
                for (RefSemantics.Transition t : sem.successors(s)) {
                    if (!t.broken().isEmpty()) {
                        List<String> trace = new ArrayList<>();
                        trace.add(t.label());
                        for (RefState at = s; at != init; at = parent.get(at)) {
                            trace.add(0, via.get(at));
                        }
                        return new Outcome(true, depth + 1, t.broken(), parent.size(), List.of(), trace);
                    }
                    if (!parent.containsKey(t.next())) {
                        parent.put(t.next(), s);
                        via.put(t.next(), t.label());
                        next.add(t.next());
                        if (parent.size() > maxStates) {
                            throw new TooBig(maxStates);
                        }
                        for (int g = 0; g < w.vcpus(); g++) {
                            entered[g] |= t.next().vcpus().get(g).where() == Where.GUEST;
                        }
                    }
                }
            }
            level = next;
            depth++;
        }
        List<String> never = new ArrayList<>();
        for (int g = 0; g < w.vcpus(); g++) {
            if (w.asked.get(g) && !entered[g]) {
                never.add(w.vcpuNames.get(g));
            }
        }
        return new Outcome(false, 0, new TreeSet<>(), parent.size(), never, List.of());
    }
}
