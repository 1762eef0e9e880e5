package trapcheck.kvm.spec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The moves of {@link PolicyEdits#REPAIR_MOVES}: what a fix does besides undoing a mistake. A region
 * around adjacent ops of a preemptible handler; an op moved to any place of another hook; an op of
 * the vocabulary (every modelled key, both bits) added at any place of a hook that has none of it.
 */
final class RepairMoves {

    private RepairMoves() {
    }

    static void add(PolicyEdits edits, Spec spec, List<PolicySites.Site> sites) {
        wrapInRegions(edits, sites);
        moveToOtherHooks(edits, sites);
        addMissingOps(edits, spec, sites);
    }

    /** preempt_disable before ops i..j of a host-context handler's list, preempt_enable after. */
    private static void wrapInRegions(PolicyEdits edits, List<PolicySites.Site> sites) {
        for (PolicySites.Site s : sites) {
            if (!s.hostHandler() || s.ops().stream().anyMatch(RepairMoves::isPreempt)) {
                continue;
            }
            for (int i = 0; i < s.ops().size(); i++) {
                for (int j = i; j < s.ops().size(); j++) {
                    List<Op> copy = new ArrayList<>(s.ops());
                    copy.add(j + 1, new Op.Simple(Op.Simple.Kind.PREEMPT_ENABLE, s.ops().get(j).pos()));
                    copy.add(i, new Op.Simple(Op.Simple.Kind.PREEMPT_DISABLE, s.ops().get(i).pos()));
                    List<String> touched = new ArrayList<>();
                    for (int k = i; k <= j; k++) {
                        touched.addAll(PolicySites.sourcePaths(s.ops().get(k)));
                    }
                    String range = i == j ? s.pathOf(i) : s.path() + "[" + i + ".." + j + "]";
                    edits.add("wrap-preempt", s.ops().get(i).pos(), range + ": " + edits.list(s.ops().subList(i, j + 1))
                            + " -> [ preempt_disable, .., preempt_enable ]", touched, s.rebuild().apply(copy));
                }
            }
        }
    }

    private static boolean isPreempt(Op o) {
        return PolicyEdits.isSimple(o, Op.Simple.Kind.PREEMPT_DISABLE) || PolicyEdits.isSimple(o, Op.Simple.Kind.PREEMPT_ENABLE);
    }

    /** Every op (not an if, not a preempt op) taken out of its list and put at every place of every other hook. */
    private static void moveToOtherHooks(PolicyEdits edits, List<PolicySites.Site> sites) {
        for (PolicySites.Site from : sites) {
            for (int i = 0; i < from.ops().size(); i++) {
                Op op = from.ops().get(i);
                if (op instanceof Op.If || isPreempt(op)) {
                    continue;
                }
                List<Op> without = new ArrayList<>(from.ops());
                without.remove(i);
                Policy removed = from.rebuild().apply(without);
                for (PolicySites.Site to : PolicySites.of(removed)) {
                    if (to.hook().equals(from.hook())) {
                        continue;
                    }
                    for (int at = 0; at <= to.ops().size(); at++) {
                        List<Op> with = new ArrayList<>(to.ops());
                        with.add(at, op);
                        edits.add("move-op", op.pos(), from.pathOf(i) + ": " + edits.text(op) + " -> " + to.pathOf(at),
                                List.of(op.pos().path()), to.rebuild().apply(with));
                    }
                }
            }
        }
    }

    /** Each op of the vocabulary, in full (bare key ops, both bits), at every place of a hook without one. */
    private static void addMissingOps(PolicyEdits edits, Spec spec, List<PolicySites.Site> sites) {
        for (Op op : vocabulary(spec)) {
            String word = PolicySites.word(op);
            for (PolicySites.Site to : sites) {
                if (hookContains(sites, to.hook(), word)) {
                    continue;
                }
                for (int at = 0; at <= to.ops().size(); at++) {
                    List<Op> with = new ArrayList<>(to.ops());
                    SourcePos pos = to.at(at);
                    with.add(at, withPos(op, pos));
                    edits.add("add-op", pos, to.pathOf(at) + ": + " + edits.text(op), List.of(),
                            to.rebuild().apply(with));
                }
            }
        }
    }

    private static boolean hookContains(List<PolicySites.Site> sites, String hook, String word) {
        // The hook's first site is its whole list: the others are inside it.
        for (PolicySites.Site s : sites) {
            if (s.hook().equals(hook)) {
                return PolicySites.contains(s.ops(), word);
            }
        }
        return false;
    }

    /** The ops a repair may add: every key op over every modelled key, every HCR write of both bits, the simple ops. */
    private static List<Op> vocabulary(Spec spec) {
        List<Op> ops = new ArrayList<>();
        for (Op.KeyMove.Kind k : Op.KeyMove.Kind.values()) {
            ops.add(new Op.KeyMove(k, spec.guest().keys(), SourcePos.NONE));
        }
        for (boolean physical : new boolean[] {false, true}) {
            for (boolean set : new boolean[] {true, false}) {
                ops.add(new Op.HcrWrite(set, physical, EnumSet.allOf(Op.HcrBit.class), SourcePos.NONE));
            }
        }
        for (Op.Simple.Kind k : List.of(Op.Simple.Kind.ACTIVATE_TRAPS, Op.Simple.Kind.INJECT_UNDEF,
                Op.Simple.Kind.RETURN_EINVAL)) {
            ops.add(new Op.Simple(k, SourcePos.NONE));
        }
        return ops;
    }

    private static Op withPos(Op op, SourcePos pos) {
        SourcePos p = new SourcePos(pos.line(), pos.column(), "(added)", pos.file());
        if (op instanceof Op.KeyMove km) {
            return new Op.KeyMove(km.kind(), km.keys(), p);
        }
        if (op instanceof Op.HcrWrite h) {
            return new Op.HcrWrite(h.set(), h.physical(), h.bits(), p);
        }
        return new Op.Simple(((Op.Simple) op).kind(), p);
    }
}
