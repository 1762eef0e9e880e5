package trapcheck.kvm.reference;

import java.util.Set;
import trapcheck.kvm.reference.RefState.KeyVal;
import trapcheck.kvm.reference.RefState.Owner;
import trapcheck.kvm.reference.RefState.Scratch;
import trapcheck.kvm.reference.RefState.Thread;
import trapcheck.kvm.reference.RefState.Token;
import trapcheck.kvm.reference.RefState.Where;
import trapcheck.kvm.spec.Algorithm;
import trapcheck.kvm.spec.AuthClass;
import trapcheck.kvm.spec.GuestAction;
import trapcheck.kvm.spec.Invariant;

/**
 * The invariants of the catalogue that judge a guest instruction that executes, and those that
 * judge a state (where the host needs its keys; trap bits while a guest runs), as
 * docs/spec-reference.md ("Invariants") states them. The rest are judged where their event
 * happens, in {@link RefSemantics}.
 */
final class RefInvariants {
    private final RefWorld w;

    RefInvariants(RefWorld w) {
        this.w = w;
    }

    /** A guest instruction executes on p with whatever the register holds. */
    void executes(Scratch x, int p, int g, RefWorld.Insn insn, Set<Invariant> b) {
        AuthClass cls = insn.key().authClass();
        Algorithm here = w.cpus.get(p).algorithm(cls);
        Algorithm adv = w.advertised.get(g)[cls.ordinal()];
        // Succeeds although not advertised, or computes with another algorithm than advertised;
        // a key access computes nothing, so only advertising matters for it.
        if (adv == Algorithm.NONE || (!insn.keyAccess() && adv != here)) {
            b.add(Invariant.ID_REGISTERS_CONSISTENT);
        }
        if (insn.action() == GuestAction.KEY_WRITE) {
            return;
        }
        int k = w.keys.indexOf(insn.key());
        KeyVal reg = x.regs[p][k];
        boolean own = reg.owner() == Owner.GUEST && reg.index() == g;
        if (reg.owner() != Owner.NOBODY && !own) {
            b.add(Invariant.NO_KEY_LEAKAGE);
        }
        int want = x.written[g][k];
        if (!own || reg.version() != want) {
            b.add(Invariant.GUEST_KEYS_INTACT);
        }
        Token t = x.signed[g][k];
        if (insn.action() == GuestAction.AUTH && t != null && (t.version() == null || t.version() == want)) {
            // The outstanding pointer was signed under the key the guest expects: it must
            // authenticate, which needs that key and the algorithm it was signed with.
            if ((t.algorithm() != null && t.algorithm() != here) || !own || reg.version() != want) {
                b.add(Invariant.GUEST_KEYS_INTACT);
            }
        }
    }

    /** The state invariants, on every pCPU. */
    void everyCpu(Scratch x, Set<Invariant> b) {
        for (int p = 0; p < x.running.length; p++) {
            Thread t = x.running[p];
            if (t == null) {
                continue;   // the idle task needs no keys
            }
            Where at = t.vcpu() ? x.where[t.index()] : Where.USER;
            boolean needed = at == Where.USER || (w.spec.topology().inKernelPtrauth() && at != Where.GUEST);
            if (needed) {
                KeyVal own = processKey(t);
                for (KeyVal r : x.regs[p]) {
                    if (!r.equals(own)) {
                        b.add(Invariant.HOST_KEYS_INTACT);
                        if (r.owner() != Owner.NOBODY) {
                            b.add(Invariant.NO_KEY_LEAKAGE);
                        }
                    }
                }
            }
            if (t.vcpu() && at == Where.GUEST) {
                int g = t.index();
                if (x.cpuApi[p] != x.api[g] || x.cpuApk[p] != x.apk[g]) {
                    b.add(Invariant.TRAP_BITS_MATCH_VCPU);
                }
            }
        }
    }

    private KeyVal processKey(Thread t) {
        return t.vcpu() ? new KeyVal(Owner.VMM, w.vcpuVm.get(t.index()), 0) : new KeyVal(Owner.TASK, t.index(), 0);
    }
}
