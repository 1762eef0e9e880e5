package trapcheck.kvm;

import java.util.List;
import trapcheck.kvm.spec.Algorithm;
import trapcheck.kvm.spec.AuthClass;
import trapcheck.kvm.spec.Condition;
import trapcheck.kvm.spec.Op;

import static trapcheck.kvm.StateLayout.LOC_HANDLER;
import static trapcheck.kvm.StateLayout.LOC_HOST;

/**
 * Executes compiled hook programs on a packed state: a whole hook in one atomic step, or one step of
 * a host-context trap handler. Knows ops and conditions, not invariants: what an op means for the
 * trapped instruction or the ioctl (an UNDEF, -EINVAL) is returned as outcome bits for the thread
 * step to judge. Stateless after construction; every method writes into the state it is given.
 */
final class HookInterpreter {
    /** Outcome: the hook injected an UNDEF for the trapped instruction. */
    static final int UNDEF = 1;
    /** Outcome: the hook returned -EINVAL. */
    static final int EINVAL = 2;

    private final World world;
    private final StateLayout layout;
    private final CompiledPolicy policy;

    HookInterpreter(World world, StateLayout layout, CompiledPolicy policy) {
        this.world = world;
        this.layout = layout;
        this.policy = policy;
    }

    /** Runs a hook program from start to end in one atomic step on pCPU p; returns its outcome bits. */
    int runAtomic(HookProgram prog, long[] s, int p, int g, StepObserver observer) {
        int outcome = 0;
        int i = nextOp(prog, 0, s, p, g, observer, false);
        while (prog.kind[i] != HookProgram.END) {
            cover(observer, prog.coverThen[i]);
            if (observer != null) {
                observer.op(prog, i);
            }
            Op op = prog.op[i];
            if (op instanceof Op.KeyMove km) {
                for (int k : prog.keys[i]) {
                    moveKey(s, km.kind(), k, p, p, g, observer);
                }
                if (km.kind() == Op.KeyMove.Kind.SAVE_HOST_KEYS && observer != null) {
                    observer.counted(StepObserver.Counter.HOST_KEY_SAVE);
                }
            } else {
                outcome |= execOp(op, prog.keys[i], s, p, g, observer);
                if ((outcome & EINVAL) != 0) {
                    return outcome;   // return -EINVAL: nothing after it in the hook runs
                }
            }
            i = nextOp(prog, i + 1, s, p, g, observer, false);
        }
        return outcome;
    }

    /** Enters a host-context handler: the vCPU stops before its first op (or is back in KVM_RUN if it has none). */
    void startHandler(HookProgram prog, long[] s, int p, int g, StepObserver observer) {
        setHandlerPosition(s, g, prog, nextOp(prog, 0, s, p, g, observer, true), 0);
    }

