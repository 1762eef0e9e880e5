package trapcheck.kvm.reference;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import trapcheck.kvm.reference.RefState.KeyVal;
import trapcheck.kvm.reference.RefState.Moving;
import trapcheck.kvm.reference.RefState.Owner;
import trapcheck.kvm.reference.RefState.Pending;
import trapcheck.kvm.reference.RefState.Scratch;
import trapcheck.kvm.reference.RefState.Start;
import trapcheck.kvm.reference.RefState.Thread;
import trapcheck.kvm.reference.RefState.Token;
import trapcheck.kvm.reference.RefState.Trapped;
import trapcheck.kvm.reference.RefState.Where;
import trapcheck.kvm.spec.Algorithm;
import trapcheck.kvm.spec.AuthClass;
import trapcheck.kvm.spec.GuestAction;
import trapcheck.kvm.spec.Invariant;
import trapcheck.kvm.spec.Key;
import trapcheck.kvm.spec.Op;
import trapcheck.kvm.spec.Policy;

/**
 * The steps of docs/spec-reference.md ("Steps and preemption") on {@link RefState}s, written from
 * the documentation: every thread's enabled steps, each as a whole new state and the invariants it
 * breaks. Hooks are interpreted from the loaded op trees directly (no compiled programs); a
 * host-context handler keeps the list of what it still has to run.
 */
final class RefSemantics {

    /** One step: what it was, the state after it, what it broke. */
    record Transition(String label, RefState next, Set<Invariant> broken) {
    }

    private final RefWorld w;
    private final RefInvariants inv;
    private final RefOps ops;

    RefSemantics(RefWorld w) {
        this.w = w;
        this.inv = new RefInvariants(w);
        this.ops = new RefOps(w);
    }

