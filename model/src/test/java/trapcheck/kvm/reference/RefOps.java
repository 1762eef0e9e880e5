package trapcheck.kvm.reference;

import java.util.List;
import trapcheck.kvm.reference.RefState.Scratch;
import trapcheck.kvm.spec.Algorithm;
import trapcheck.kvm.spec.AuthClass;
import trapcheck.kvm.spec.Condition;
import trapcheck.kvm.spec.Key;
import trapcheck.kvm.spec.Op;

/**
 * What the ops and conditions of docs/spec-reference.md do, read from the loaded op trees: a whole
 * hook at once (atomic hooks), one op, one key moved, a condition's value on a pCPU.
 */
final class RefOps {
    /** Outcome: the hook injected an UNDEF. */
    static final int UNDEF = 1;
    /** Outcome: the hook returned -EINVAL. */
    static final int EINVAL = 2;

    private final RefWorld w;

    RefOps(RefWorld w) {
        this.w = w;
    }


    /** Runs a hook whole on p; returns UNDEF/EINVAL; return_einval ends the hook there. */
    int runHook(List<Op> ops, Scratch x, int p, int g) {
        int outcome = 0;
        for (Op op : ops) {
            if (op instanceof Op.If f) {
                outcome |= runHook(holds(f.condition(), x, p, g) ? f.then() : f.otherwise(), x, p, g);
            } else if (op instanceof Op.KeyMove km) {
                for (Key key : modelled(km.keys())) {
                    move(x, km.kind(), key, p, p, g);
                }
            } else {
                outcome |= exec(op, x, p, g);
            }
            if ((outcome & EINVAL) != 0) {
                return outcome;
            }
        }
        return outcome;
    }

    int exec(Op op, Scratch x, int p, int g) {
        if (op instanceof Op.HcrWrite h) {
            for (Op.HcrBit bit : h.bits()) {
                boolean api = bit == Op.HcrBit.API;
                if (h.physical()) {
                    if (api) {
                        x.cpuApi[p] = h.set();
                    } else {
                        x.cpuApk[p] = h.set();
                    }
                } else if (api) {
                    x.api[g] = h.set();
                } else {
                    x.apk[g] = h.set();
                }
            }
            return 0;
        }
        Op.Simple s = (Op.Simple) op;
        return switch (s.kind()) {
            case ACTIVATE_TRAPS -> {
                x.cpuApi[p] = x.api[g];
                x.cpuApk[p] = x.apk[g];
                yield 0;
            }
            case INJECT_UNDEF -> UNDEF;
            case RETURN_EINVAL -> EINVAL;
            default -> 0;
        };
    }

    List<Key> modelled(List<Key> keys) {
        return keys.stream().filter(w.keys::contains).toList();
    }

    /** One key between p's register and a host context (of pCPU target) or g's save area. */
    void move(Scratch x, Op.KeyMove.Kind kind, Key key, int p, int target, int g) {
        int k = w.keys.indexOf(key);
        switch (kind) {
            case SAVE_HOST_KEYS -> x.hostContext[target][k] = x.regs[p][k];
            case RESTORE_HOST_KEYS -> x.regs[p][k] = x.hostContext[target][k];
            case SAVE_GUEST_KEYS -> x.saved[g][k] = x.regs[p][k];
            case RESTORE_GUEST_KEYS -> x.regs[p][k] = x.saved[g][k];
            default -> throw new IllegalStateException();
        }
    }

    boolean holds(Condition c, Scratch x, int p, int g) {
        if (c instanceof Condition.Not n) {
            return !holds(n.operand(), x, p, g);
        }
        if (c instanceof Condition.All a) {
            return a.operands().stream().allMatch(o -> holds(o, x, p, g));
        }
        if (c instanceof Condition.Any a) {
            return a.operands().stream().anyMatch(o -> holds(o, x, p, g));
        }
        return switch (((Condition.Atom) c).name()) {
            case VCPU_HAS_PTRAUTH -> w.hasPtrauth.get(g);
            case REQUESTED_PTRAUTH -> w.asked.get(g);
            case REQUESTED_ADDRESS -> w.spec.topology().vms().get(w.vcpuVm.get(g)).requestAddress();
            case REQUESTED_GENERIC -> w.spec.topology().vms().get(w.vcpuVm.get(g)).requestGeneric();
            case SYSTEM_HAS_PTRAUTH -> w.offered[0] != Algorithm.NONE && w.offered[1] != Algorithm.NONE;
            case SYSTEM_HAS_ADDRESS -> w.offered[0] != Algorithm.NONE;
            case SYSTEM_HAS_GENERIC -> w.offered[1] != Algorithm.NONE;
            case CPU_HAS_ADDRESS -> w.cpuHas(p, AuthClass.ADDRESS);
            case CPU_HAS_GENERIC -> w.cpuHas(p, AuthClass.GENERIC);
            case VCPU_HCR_API -> x.api[g];
            case VCPU_HCR_APK -> x.apk[g];
            case CPU_HCR_API -> x.cpuApi[p];
            case CPU_HCR_APK -> x.cpuApk[p];
        };
    }

    /** A condition whose value a preemption can change (model.md, choice 3). */
    boolean mutable(Condition c) {
        if (c instanceof Condition.Not n) {
            return mutable(n.operand());
        }
        if (c instanceof Condition.All a) {
            return a.operands().stream().anyMatch(this::mutable);
        }
        if (c instanceof Condition.Any a) {
            return a.operands().stream().anyMatch(this::mutable);
        }
        return switch (((Condition.Atom) c).name()) {
            case VCPU_HCR_API, VCPU_HCR_APK, CPU_HCR_API, CPU_HCR_APK -> true;
            case CPU_HAS_ADDRESS -> w.onlineDiffer(AuthClass.ADDRESS);
            case CPU_HAS_GENERIC -> w.onlineDiffer(AuthClass.GENERIC);
            default -> false;
        };
    }
}
