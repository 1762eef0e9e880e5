package trapcheck.kvm;

import trapcheck.kvm.spec.Algorithm;
import trapcheck.kvm.spec.AuthClass;
import trapcheck.kvm.spec.GuestAction;

import static trapcheck.kvm.StateLayout.LOC_GUEST;
import static trapcheck.kvm.StateLayout.LOC_HANDLER;
import static trapcheck.kvm.StateLayout.LOC_HOST;
import static trapcheck.kvm.StateLayout.LOC_OUT;

/**
 * What every atomic step (docs/spec-reference.md, "Steps and preemption") does to a packed state:
 * the scheduler (switch in, preempt), the vCPU ioctls (KVM_ARM_VCPU_INIT, KVM_RUN and its return),
 * the world switch, and guest instructions; hooks run through the {@link HookInterpreter}. At the
 * events of each step the {@link InvariantChecks} judge it, and after it the state of the pCPU it
 * ran on. Stateless after construction: every method writes into the state it is given.
 */
final class ThreadSteps {
    /** What {@link #step} returns for an action not enabled in the state. */
    static final long NOT_ENABLED = -1;
    private static final AuthClass[] CLASSES = AuthClass.values();

    private final World world;
    private final StateLayout layout;
    private final CompiledPolicy policy;
    private final HookInterpreter hooks;
    private final InvariantChecks checks;
    private final Actions actions;
    /** Which outstanding signed pointers are state, and their tokens. */
    private final SignedPointers signed;

    ThreadSteps(World world, StateLayout layout, CompiledPolicy policy, InvariantChecks checks, Actions actions,
                SignedPointers signed) {
        this.world = world;
        this.layout = layout;
        this.policy = policy;
        this.hooks = new HookInterpreter(world, layout, policy);
        this.checks = checks;
        this.actions = actions;
        this.signed = signed;
    }

    /** Every vCPU thread in userspace, uninitialised, its save area holding its initial keys. */
    long[] initialState() {
        long[] s = new long[layout.words];
        for (int g = 0; g < world.vcpus; g++) {
            for (int k = 0; k < world.keys.length; k++) {
                layout.vcpuSave[g][k].set(s, world.guestKey(g, 0));
            }
        }
        return s;
    }

    /** The pCPU where a thread runs, or -1. */
    int cpuOf(long[] s, int thread) {
        for (int p = 0; p < world.cpus; p++) {
            if (layout.cpuThread[p].get(s) == thread) {
                return p;
            }
        }
        return -1;
    }

    /**
     * Applies action a to s, writing the successor to n, with p the pCPU where the action's thread
     * runs (-1: nowhere); returns the mask of the properties the step breaks, or {@link #NOT_ENABLED}.
     */
    long step(long[] s, int a, int p, long[] n, StepObserver observer) {
        int t = actions.thread[a];
        int g = world.threadVcpu(t);
        int kind = actions.kind[a];
        if (!enabled(s, a, kind, p, g)) {
            return NOT_ENABLED;
        }
        System.arraycopy(s, 0, n, 0, s.length);
        boolean returned = false;
        long broken = 0;
        switch (kind) {
            case Actions.SWITCH_IN -> {
                p = actions.cpu[a];
                broken = switchIn(n, t, p, observer);
            }
            case Actions.PREEMPT -> broken = preempt(n, t, p, observer);
            case Actions.INIT -> init(n, p, g, observer);
            case Actions.RUN -> {
                layout.vcpuLoc[g].set(n, LOC_HOST);
                broken = load(n, p, g, observer);
            }
            case Actions.RETURN -> {
                broken = put(n, p, g, observer);
                layout.vcpuLoc[g].set(n, LOC_OUT);
                returned = true;
            }
            case Actions.ENTER -> broken = enter(n, p, g, observer);
            case Actions.EXIT -> exit(n, p, g, observer);
            case Actions.HANDLER -> broken = handlerStep(n, p, g, observer);
            default -> broken = guestInsn(n, p, g, world.insns.get(actions.insn[a]), observer);
        }
        return broken | checks.cpuState(n, p, returned, observer);
    }

    /** How many of the actions [from, to) of one thread, which runs on p (-1: nowhere), are enabled in s. */
    int enabledCount(long[] s, int from, int to, int p) {
        int n = 0;
        for (int a = from; a < to; a++) {
            if (enabled(s, a, actions.kind[a], p, world.threadVcpu(actions.thread[a]))) {
                n++;
            }
        }
        return n;
    }

