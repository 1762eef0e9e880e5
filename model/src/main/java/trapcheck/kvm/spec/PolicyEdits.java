package trapcheck.kvm.spec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The edits a design review tries on a policy. Mutation operators are the mistakes a kernel change
 * makes (an op dropped, two ops swapped, a key forgotten, a condition inverted...): {@link #mutants}
 * gives every single-edit mutant. Repair moves are those plus what a fix does (put a region around
 * ops, move an op to another hook, add an op a hook lacks): {@link #repairs}. Every edit yields a
 * policy the loader accepts; edits that give the same policy as an earlier one are left out.
 */
public final class PolicyEdits {

    /** The mutation operators, in the order {@link #mutants} applies them, with what each does. */
    public static final Map<String, String> MUTATION_OPERATORS = names(
            "drop-else", "drop an if's else branch",
            "drop-op", "drop an op, or an if with all it holds",
            "drop-preempt-region", "drop a preempt_disable and the preempt_enable that ends its region",
            "preempt-end-earlier", "end a preempt_disable region one op earlier",
            "swap-ops", "swap two adjacent ops",
            "narrow-keys", "narrow a key op's list to one of its keys",
            "narrow-bits", "narrow an HCR write's bits to one of API, APK",
            "move-trap-handler", "move a trap handler between hyp and host (context)",
            "negate-condition", "negate an if's condition (or drop its not)",
            "replace-condition", "replace a named condition by another one",
            "show-id-field", "drop a field from id_registers.hide_without_ptrauth",
            "widen-exposure", "widen an exposure rule one step: uniform to boot-cpu, boot-cpu to any-cpu");

    /** The moves a repair makes besides the mutation operators. */
    public static final Map<String, String> REPAIR_MOVES = names(
            "wrap-preempt", "wrap adjacent ops of a host-context trap handler in preempt_disable/preempt_enable",
            "move-op", "move an op to another hook, at any place there",
            "add-op", "add an op a hook lacks, at any place in it");

    private final Spec spec;
    private final List<PolicySites.Site> sites;
    private final List<PolicyEdit> out = new ArrayList<>();
    private final Set<String> seen = new LinkedHashSet<>();

    private PolicyEdits(Spec spec) {
        this.spec = spec;
        this.sites = PolicySites.of(spec.policy());
        seen.add(text(spec.policy()));
    }

    /** Every single-edit mutant of the spec's policy, operator by operator, each site in policy order. */
    public static List<PolicyEdit> mutants(Spec spec) {
        PolicyEdits e = new PolicyEdits(spec);
        e.mutations();
        return List.copyOf(e.out);
    }

    /** Every mutant, then every repair move. */
    public static List<PolicyEdit> repairs(Spec spec) {
        PolicyEdits e = new PolicyEdits(spec);
        e.mutations();
        RepairMoves.add(e, spec, e.sites);
        return List.copyOf(e.out);
    }

    private void mutations() {
        // Before drop-op: dropping the only op of an else is the same policy, and drop-else says what it is.
        forEachOp((s, i, o) -> {
            if (o instanceof Op.If f && !f.otherwise().isEmpty()) {
                List<String> touched = new ArrayList<>(List.of(f.pos().path() + " else"));
                f.otherwise().forEach(x -> touched.addAll(PolicySites.sourcePaths(x)));
                add("drop-else", f.pos(), s.pathOf(i) + ": else " + list(f.otherwise()) + " -> (dropped)", touched,
                        s.replace(i, new Op.If(f.condition(), f.then(), List.of(), f.pos())));
            }
        });
        for (PolicySites.Site s : sites) {
            for (int i = 0; i < s.ops().size(); i++) {
                Op o = s.ops().get(i);
                List<Op> copy = new ArrayList<>(s.ops());
                copy.remove(i);
                add("drop-op", o.pos(), s.pathOf(i) + ": " + text(o) + " -> (dropped)", PolicySites.sourcePaths(o),
                        s.rebuild().apply(copy));
            }
        }
        // Before swap-ops: ending a region one op earlier swaps preempt_enable with the op before it.
        preemptRegions();
        for (PolicySites.Site s : sites) {
            for (int i = 0; i + 1 < s.ops().size(); i++) {
                Op a = s.ops().get(i);
                Op b = s.ops().get(i + 1);
                List<Op> copy = new ArrayList<>(s.ops());
                copy.set(i, b);
                copy.set(i + 1, a);
                List<String> touched = new ArrayList<>(PolicySites.sourcePaths(a));
                touched.addAll(PolicySites.sourcePaths(b));
                add("swap-ops", a.pos(), s.path() + "[" + i + ".." + (i + 1) + "]: " + text(a) + ", " + text(b) + " -> "
                        + text(b) + ", " + text(a), touched, s.rebuild().apply(copy));
            }
        }
        forEachOp((s, i, o) -> {
            if (o instanceof Op.KeyMove km && km.keys().size() > 1) {
                for (Key k : km.keys()) {
                    Op.KeyMove narrowed = new Op.KeyMove(km.kind(), List.of(k), km.pos());
                    add("narrow-keys", o.pos(), s.pathOf(i) + ": " + text(o) + " -> " + text(narrowed),
                            List.of(o.pos().path()), s.replace(i, narrowed));
                }
            }
        });
        forEachOp((s, i, o) -> {
            if (o instanceof Op.HcrWrite h && h.bits().size() > 1) {
                for (Op.HcrBit b : Op.HcrBit.values()) {
                    Op.HcrWrite narrowed = new Op.HcrWrite(h.set(), h.physical(), Set.of(b), h.pos());
                    add("narrow-bits", o.pos(), s.pathOf(i) + ": " + text(o) + " -> " + text(narrowed),
                            List.of(o.pos().path()), s.replace(i, narrowed));
                }
            }
        });
        trapContexts();
        conditions();
        Policy p = spec.policy();
        for (IdField f : IdField.values()) {
            if (p.hideWithoutPtrauth().contains(f)) {
                Set<IdField> fewer = EnumSet.noneOf(IdField.class);
                fewer.addAll(p.hideWithoutPtrauth());
                fewer.remove(f);
                add("show-id-field", SourcePos.NONE, "id_registers.hide_without_ptrauth: " + f + " -> (dropped)", List.of(),
                        new Policy(p.lazy(), p.address(), p.generic(), p.requireBoth(), fewer, p.hooks()));
            }
        }
        for (AuthClass c : AuthClass.values()) {
            Policy.Exposure now = p.exposure(c);
            Policy.Exposure wider = now == Policy.Exposure.UNIFORM ? Policy.Exposure.BOOT_CPU
                    : now == Policy.Exposure.BOOT_CPU ? Policy.Exposure.ANY_CPU : null;
            if (wider != null) {
                add("widen-exposure", SourcePos.NONE, "expose." + c.word() + ": " + now.word() + " -> " + wider.word(),
                        List.of(), new Policy(p.lazy(), c == AuthClass.ADDRESS ? wider : p.address(),
                                c == AuthClass.GENERIC ? wider : p.generic(), p.requireBoth(), p.hideWithoutPtrauth(),
                                p.hooks()));
            }
        }
    }

    private void trapContexts() {
        Policy p = spec.policy();
        for (String hook : List.of("trap", "trap_key_access")) {
            Policy.TrapHandler t = hook.equals("trap") ? p.hooks().trap() : p.hooks().trapKeyAccess();
            if (t == null || t.ops().isEmpty()) {
                continue;
            }
            Policy.TrapContext other = t.context() == Policy.TrapContext.HOST ? Policy.TrapContext.HYP : Policy.TrapContext.HOST;
            List<String> touched = new ArrayList<>();
            t.ops().forEach(o -> touched.addAll(PolicySites.sourcePaths(o)));
            add("move-trap-handler", t.pos(), hook + ".context: " + t.context().word() + " -> " + other.word(), touched,
                    PolicySites.withHandler(p, hook, new Policy.TrapHandler(other, t.ops(), t.pos())));
        }
    }

    private void preemptRegions() {
        for (PolicySites.Site s : sites) {
            List<Op> ops = s.ops();
            for (int i = 0; i < ops.size(); i++) {
                if (!isSimple(ops.get(i), Op.Simple.Kind.PREEMPT_DISABLE)) {
                    continue;
                }
                int end = i + 1;
                while (end < ops.size() && !isSimple(ops.get(end), Op.Simple.Kind.PREEMPT_ENABLE)) {
                    end++;
                }
                boolean closed = end < ops.size();
                List<Op> copy = new ArrayList<>(ops);
                List<String> touched = new ArrayList<>(List.of(ops.get(i).pos().path()));
                if (closed) {
                    touched.add(ops.get(end).pos().path());
                    copy.remove(end);
                }
                copy.remove(i);
                add("drop-preempt-region", ops.get(i).pos(), s.pathOf(i) + ": preempt_disable" + (closed ? " .. preempt_enable ("
                        + s.pathOf(end) + ")" : "") + " -> (dropped)", touched, s.rebuild().apply(copy));
                // Ending the region one op earlier: the last op inside it moves out (to after preempt_enable).
                int last = end - 1;
                if (last > i) {
                    List<Op> earlier = new ArrayList<>(ops);
                    Op moved = earlier.get(last);
                    List<String> t = new ArrayList<>(PolicySites.sourcePaths(moved));
                    if (closed) {
                        earlier.set(last, ops.get(end));
                        earlier.set(end, moved);
                        t.add(ops.get(end).pos().path());
                    } else {
                        earlier.add(last, new Op.Simple(Op.Simple.Kind.PREEMPT_ENABLE, moved.pos()));
                    }
                    add("preempt-end-earlier", moved.pos(), s.pathOf(last) + ": " + text(moved)
                            + " -> (after preempt_enable)", t, s.rebuild().apply(earlier));
                }
            }
        }
    }

    private void conditions() {
        forEachOp((s, i, o) -> {
            if (o instanceof Op.If f) {
                Condition negated = f.condition() instanceof Condition.Not n ? n.operand() : new Condition.Not(f.condition());
                add("negate-condition", f.pos(), s.pathOf(i) + ": if " + SpecWriter.condition(f.condition()) + " -> if "
                        + SpecWriter.condition(negated), PolicySites.branches(f),
                        s.replace(i, new Op.If(negated, f.then(), f.otherwise(), f.pos())));
            }
        });
        forEachOp((s, i, o) -> {
            if (o instanceof Op.If f) {
                List<Condition.Atom> atoms = new ArrayList<>();
                atoms(f.condition(), atoms);
                for (int a = 0; a < atoms.size(); a++) {
                    for (Condition.Name name : Condition.Name.values()) {
                        if (name != atoms.get(a).name()) {
                            Condition replaced = replaceAtom(f.condition(), new int[] {a}, new Condition.Atom(name));
                            add("replace-condition", f.pos(), s.pathOf(i) + ": if " + SpecWriter.condition(f.condition())
                                    + " -> if " + SpecWriter.condition(replaced), PolicySites.branches(f),
                                    s.replace(i, new Op.If(replaced, f.then(), f.otherwise(), f.pos())));
                        }
                    }
                }
            }
        });
    }

    private static void atoms(Condition c, List<Condition.Atom> out) {
        if (c instanceof Condition.Atom a) {
            out.add(a);
        } else if (c instanceof Condition.Not n) {
            atoms(n.operand(), out);
        } else {
            operands(c).forEach(x -> atoms(x, out));
        }
    }

    /** The condition with its atom number {@code left[0]} (depth first) replaced; counts {@code left} down. */
    private static Condition replaceAtom(Condition c, int[] left, Condition.Atom by) {
        if (c instanceof Condition.Atom a) {
            return left[0]-- == 0 ? by : a;
        }
        if (c instanceof Condition.Not n) {
            return new Condition.Not(replaceAtom(n.operand(), left, by));
        }
        List<Condition> replaced = operands(c).stream().map(x -> replaceAtom(x, left, by)).toList();
        return c instanceof Condition.All ? new Condition.All(replaced) : new Condition.Any(replaced);
    }

    private static List<Condition> operands(Condition c) {
        return c instanceof Condition.All a ? a.operands() : ((Condition.Any) c).operands();
    }

    @FunctionalInterface
    interface OpVisitor {
        void visit(PolicySites.Site site, int index, Op op);
    }

    /** Visits every op of every site, sites in policy order. */
    void forEachOp(OpVisitor v) {
        for (PolicySites.Site s : sites) {
            for (int i = 0; i < s.ops().size(); i++) {
                v.visit(s, i, s.ops().get(i));
            }
        }
    }

    /**
     * Keeps an edit unless its policy equals the original's or an earlier edit's, or the loader would
     * refuse it (an op outside the hooks where it means something).
     */
    void add(String operator, SourcePos at, String diff, List<String> touched, Policy edited) {
        if (!placesAreValid(edited) || !seen.add(text(edited))) {
            return;
        }
        out.add(new PolicyEdit(operator, at, diff, touched, edited));
    }

    /** inject_undef only in trap handlers, return_einval only in vcpu_reset: what OpReader enforces. */
    private static boolean placesAreValid(Policy p) {
        for (PolicySites.Site s : PolicySites.of(p)) {
            boolean trap = s.hook().startsWith("trap");
            for (Op o : s.ops()) {
                if (isSimple(o, Op.Simple.Kind.INJECT_UNDEF) && !trap
                        || isSimple(o, Op.Simple.Kind.RETURN_EINVAL) && !s.hook().equals("vcpu_reset")) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean isSimple(Op o, Op.Simple.Kind kind) {
        return o instanceof Op.Simple s && s.kind() == kind;
    }

    private String text(Policy p) {
        return SpecWriter.policyText(p, spec.guest().keys());
    }

    /** An op as a spec writes it, an if in flow style. */
    String text(Op o) {
        if (o instanceof Op.If f) {
            return "{ if: " + SpecWriter.condition(f.condition()) + ", then: " + list(f.then())
                    + (f.otherwise().isEmpty() ? "" : ", else: " + list(f.otherwise())) + " }";
        }
        return SpecWriter.opText(o, spec.guest().keys());
    }

    String list(List<Op> ops) {
        return "[ " + String.join(", ", ops.stream().map(this::text).toList()) + " ]";
    }

    private static Map<String, String> names(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