    /**
     * One step of a host-context trap handler: one op, or one part of a key op (resolve the target,
     * move one key); ops between preempt_disable and preempt_enable run in the same step. A condition
     * that cannot change is decided at the end of the step before it; one that can (a positioned
     * branch, {@link HookProgram#positioned}) is a step of its own, on the pCPU where the thread
     * then runs, which moves to the chosen op's position. Returns the outcome bits of the ops it ran.
     */
    int handlerStep(long[] s, int p, int g, StepObserver observer) {
        int pos = layout.vcpuLoc[g].get(s) - LOC_HANDLER;
        HookProgram prog = policy.positionProgram[pos];
        int i = policy.positionInstruction[pos];
        int sub = policy.positionSubStep[pos];
        boolean atomic = false;
        int outcome = 0;
        if (prog.kind[i] == HookProgram.BRANCH) {
            boolean taken = eval(prog.condition[i], s, p, g);
            cover(observer, prog.coverThen[i] + (taken ? 0 : 1));
            setHandlerPosition(s, g, prog, nextOp(prog, taken ? i + 1 : prog.target[i], s, p, g, observer, true), 0);
            return 0;
        }
        while (true) {
            Op op = prog.op[i];
            if (observer != null) {
                observer.op(prog, i);
            }
            boolean done = true;
            if (op instanceof Op.KeyMove km) {
                int[] keys = prog.keys[i];
                if (km.kind().hostContext()) {
                    if (sub == 0) {
                        cover(observer, prog.coverThen[i]);
                        layout.vcpuTarget[g].set(s, p + 1);
                        done = keys.length == 0;
                    } else {
                        int target = layout.vcpuTarget[g].get(s) - 1;
                        moveKey(s, km.kind(), keys[sub - 1], p, target, g, observer);
                        done = sub == keys.length;
                    }
                    if (done) {
                        layout.vcpuTarget[g].set(s, 0);
                        if (km.kind() == Op.KeyMove.Kind.SAVE_HOST_KEYS && observer != null) {
                            observer.counted(StepObserver.Counter.HOST_KEY_SAVE);
                        }
                    }
                } else if (keys.length > 0) {
                    if (sub == 0) {
                        cover(observer, prog.coverThen[i]);
                    }
                    moveKey(s, km.kind(), keys[sub], p, p, g, observer);
                    done = sub + 1 == keys.length;
                } else {
                    cover(observer, prog.coverThen[i]);
                }
                sub++;
            } else if (op instanceof Op.Simple sm && sm.kind() == Op.Simple.Kind.PREEMPT_DISABLE) {
                cover(observer, prog.coverThen[i]);
                atomic = true;
            } else if (op instanceof Op.Simple sm && sm.kind() == Op.Simple.Kind.PREEMPT_ENABLE) {
                cover(observer, prog.coverThen[i]);
                atomic = false;
            } else {
                cover(observer, prog.coverThen[i]);
                outcome |= execOp(op, prog.keys[i], s, p, g, observer);
            }
            if (done) {
                i = nextOp(prog, i + 1, s, p, g, observer, !atomic);
                sub = 0;
                if (prog.kind[i] == HookProgram.END) {
                    setHandlerPosition(s, g, prog, i, 0);
                    return outcome;
                }
            }
            if (!atomic) {
                setHandlerPosition(s, g, prog, i, sub);
                return outcome;
            }
        }
    }

    /** Where the vCPU stops in a handler: before instruction instr at sub-step sub, or back in KVM_RUN at the end. */
    private void setHandlerPosition(long[] s, int g, HookProgram prog, int instr, int sub) {
        if (prog.kind[instr] == HookProgram.END) {
            layout.vcpuLoc[g].set(s, LOC_HOST);
            layout.vcpuTrapClass[g].set(s, 0);
            return;
        }
        layout.vcpuLoc[g].set(s, LOC_HANDLER + prog.firstPosition[instr] + sub);
    }

    /**
     * Follows branches and jumps from instruction i to the next op (or the end); with
     * {@code stopAtPositioned}, also stops at a positioned branch, which a step of its own decides.
     */
    private int nextOp(HookProgram prog, int i, long[] s, int p, int g, StepObserver observer,
                       boolean stopAtPositioned) {
        while (true) {
            switch (prog.kind[i]) {
                case HookProgram.BRANCH -> {
                    if (stopAtPositioned && prog.positioned[i]) {
                        return i;
                    }
                    boolean taken = eval(prog.condition[i], s, p, g);
                    cover(observer, prog.coverThen[i] + (taken ? 0 : 1));
                    i = taken ? i + 1 : prog.target[i];
                }
                case HookProgram.JUMP -> i = prog.target[i];
                default -> {
                    return i;
                }
            }
        }
    }

    private static void cover(StepObserver observer, int point) {
        if (observer != null) {
            observer.covered(point);
        }
    }