    /** Whether action a (of this kind, its thread on p, -1: nowhere, and of vCPU g, -1: none) can run in s. */
    private boolean enabled(long[] s, int a, int kind, int p, int g) {
        if (kind == Actions.SWITCH_IN) {
            return p < 0 && layout.cpuThread[actions.cpu[a]].get(s) == 0 && !world.parked[actions.cpu[a]];
        }
        if (p < 0) {
            return false;
        }
        int loc = g >= 0 ? layout.vcpuLoc[g].get(s) : LOC_OUT;
        return switch (kind) {
            case Actions.PREEMPT -> loc != LOC_GUEST;
            case Actions.INIT -> loc == LOC_OUT;
            case Actions.RUN -> loc == LOC_OUT && layout.vcpuInit[g].bit(s);
            case Actions.RETURN, Actions.ENTER -> loc == LOC_HOST;
            case Actions.HANDLER -> loc >= LOC_HANDLER;
            default -> loc == LOC_GUEST;   // EXIT and guest instructions
        };
    }

    /** __switch_to: thread t starts running on idle pCPU p; vcpu_load follows inside KVM_RUN. */
    private long switchIn(long[] s, int t, int p, StepObserver observer) {
        layout.cpuThread[p].set(s, t);
        int key = world.threadKey(t);
        for (int k = 0; k < world.keys.length; k++) {
            layout.cpuReg[p][k].set(s, key);
            madeRegister(observer, p, k);
        }
        int g = world.threadVcpu(t);
        if (g >= 0 && layout.vcpuLoc[g].get(s) != LOC_OUT) {
            return load(s, p, g, observer);
        }
        return 0;
    }

    /** The thread on p is preempted (vcpu_put inside KVM_RUN); the idle task runs with its keys. */
    private long preempt(long[] s, int t, int p, StepObserver observer) {
        int g = world.threadVcpu(t);
        long broken = 0;
        if (g >= 0 && layout.vcpuLoc[g].get(s) != LOC_OUT) {
            broken = put(s, p, g, observer);
        }
        layout.cpuThread[p].set(s, 0);
        for (int k = 0; k < world.keys.length; k++) {
            layout.cpuReg[p][k].set(s, 0);
            madeRegister(observer, p, k);
        }
        return broken;
    }

    /** vcpu_put on p. */
    private long put(long[] s, int p, int g, StepObserver observer) {
        hooks.runAtomic(policy.program(Hook.VCPU_PUT), s, p, g, observer);
        return checks.put(s, p, g, observer);
    }

    /** KVM_ARM_VCPU_INIT: reset the vCPU, run vcpu_reset; an -EINVAL leaves it uninitialised. */
    private void init(long[] s, int p, int g, StepObserver observer) {
        layout.vcpuApi[g].set(s, false);
        layout.vcpuApk[g].set(s, false);
        if (observer != null) {
            observer.madeByModel(StateView.vcpuHcr(world, g));
        }
        for (int k = 0; k < world.keys.length; k++) {
            layout.vcpuSave[g][k].set(s, world.guestKey(g, 0));
            if (observer != null) {
                observer.madeByModel(StateView.saveArea(world, g, k));
            }
            layout.vcpuVersion[g][k].set(s, 0);
            layout.vcpuSigned[g][k].set(s, 0);
        }
        int outcome = hooks.runAtomic(policy.program(Hook.VCPU_RESET), s, p, g, observer);
        layout.vcpuInit[g].set(s, (outcome & HookInterpreter.EINVAL) == 0);
        if (observer != null) {
            observer.madeByModel(StateView.vcpuInit(world, g));
        }
    }

    /** vcpu_load on p. */
    private long load(long[] s, int p, int g, StepObserver observer) {
        if (observer != null) {
            observer.counted(StepObserver.Counter.VCPU_LOAD);
        }
        hooks.runAtomic(policy.program(Hook.VCPU_LOAD), s, p, g, observer);
        return checks.loaded(s, p, g, observer);
    }

    /** Entering the guest from the host: guest_enter then switch_in. */
    private long enter(long[] s, int p, int g, StepObserver observer) {
        if (observer != null) {
            observer.counted(StepObserver.Counter.WORLD_SWITCH);
        }
        hooks.runAtomic(policy.program(Hook.GUEST_ENTER), s, p, g, observer);
        hooks.runAtomic(policy.program(Hook.SWITCH_IN), s, p, g, observer);
        layout.vcpuLoc[g].set(s, LOC_GUEST);
        return checks.entered(s, p, g, observer);
    }

    /** Leaving the guest for the host: switch_out, guest_exit, and the host's HCR_EL2 (API/APK clear). */
    private void exit(long[] s, int p, int g, StepObserver observer) {
        if (observer != null) {
            observer.counted(StepObserver.Counter.WORLD_SWITCH);
        }
        hooks.runAtomic(policy.program(Hook.SWITCH_OUT), s, p, g, observer);
        hooks.runAtomic(policy.program(Hook.GUEST_EXIT), s, p, g, observer);
        layout.cpuApi[p].set(s, false);
        layout.cpuApk[p].set(s, false);
        if (observer != null) {
            observer.madeByModel(StateView.cpuHcr(world, p));
        }
        layout.vcpuLoc[g].set(s, LOC_HOST);
    }

