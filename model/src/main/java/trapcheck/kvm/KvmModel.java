package trapcheck.kvm;

import java.util.ArrayList;
import java.util.List;
import trapcheck.engine.Model;
import trapcheck.engine.Property;
import trapcheck.kvm.spec.Invariant;
import trapcheck.kvm.spec.Spec;

import static trapcheck.kvm.StateLayout.LOC_GUEST;
import static trapcheck.kvm.StateLayout.LOC_HANDLER;
import static trapcheck.kvm.StateLayout.LOC_HOST;
import static trapcheck.kvm.StateLayout.LOC_OUT;

/**
 * The KVM/arm64 ptrauth world of one spec as a {@link Model}: packed states, one action per thread
 * step (see {@link Actions}), the invariants the spec selects as properties, and symmetry through
 * {@link Canonicalizer}.
 */
public final class KvmModel implements Model {
    final Semantics sem;
    final World w;
    final StateLayout l;
    final Actions actions;
    final KeySymmetry keySymmetry;
    private final List<Invariant> selected;
    private final List<Property> properties;
    private final long[] maskByBroken;   // invariant-ordinal mask -> property mask
    private final boolean symmetric;
    private final Spec spec;
    private String identity;

    public KvmModel(Spec spec) {
        this.spec = spec;
        sem = new Semantics(spec);
        w = sem.w;
        l = sem.l;
        actions = new Actions(w);
        keySymmetry = new KeySymmetry(w, sem.policy.programs(), sem.policy.hostContextHandlers());
        selected = selectedInvariants(spec);
        properties = new ArrayList<>();
        for (Invariant i : selected) {
            properties.add(new Property(i.id(), i.description()));
        }
        int all = 1 << Invariant.values().length;
        maskByBroken = new long[all];
        for (int m = 0; m < all; m++) {
            long out = 0;
            for (int bit = 0; bit < selected.size(); bit++) {
                if ((m & (1 << selected.get(bit).ordinal())) != 0) {
                    out |= 1L << bit;
                }
            }
            maskByBroken[m] = out;
        }
        symmetric = spec.check().symmetry() && (Canonicalizer.hasSymmetry(w) || keySymmetry.any());
    }

    /** The invariants checked: the spec's list, or every one (less api-apk-cleared-on-load when not lazy). */
    static List<Invariant> selectedInvariants(Spec spec) {
        List<Invariant> out = new ArrayList<>();
        if (spec.check().invariants() == null) {
            for (Invariant i : Invariant.values()) {
                if (i != Invariant.API_APK_CLEARED_ON_LOAD || spec.policy().lazy()) {
                    out.add(i);
                }
            }
        } else {
            for (String id : spec.check().invariants()) {
                out.add(Invariant.byId(id));
            }
        }
        return List.copyOf(out);
    }

    public List<Invariant> invariants() {
        return selected;
    }

    /** Bits of the packed state vector (before rounding up to words). */
    public int stateBits() {
        return l.bits;
    }

    @Override
    public int stateWords() {
        return l.words;
    }

    @Override
    public int actionCount() {
        return actions.count;
    }

    @Override
    public String actionName(int action) {
        return actions.name(w, action);
    }

    @Override
    public List<Property> properties() {
        return properties;
    }

    @Override
    public List<long[]> initialStates() {
        return List.of(sem.initialState());
    }

    @Override
    public boolean hasSymmetry() {
        return symmetric;
    }

    /** What the spec defines and the semantics' revision ({@link ModelIdentity}), computed on first use. */
    @Override
    public synchronized String identity() {
        if (identity == null) {
            identity = ModelIdentity.of(spec);
        }
        return identity;
    }

    @Override
    public Worker newWorker() {
        return new KvmWorker(this, null);
    }

    /** A worker that reports explanations, coverage and counters of every step to the probe. */
    Worker newWorker(Probe probe) {
        return new KvmWorker(this, probe);
    }

    /** A symmetry reducer for this model's states; one per thread (it keeps scratch). */
    Canonicalizer newCanonicalizer() {
        return new Canonicalizer(w, l, keySymmetry);
    }

    long toPropertyMask(int broken) {
        return maskByBroken[broken];
    }

    /**
     * Applies action a to s, writing the successor to n; returns the invariant-ordinal mask of what the
     * step breaks, or -1 if the action is not enabled.
     */
    int step(long[] s, int a, long[] n, Probe probe) {
        return stepOn(s, a, sem.cpuOf(s, actions.thread[a]), n, probe);
    }