    /** Moves one key between p's registers and the target: a host context (pCPU) or g's save area. */
    private void moveKey(long[] s, Op.KeyMove.Kind kind, int k, int p, int hostCtxCpu, int g, StepObserver observer) {
        if (observer != null) {
            observer.counted(StepObserver.Counter.KEY_REGISTER_ACCESS);
            observer.keyMoved(kind, k, p, hostCtxCpu, g, s);
        }
        switch (kind) {
            case SAVE_HOST_KEYS -> layout.cpuHostCtx[hostCtxCpu][k].set(s, layout.cpuReg[p][k].get(s));
            case RESTORE_HOST_KEYS -> layout.cpuReg[p][k].set(s, layout.cpuHostCtx[hostCtxCpu][k].get(s));
            case SAVE_GUEST_KEYS -> layout.vcpuSave[g][k].set(s, layout.cpuReg[p][k].get(s));
            case RESTORE_GUEST_KEYS -> layout.cpuReg[p][k].set(s, layout.vcpuSave[g][k].get(s));
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    /** Executes one op that is not a host-context step of a key op; returns its outcome bits. */
    private int execOp(Op op, int[] keys, long[] s, int p, int g, StepObserver observer) {
        if (op instanceof Op.HcrWrite h) {
            // contains, not a for-each: an iterator per HCR write unless the JIT proves it away
            if (h.bits().contains(Op.HcrBit.API)) {
                (h.physical() ? layout.cpuApi[p] : layout.vcpuApi[g]).set(s, h.set());
            }
            if (h.bits().contains(Op.HcrBit.APK)) {
                (h.physical() ? layout.cpuApk[p] : layout.vcpuApk[g]).set(s, h.set());
            }
            if (observer != null) {
                observer.made(h.physical() ? StateView.cpuHcr(world, p) : StateView.vcpuHcr(world, g));
            }
        } else if (op instanceof Op.Simple sm) {
            switch (sm.kind()) {
                case ACTIVATE_TRAPS -> {
                    if (observer != null) {
                        observer.trapsActivated(p, g, s);
                    }
                    layout.cpuApi[p].set(s, layout.vcpuApi[g].bit(s));
                    layout.cpuApk[p].set(s, layout.vcpuApk[g].bit(s));
                }
                case INJECT_UNDEF -> {
                    return UNDEF;
                }
                case RETURN_EINVAL -> {
                    return EINVAL;
                }
                default -> {
                    // preempt_disable/enable: every hook but a host-context handler is atomic already.
                }
            }
        } else if (op instanceof Op.KeyMove km) {
            for (int k : keys) {
                moveKey(s, km.kind(), k, p, p, g, observer);
            }
        }
        return 0;
    }

    /** A condition on pCPU p for vCPU g in state s. */
    boolean eval(Condition c, long[] s, int p, int g) {
        if (c instanceof Condition.Atom a) {
            return switch (a.name()) {
                case VCPU_HAS_PTRAUTH -> world.hasPtrauth[g];
                case REQUESTED_PTRAUTH -> world.requestedAddress[g] || world.requestedGeneric[g];
                case REQUESTED_ADDRESS -> world.requestedAddress[g];
                case REQUESTED_GENERIC -> world.requestedGeneric[g];
                case SYSTEM_HAS_PTRAUTH -> world.systemAlg[0] != Algorithm.NONE && world.systemAlg[1] != Algorithm.NONE;
                case SYSTEM_HAS_ADDRESS -> world.systemAlg[0] != Algorithm.NONE;
                case SYSTEM_HAS_GENERIC -> world.systemAlg[1] != Algorithm.NONE;
                case CPU_HAS_ADDRESS -> world.cpuHas(p, AuthClass.ADDRESS);
                case CPU_HAS_GENERIC -> world.cpuHas(p, AuthClass.GENERIC);
                case VCPU_HCR_API -> layout.vcpuApi[g].bit(s);
                case VCPU_HCR_APK -> layout.vcpuApk[g].bit(s);
                case CPU_HCR_API -> layout.cpuApi[p].bit(s);
                case CPU_HCR_APK -> layout.cpuApk[p].bit(s);
            };
        }
        if (c instanceof Condition.Not n) {
            return !eval(n.operand(), s, p, g);
        }
        // Indexed loops: a for-each would take an iterator per evaluation on the search's path.
        if (c instanceof Condition.All all) {
            List<Condition> operands = all.operands();
            for (int i = 0; i < operands.size(); i++) {
                if (!eval(operands.get(i), s, p, g)) {
                    return false;
                }
            }
            return true;
        }
        List<Condition> operands = ((Condition.Any) c).operands();
        for (int i = 0; i < operands.size(); i++) {
            if (eval(operands.get(i), s, p, g)) {
                return true;
            }
        }
        return false;
    }
}