    /** One step of a host-context trap handler (see {@link HookInterpreter#handlerStep}). */
    private long handlerStep(long[] s, int p, int g, StepObserver observer) {
        int trapped = layout.vcpuTrapClass[g].get(s);   // read first: the handler's end clears it
        int kind = trappedKind(s, g, trapped);
        int outcome = hooks.handlerStep(s, p, g, observer);
        return (outcome & HookInterpreter.UNDEF) != 0
                ? checks.undefInjected(s, p, g, CLASSES[trapped & 1], kind, observer) : 0;
    }

    /**
     * The {@link TrapKind} of the instruction whose host-context handler g is in: stored beside the
     * class when one handler serves both kinds, else told by the handler (trap_key_access, or trap
     * when it serves the only kind the guest executes).
     */
    private int trappedKind(long[] s, int g, int trapped) {
        if (layout.vcpuTrapClass[g].width > 1) {
            return trapped >> 1;
        }
        HookProgram keyAccess = policy.program(Hook.TRAP_KEY_ACCESS);
        HookProgram prog = policy.positionProgram[layout.vcpuLoc[g].get(s) - LOC_HANDLER];
        if (prog == keyAccess) {
            return TrapKind.KEY_ACCESS;
        }
        return keyAccess == null && !world.executes(TrapKind.PAC_INSTRUCTION) ? TrapKind.KEY_ACCESS
                : TrapKind.PAC_INSTRUCTION;
    }

    /**
     * A guest instruction on p: UNDEF where p lacks the class, a trap where the physical trap bit is
     * clear, otherwise it executes with p's algorithm on whatever key the register holds.
     */
    private long guestInsn(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
        if (world.cpuAlg[p][insn.authClass().ordinal()] == Algorithm.NONE) {
            return checks.undefined(s, p, g, insn, observer);
        }
        boolean trapBit = insn.action().isKeyAccess() ? layout.cpuApk[p].bit(s) : layout.cpuApi[p].bit(s);
        if (!trapBit) {
            return trap(s, p, g, insn, observer);
        }
        long broken = checks.executes(s, p, g, insn, observer);
        int k = insn.keyIndex();
        if (insn.action() == GuestAction.KEY_WRITE) {
            if (!signed.versions && layout.vcpuVersion[g][k].get(s) != insn.version()) {
                // A pointer signed under the old key is expected to fail: its token goes.
                layout.vcpuSigned[g][k].set(s, 0);
            }
            layout.cpuReg[p][k].set(s, world.guestKey(g, insn.version()));
            madeRegister(observer, p, k);
            layout.vcpuVersion[g][k].set(s, insn.version());
        } else if (signed.tracked(k) && insn.action() == GuestAction.SIGN) {
            // Signed under the key the register holds: the guest's own at some version; a foreign
            // key (which broke guest-keys-intact already) counts as the version the guest expects.
            int reg = layout.cpuReg[p][k].get(s);
            int want = layout.vcpuVersion[g][k].get(s);
            int version = world.guestKeyVcpu(reg) == g ? world.guestKeyVersion(reg) : want;
            layout.vcpuSigned[g][k].set(s, signed.token(k, version, world.cpuAlg[p][insn.authClass().ordinal()]));
        }
        return broken;
    }

    /**
     * The observer (a trace's culprit walk) learns that the model wrote p's key register k. The
     * field's name is only built when someone observes: on the search's path, where the observer is
     * null, building it was a string concatenation per switch-in, preemption and key write.
     */
    private void madeRegister(StepObserver observer, int p, int k) {
        if (observer != null) {
            observer.madeByModel(StateView.register(world, p, k));
        }
    }

    /** The instruction traps: to a hyp handler (one step) or out of the guest into a host-context handler. */
    private long trap(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
        if (observer != null) {
            observer.counted(StepObserver.Counter.TRAP);
        }
        long broken = checks.trapped(s, p, g, insn, observer);
        HookProgram handler = policy.handlerFor(insn);
        if (!handler.hostContext) {
            // Inside the world switch loop: switch_out, the handler, switch_in; the guest resumes.
            hooks.runAtomic(policy.program(Hook.SWITCH_OUT), s, p, g, observer);
            int outcome = hooks.runAtomic(handler, s, p, g, observer);
            hooks.runAtomic(policy.program(Hook.SWITCH_IN), s, p, g, observer);
            if ((outcome & HookInterpreter.UNDEF) != 0) {
                broken |= checks.undefInjected(s, p, g, insn.authClass(), TrapKind.of(insn.action()), observer);
            }
            return broken;
        }
        exit(s, p, g, observer);
        layout.vcpuTrapClass[g].set(s, insn.authClass().ordinal() + 2 * TrapKind.of(insn.action()));
        hooks.startHandler(handler, s, p, g, observer);
        return broken;
    }
}