    List<Transition> successors(RefState s) {
        List<Transition> out = new ArrayList<>();
        Scratch probe = new Scratch(s);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < w.tasks; i++) {
            threads.add(new Thread(false, i));
        }
        for (int g = 0; g < w.vcpus(); g++) {
            threads.add(new Thread(true, g));
        }
        for (Thread t : threads) {
            int p = probe.cpuOf(t);
            int g = t.vcpu() ? t.index() : -1;
            if (p < 0) {
                for (int q = 0; q < w.cpus.size(); q++) {
                    if (w.online[q] && probe.running[q] == null) {
                        int cpu = q;
                        out.add(step(s, t + " switch_in " + q, cpu, (x, b) -> switchIn(x, t, cpu, b)));
                    }
                }
                continue;
            }
            Where at = g >= 0 ? probe.where[g] : Where.USER;
            if (at != Where.GUEST) {
                out.add(step(s, t + " preempted", p, (x, b) -> preempt(x, t, p, b)));
            }
            if (g < 0) {
                continue;
            }
            switch (at) {
                case USER -> {
                    out.add(step(s, t + " KVM_ARM_VCPU_INIT", p, (x, b) -> init(x, p, g)));
                    if (probe.initialised[g]) {
                        out.add(step(s, t + " KVM_RUN", p, (x, b) -> {
                            x.where[g] = Where.HOST;
                            load(x, p, g, b);
                        }));
                    }
                }
                case HOST -> {
                    out.add(step(s, t + " return", p, (x, b) -> {
                        put(x, p, g, b);
                        x.where[g] = Where.USER;
                    }));
                    out.add(step(s, t + " enter", p, (x, b) -> enter(x, p, g, b)));
                }
                case GUEST -> {
                    out.add(step(s, t + " exit", p, (x, b) -> exit(x, p, g)));
                    for (RefWorld.Insn insn : w.insns) {
                        out.add(step(s, t + " " + insn, p, (x, b) -> guest(x, p, g, insn, b)));
                    }
                }
                case HANDLER -> out.add(step(s, t + " handler step", p, (x, b) -> handlerStep(x, p, g, b)));
                default -> throw new IllegalStateException();
            }
        }
        return out;
    }

    private interface Effect {
        void apply(Scratch x, Set<Invariant> broken);
    }

    private Transition step(RefState s, String label, int p, Effect e) {
        Scratch x = new Scratch(s);
        Set<Invariant> broken = EnumSet.noneOf(Invariant.class);
        e.apply(x, broken);
        inv.everyCpu(x, broken);   // every pCPU, not only the step's: nothing is assumed untouched
        broken.retainAll(w.checked);
        return new Transition(label, x.freeze(), broken);
    }

    // ---- scheduler and ioctls ----

    private void switchIn(Scratch x, Thread t, int p, Set<Invariant> b) {
        x.running[p] = t;
        KeyVal own = processKey(t);
        java.util.Arrays.fill(x.regs[p], own);
        if (t.vcpu() && x.where[t.index()] != Where.USER) {
            load(x, p, t.index(), b);
        }
    }

    KeyVal processKey(Thread t) {
        return t.vcpu() ? new KeyVal(Owner.VMM, w.vcpuVm.get(t.index()), 0) : new KeyVal(Owner.TASK, t.index(), 0);
    }

    private void preempt(Scratch x, Thread t, int p, Set<Invariant> b) {
        if (t.vcpu() && x.where[t.index()] != Where.USER) {
            put(x, p, t.index(), b);
        }
        x.running[p] = null;
        java.util.Arrays.fill(x.regs[p], KeyVal.NOBODY);
    }

    private void load(Scratch x, int p, int g, Set<Invariant> b) {
        ops.runHook(w.policy.hooks().vcpuLoad(), x, p, g);
        if (w.policy.lazy() && w.hasPtrauth.get(g) && (x.api[g] || x.apk[g])) {
            b.add(Invariant.API_APK_CLEARED_ON_LOAD);
        }
    }

    private void put(Scratch x, int p, int g, Set<Invariant> b) {
        ops.runHook(w.policy.hooks().vcpuPut(), x, p, g);
        x.pacTrapTaken[g] = false;   // a new load period starts at the next vcpu_load
        x.keyTrapTaken[g] = false;
    }

    private void init(Scratch x, int p, int g) {
        x.api[g] = false;
        x.apk[g] = false;
        for (int k = 0; k < w.keys.size(); k++) {
            x.saved[g][k] = KeyVal.guest(g, 0);
            x.written[g][k] = 0;
            x.signed[g][k] = null;
        }
        int outcome = ops.runHook(w.policy.hooks().vcpuReset(), x, p, g);
        x.initialised[g] = (outcome & RefOps.EINVAL) == 0;
    }

    private void enter(Scratch x, int p, int g, Set<Invariant> b) {
        ops.runHook(w.policy.hooks().guestEnter(), x, p, g);
        ops.runHook(w.policy.hooks().switchIn(), x, p, g);
        x.where[g] = Where.GUEST;
        if (w.asked.get(g) && !w.hasPtrauth.get(g)) {
            b.add(Invariant.VCPU_INIT_CHECKED);
        }
    }

    private void exit(Scratch x, int p, int g) {
        ops.runHook(w.policy.hooks().switchOut(), x, p, g);
        ops.runHook(w.policy.hooks().guestExit(), x, p, g);
        x.cpuApi[p] = false;   // the host's HCR_EL2
        x.cpuApk[p] = false;
        x.where[g] = Where.HOST;
    }

    // ---- guest instructions and traps ----

    private void guest(Scratch x, int p, int g, RefWorld.Insn insn, Set<Invariant> b) {
        AuthClass cls = insn.key().authClass();
        if (!w.cpuHas(p, cls)) {
            if (w.advertised.get(g)[cls.ordinal()] != Algorithm.NONE) {
                b.add(Invariant.ID_REGISTERS_CONSISTENT);
            }
            return;
        }
        boolean enabled = insn.keyAccess() ? x.cpuApk[p] : x.cpuApi[p];
        if (!enabled) {
            trap(x, p, g, insn, b);
            return;
        }
        inv.executes(x, p, g, insn, b);
        int k = w.keys.indexOf(insn.key());
        if (insn.action() == GuestAction.KEY_WRITE) {
            if (!w.tokenVersion && x.written[g][k] != insn.version()) {
                x.signed[g][k] = null;   // a pointer signed under the old key is expected to fail
            }
            x.regs[p][k] = KeyVal.guest(g, insn.version());
            x.written[g][k] = insn.version();
        } else if (insn.action() == GuestAction.SIGN && (w.tokenVersion || w.tokenAlgorithm[k])) {
            KeyVal reg = x.regs[p][k];
            int version = reg.owner() == Owner.GUEST && reg.index() == g ? reg.version() : x.written[g][k];
            x.signed[g][k] = new Token(w.tokenVersion ? version : null,
                    w.tokenAlgorithm[k] ? w.cpus.get(p).algorithm(cls) : null);
        }
    }

    private void trap(Scratch x, int p, int g, RefWorld.Insn insn, Set<Invariant> b) {
        boolean keyAccess = insn.keyAccess();
        if (keyAccess ? x.keyTrapTaken[g] : x.pacTrapTaken[g]) {
            b.add(Invariant.TRAP_MAKES_PROGRESS);
        }
        if (w.checked.contains(Invariant.TRAP_MAKES_PROGRESS)) {
            setTrapTaken(x, g, keyAccess, true);
        }
        Policy.TrapHandler h = w.handlerFor(insn);
        if (h.context() == Policy.TrapContext.HYP) {
            ops.runHook(w.policy.hooks().switchOut(), x, p, g);
            int outcome = ops.runHook(h.ops(), x, p, g);
            ops.runHook(w.policy.hooks().switchIn(), x, p, g);
            if ((outcome & RefOps.UNDEF) != 0) {
                undefInjected(x, g, insn.key().authClass(), keyAccess, b);
            }
            return;
        }
        exit(x, p, g);
        x.where[g] = Where.HANDLER;
        // What the documentation says is state: the trapped class only when a host handler can
        // inject an UNDEF (which judges it), its kind only when trap-makes-progress is checked.
        x.trapped[g] = w.keepsTrappedClass ? new Trapped(insn.key().authClass(),
                w.checked.contains(Invariant.TRAP_MAKES_PROGRESS) ? keyAccess : null) : null;
        List<Pending> rest = new ArrayList<>();
        h.ops().forEach(o -> rest.add(new Start(o)));
        settle(x, p, g, rest, false);
    }

    private void setTrapTaken(Scratch x, int g, boolean keyAccess, boolean v) {
        if (keyAccess) {
            x.keyTrapTaken[g] = v;
        } else {
            x.pacTrapTaken[g] = v;
        }
    }

    private void undefInjected(Scratch x, int g, AuthClass cls, Boolean keyAccess, Set<Invariant> b) {
        if (w.advertised.get(g)[cls.ordinal()] != Algorithm.NONE) {
            b.add(Invariant.ID_REGISTERS_CONSISTENT);
        }
        if (keyAccess != null) {
            setTrapTaken(x, g, keyAccess, false);   // answered: the instruction is not retried
        }
    }

    // ---- host-context handlers ----

    /**
     * Decides the conditions ahead that the step just taken decides (those that cannot change, and
     * inside a preempt_disable region every one) on pCPU p, then stores where the handler stands,
     * or ends it.
     */
    private List<Pending> decide(Scratch x, int p, int g, List<Pending> rest, boolean inline) {
        List<Pending> k = new ArrayList<>(rest);
        while (!k.isEmpty() && k.get(0) instanceof Start st && st.op() instanceof Op.If f
                && (inline || !ops.mutable(f.condition()))) {
            k.remove(0);
            List<Op> chosen = ops.holds(f.condition(), x, p, g) ? f.then() : f.otherwise();
            List<Pending> spliced = new ArrayList<>();
            chosen.forEach(o -> spliced.add(new Start(o)));
            k.addAll(0, spliced);
        }
        return k;
    }

    private void settle(Scratch x, int p, int g, List<Pending> rest, boolean inline) {
        List<Pending> k = decide(x, p, g, rest, inline);
        if (k.isEmpty()) {
            x.where[g] = Where.HOST;
            x.handler.set(g, null);
            x.trapped[g] = null;
        } else {
            x.handler.set(g, List.copyOf(k));
        }
    }

    private void handlerStep(Scratch x, int p, int g, Set<Invariant> b) {
        List<Pending> k = new ArrayList<>(x.handler.get(g));
        Trapped trapped = x.trapped[g];
        if (k.get(0) instanceof Start st && st.op() instanceof Op.If f) {
            // A condition on mutable state: its own step, on the pCPU where the thread now runs.
            k.remove(0);
            List<Pending> spliced = new ArrayList<>();
            (ops.holds(f.condition(), x, p, g) ? f.then() : f.otherwise()).forEach(o -> spliced.add(new Start(o)));
            k.addAll(0, spliced);
            settle(x, p, g, k, false);
            return;
        }
        boolean region = false;
        int outcome = 0;
        do {
            Pending head = k.remove(0);
            if (head instanceof Moving m) {
                moveOne(x, p, g, m, k, region);
            } else {
                Op op = ((Start) head).op();
                if (op instanceof Op.If f) {   // only inside a region: decided inline
                    List<Pending> spliced = new ArrayList<>();
                    (ops.holds(f.condition(), x, p, g) ? f.then() : f.otherwise()).forEach(o -> spliced.add(new Start(o)));
                    k.addAll(0, spliced);
                    continue;
                } else if (op instanceof Op.KeyMove km) {
                    List<Key> keys = ops.modelled(km.keys());
                    if (region) {
                        for (Key key : keys) {
                            ops.move(x, km.kind(), key, p, p, g);
                        }
                    } else if (km.kind().hostContext()) {
                        if (!keys.isEmpty()) {
                            k.add(0, new Moving(km, keys, p));   // the step that resolves the host context
                        }
                    } else if (!keys.isEmpty()) {
                        moveOne(x, p, g, new Moving(km, keys, null), k, false);
                    }
                } else if (op instanceof Op.Simple s && s.kind() == Op.Simple.Kind.PREEMPT_DISABLE) {
                    region = true;
                } else if (op instanceof Op.Simple s && s.kind() == Op.Simple.Kind.PREEMPT_ENABLE) {
                    region = false;
                } else {
                    outcome |= ops.exec(op, x, p, g);
                }
            }
            k = decide(x, p, g, k, region);
        } while (region && !k.isEmpty());
        settle(x, p, g, k, false);
        if ((outcome & RefOps.UNDEF) != 0) {
            undefInjected(x, g, trapped.cls(), trapped.keyAccess(), b);
        }
    }

    /** Moves the next key of a key op in progress (all of them inside a region); what is left goes back on the list. */
    private void moveOne(Scratch x, int p, int g, Moving m, List<Pending> k, boolean region) {
        int target = m.hostContextOf() == null ? p : m.hostContextOf();
        List<Key> left = new ArrayList<>(m.left());
        do {
            ops.move(x, m.op().kind(), left.remove(0), p, target, g);
        } while (region && !left.isEmpty());
        if (!left.isEmpty()) {
            k.add(0, new Moving(m.op(), List.copyOf(left), m.hostContextOf()));
        }
    }
}