    /** {@link #step} with the pCPU where the action's thread runs (-1: nowhere) already known. */
    int stepOn(long[] s, int a, int p, long[] n, Probe probe) {
        int t = actions.thread[a];
        int g = w.threadVcpu(t);
        int loc = g >= 0 ? sem.loc(s, g) : LOC_OUT;
        int kind = actions.kind[a];
        if (kind == Actions.SWITCH_IN) {
            if (p >= 0 || l.cpuThread[actions.cpu[a]].get(s) != 0) {
                return -1;
            }
        } else if (p < 0) {
            return -1;
        }
        boolean returned = false;
        int broken;
        switch (kind) {
            case Actions.SWITCH_IN -> {
                System.arraycopy(s, 0, n, 0, s.length);
                broken = sem.switchIn(n, t, actions.cpu[a], probe);
            }
            case Actions.PREEMPT -> {
                if (loc == LOC_GUEST) {
                    return -1;
                }
                System.arraycopy(s, 0, n, 0, s.length);
                sem.preempt(n, t, p, probe);
                broken = 0;
            }
            case Actions.INIT -> {
                if (loc != LOC_OUT) {
                    return -1;
                }
                System.arraycopy(s, 0, n, 0, s.length);
                sem.init(n, p, g, probe);
                broken = 0;
            }
            case Actions.RUN -> {
                if (loc != LOC_OUT || !l.vcpuInit[g].bit(s)) {
                    return -1;
                }
                System.arraycopy(s, 0, n, 0, s.length);
                l.vcpuLoc[g].set(n, LOC_HOST);
                broken = sem.load(n, p, g, probe);
            }
            case Actions.RETURN -> {
                if (loc != LOC_HOST) {
                    return -1;
                }
                System.arraycopy(s, 0, n, 0, s.length);
                sem.put(n, p, g, probe);
                l.vcpuLoc[g].set(n, LOC_OUT);
                returned = true;
                broken = 0;
            }
            case Actions.ENTER -> {
                if (loc != LOC_HOST) {
                    return -1;
                }
                System.arraycopy(s, 0, n, 0, s.length);
                broken = sem.enter(n, p, g, probe);
            }
            case Actions.EXIT -> {
                if (loc != LOC_GUEST) {
                    return -1;
                }
                System.arraycopy(s, 0, n, 0, s.length);
                sem.exit(n, p, g, probe);
                broken = 0;
            }
            case Actions.HANDLER -> {
                if (loc < LOC_HANDLER) {
                    return -1;
                }
                System.arraycopy(s, 0, n, 0, s.length);
                broken = sem.handlerStep(n, p, g, probe);
            }
            default -> {
                if (loc != LOC_GUEST) {
                    return -1;
                }
                System.arraycopy(s, 0, n, 0, s.length);
                broken = sem.guestInsn(n, p, g, w.insns.get(actions.insn[a]), probe);
            }
        }
        // Only the pCPU the step ran on can newly break a state invariant: the engine never
        // expands a state that breaks one, so every other pCPU was fine before and is untouched.
        int cpu = kind == Actions.SWITCH_IN ? actions.cpu[a] : p;
        return broken | sem.checkCpu(n, cpu, probe, returned);
    }

    /** Per-thread scratch and the engine's view of steps. */
    static final class KvmWorker implements Worker {
        private final KvmModel m;
        private final Probe probe;
        private final long[] next;
        private final int[] runningOn;
        private final Canonicalizer canon;

        KvmWorker(KvmModel m, Probe probe) {
            this.m = m;
            this.probe = probe;
            this.next = new long[m.l.words];
            this.runningOn = new int[m.w.threadCount()];
            this.canon = m.newCanonicalizer();
        }

        @Override
        public long check(long[] state) {
            return m.toPropertyMask(m.sem.checkState(state, probe, false, -1));
        }

        @Override
        public void successors(long[] state, Successors sink) {
            int[] on = runningOn;
            java.util.Arrays.fill(on, -1);
            StateLayout l = m.l;
            int cpus = m.w.cpus;
            long busy = 0;
            for (int p = 0; p < cpus; p++) {
                int t = l.cpuThread[p].get(state);
                if (t != 0) {
                    on[t] = p;
                    busy |= 1L << p;
                }
            }
            Actions act = m.actions;
            for (int a = 0; a < act.count; a++) {
                int p = on[act.thread[a]];
                if (act.kind[a] == Actions.SWITCH_IN) {
                    if (p >= 0 || (busy & (1L << act.cpu[a])) != 0) {
                        continue;
                    }
                } else if (p < 0) {
                    continue;
                }
                int broken = m.stepOn(state, a, p, next, probe);
                if (broken >= 0) {
                    sink.accept(a, next, m.toPropertyMask(broken));
                }
            }
        }

        @Override
        public long apply(long[] state, int action, long[] out) {
            int broken = m.step(state, action, out, probe);
            return broken < 0 ? NOT_ENABLED : m.toPropertyMask(broken);
        }

        @Override
        public void representative(long[] state, long[] out) {
            canon.canonicalize(state, out);
        }
    }
}
