package trapcheck.kvm;

import trapcheck.kvm.spec.Algorithm;
import trapcheck.kvm.spec.AuthClass;
import trapcheck.kvm.spec.Condition;
import trapcheck.kvm.spec.GuestAction;
import trapcheck.kvm.spec.Invariant;
import trapcheck.kvm.spec.Op;
import trapcheck.kvm.spec.Spec;

import static trapcheck.kvm.StateLayout.LOC_GUEST;
import static trapcheck.kvm.StateLayout.LOC_HANDLER;
import static trapcheck.kvm.StateLayout.LOC_HOST;
import static trapcheck.kvm.StateLayout.LOC_OUT;

/**
 * What every atomic step (docs/spec-reference.md, "Steps and preemption") does to a packed state, and which invariants it
 * breaks. Stateless after construction: all methods write into the array they are given.
 *
 * <p>Invariant masks here are over {@link Invariant#ordinal()}; the model maps them to the selected
 * properties.
 */
final class Semantics {
    static final int NKB = 1 << Invariant.NO_KEY_LEAKAGE.ordinal();
    static final int HKI = 1 << Invariant.HOST_KEYS_INTACT.ordinal();
    static final int GKI = 1 << Invariant.GUEST_KEYS_INTACT.ordinal();
    static final int AAC = 1 << Invariant.API_APK_CLEARED_ON_LOAD.ordinal();
    static final int TBM = 1 << Invariant.TRAP_BITS_MATCH_VCPU.ordinal();
    static final int IDC = 1 << Invariant.ID_REGISTERS_CONSISTENT.ordinal();
    static final int VIC = 1 << Invariant.VCPU_INIT_CHECKED.ordinal();

    final World w;
    final StateLayout l;
    final CompiledPolicy policy;
    final boolean lazy;
    final boolean inKernel;
    final boolean tracksSigned;

    Semantics(Spec spec) {
        w = new World(spec);
        policy = new CompiledPolicy(spec.policy(), w);
        boolean writes = spec.guest().actions().contains(GuestAction.KEY_WRITE) && w.keyVersions > 1;
        tracksSigned = spec.guest().signedPointers() && spec.guest().actions().contains(GuestAction.SIGN);
        l = new StateLayout(w, policy.handlerPositions, policy.resolvesHostContext, policy.remembersTrapClass, writes,
                tracksSigned);
        lazy = spec.policy().lazy();
        inKernel = spec.topology().inKernelPtrauth();
    }

    // ---- reading the state ----

    /** The pCPU where a thread runs, or -1. */
    int cpuOf(long[] s, int thread) {
        for (int p = 0; p < w.cpus; p++) {
            if (l.cpuThread[p].get(s) == thread) {
                return p;
            }
        }
        return -1;
    }

    int loc(long[] s, int g) {
        return l.vcpuLoc[g].get(s);
    }

    // ---- the initial state ----

    long[] initialState() {
        long[] s = new long[l.words];
        for (int g = 0; g < w.vcpus; g++) {
            for (int k = 0; k < w.keys.length; k++) {
                l.vcpuSave[g][k].set(s, w.guestKey(g, 0));
            }
        }
        return s;
    }

    // ---- steps; each returns a mask of broken invariants (by ordinal) ----

    /** __switch_to: thread t starts running on idle pCPU p; vcpu_load follows inside KVM_RUN. */
    int switchIn(long[] s, int t, int p, Probe probe) {
        l.cpuThread[p].set(s, t);
        int key = w.threadKey(t);
        for (int k = 0; k < w.keys.length; k++) {
            l.cpuReg[p][k].set(s, key);
        }
        int g = w.threadVcpu(t);
        int broken = 0;
        if (g >= 0 && loc(s, g) != LOC_OUT) {
            broken |= load(s, p, g, probe);
        }
        return broken;
    }

    /** The thread on p is preempted (vcpu_put inside KVM_RUN); the idle task runs with its keys. */
    void preempt(long[] s, int t, int p, Probe probe) {
        int g = w.threadVcpu(t);
        if (g >= 0 && loc(s, g) != LOC_OUT) {
            runAtomic(policy.program(Hook.VCPU_PUT), s, p, g, probe, null);
        }
        l.cpuThread[p].set(s, 0);
        for (int k = 0; k < w.keys.length; k++) {
            l.cpuReg[p][k].set(s, 0);
        }
    }

    /** KVM_ARM_VCPU_INIT: reset the vCPU, run vcpu_reset; an -EINVAL leaves it uninitialised. */
    void init(long[] s, int p, int g, Probe probe) {
        l.vcpuApi[g].set(s, false);
        l.vcpuApk[g].set(s, false);
        for (int k = 0; k < w.keys.length; k++) {
            l.vcpuSave[g][k].set(s, w.guestKey(g, 0));
            l.vcpuVersion[g][k].set(s, 0);
            l.vcpuSigned[g][k].set(s, 0);
        }
        Flags f = new Flags();
        runAtomic(policy.program(Hook.VCPU_RESET), s, p, g, probe, f);
        l.vcpuInit[g].set(s, !f.einval);
    }

    /** vcpu_load on p; checks api-apk-cleared-on-load. */
    int load(long[] s, int p, int g, Probe probe) {
        if (probe != null) {
            probe.counted(Probe.Counter.VCPU_LOAD);
        }
        runAtomic(policy.program(Hook.VCPU_LOAD), s, p, g, probe, null);
        if (lazy && w.hasPtrauth[g] && (l.vcpuApi[g].bit(s) || l.vcpuApk[g].bit(s))) {
            if (probe != null) {
                probe.broken(Invariant.API_APK_CLEARED_ON_LOAD, w.vcpuNames[g] + " has API/APK "
                        + bits(l.vcpuApi[g].bit(s), l.vcpuApk[g].bit(s)) + " right after vcpu_load on "
                        + w.cpuNames[p] + ", so its first ptrauth use there does not trap");
            }
            return AAC;
        }
        return 0;
    }

    void put(long[] s, int p, int g, Probe probe) {
        runAtomic(policy.program(Hook.VCPU_PUT), s, p, g, probe, null);
    }

    /** Entering the guest from the host: guest_enter then switch_in. */
    int enter(long[] s, int p, int g, Probe probe) {
        if (probe != null) {
            probe.counted(Probe.Counter.WORLD_SWITCH);
        }
        runAtomic(policy.program(Hook.GUEST_ENTER), s, p, g, probe, null);
        runAtomic(policy.program(Hook.SWITCH_IN), s, p, g, probe, null);
        l.vcpuLoc[g].set(s, LOC_GUEST);
        boolean asked = w.requestedAddress[g] || w.requestedGeneric[g];
        if (asked && !w.hasPtrauth[g]) {
            if (probe != null) {
                probe.broken(Invariant.VCPU_INIT_CHECKED, w.vcpuNames[g] + " asked for ptrauth at KVM_ARM_VCPU_INIT, "
                        + "was not given it, and still runs on " + w.cpuNames[p]);
            }
            return VIC;
        }
        return 0;
    }

    /** Leaving the guest for the host: switch_out, guest_exit, and the host's HCR_EL2 (API/APK clear). */
    void exit(long[] s, int p, int g, Probe probe) {
        if (probe != null) {
            probe.counted(Probe.Counter.WORLD_SWITCH);
        }
        runAtomic(policy.program(Hook.SWITCH_OUT), s, p, g, probe, null);
        runAtomic(policy.program(Hook.GUEST_EXIT), s, p, g, probe, null);
        l.cpuApi[p].set(s, false);
        l.cpuApk[p].set(s, false);
        l.vcpuLoc[g].set(s, LOC_HOST);
    }

    /**
     * A guest instruction on p: UNDEF where p lacks the class, a trap where the physical trap bit is
     * clear, otherwise it executes with p's algorithm on whatever key the register holds.
     */
    int guestInsn(long[] s, int p, int g, World.GuestInsn insn, Probe probe) {
        AuthClass cls = insn.authClass();
        Algorithm alg = w.cpuAlg[p][cls.ordinal()];
        Algorithm adv = w.advertised[g][cls.ordinal()];
        if (alg == Algorithm.NONE) {
            if (adv != Algorithm.NONE) {
                if (probe != null) {
                    probe.broken(Invariant.ID_REGISTERS_CONSISTENT, w.vcpuNames[g] + "'s ID registers advertise "
                            + cls.word() + " auth (" + adv.field(cls) + "), yet its " + insn.mnemonic() + " UNDEFs on "
                            + w.cpuNames[p] + ", which does not implement it");
                }
                return IDC;
            }
            return 0;
        }
        boolean trapBit = insn.action().isKeyAccess() ? l.cpuApk[p].bit(s) : l.cpuApi[p].bit(s);
        if (!trapBit) {
            return trap(s, p, g, insn, probe);
        }
        int broken = 0;
        if (adv != alg) {
            broken |= IDC;
            if (probe != null) {
                probe.broken(Invariant.ID_REGISTERS_CONSISTENT, adv == Algorithm.NONE
                        ? w.vcpuNames[g] + "'s " + insn.mnemonic() + " succeeds on " + w.cpuNames[p]
                        + " although its ID registers do not advertise " + cls.word() + " auth"
                        : w.vcpuNames[g] + "'s " + insn.mnemonic() + " runs with " + alg.word() + " on "
                        + w.cpuNames[p] + " but its ID registers advertise " + adv.word());
            }
        }
        int k = insn.keyIndex();
        if (insn.action() == GuestAction.KEY_WRITE) {
            l.cpuReg[p][k].set(s, w.guestKey(g, insn.version()));
            l.vcpuVersion[g][k].set(s, insn.version());
            return broken;
        }
        int reg = l.cpuReg[p][k].get(s);
        int want = l.vcpuVersion[g][k].get(s);
        boolean own = w.guestKeyVcpu(reg) == g;
        if (!own) {
            broken |= GKI;
            if (reg != 0) {
                broken |= NKB;
            }
            if (probe != null) {
                String what = insn.mnemonic() + " on " + w.cpuNames[p] + " uses " + w.keyName(reg) + "'s "
                        + insn.key() + "Key";
                if (reg != 0) {
                    probe.broken(Invariant.NO_KEY_LEAKAGE, w.vcpuNames[g] + "'s " + what);
                }
                probe.broken(Invariant.GUEST_KEYS_INTACT, w.vcpuNames[g] + "'s " + what + " instead of its own v" + want);
            }
        } else if (w.guestKeyVersion(reg) != want) {
            broken |= GKI;
            if (probe != null) {
                probe.broken(Invariant.GUEST_KEYS_INTACT, w.vcpuNames[g] + "'s " + insn.mnemonic() + " on "
                        + w.cpuNames[p] + " finds its " + insn.key() + "Key at v" + w.guestKeyVersion(reg)
                        + " but it last wrote v" + want);
            }
        }
        if (tracksSigned) {
            if (insn.action() == GuestAction.SIGN) {
                l.vcpuSigned[g][k].set(s, (own ? w.guestKeyVersion(reg) : want) + 1);
            } else if (insn.action() == GuestAction.AUTH) {
                int signed = l.vcpuSigned[g][k].get(s);
                if (signed != 0 && signed - 1 == want && !(own && w.guestKeyVersion(reg) == want)) {
                    broken |= GKI;
                    if (probe != null) {
                        probe.broken(Invariant.GUEST_KEYS_INTACT, "a pointer " + w.vcpuNames[g] + " signed under its "
                                + insn.key() + "Key v" + want + " fails to authenticate on " + w.cpuNames[p]);
                    }
                }
            }
        }
        return broken;
    }

    private int trap(long[] s, int p, int g, World.GuestInsn insn, Probe probe) {
        if (probe != null) {
            probe.counted(Probe.Counter.TRAP);
        }
        HookProgram prog = policy.handlerFor(insn);
        if (!prog.hostContext) {
            // Inside the world switch loop: switch_out, the handler, switch_in; the guest resumes.
            runAtomic(policy.program(Hook.SWITCH_OUT), s, p, g, probe, null);
            Flags f = new Flags();
            runAtomic(prog, s, p, g, probe, f);
            runAtomic(policy.program(Hook.SWITCH_IN), s, p, g, probe, null);
            return f.undef ? undef(g, insn.authClass(), p, probe) : 0;
        }
        exit(s, p, g, probe);
        l.vcpuTrapClass[g].set(s, insn.authClass().ordinal());
        int next = nextOp(prog, 0, s, p, g, probe);
        setHandlerPosition(s, g, prog, next, 0);
        return 0;
    }

    /** An UNDEF injected for a trapped instruction of class c: wrong when the ID registers advertise c. */
    private int undef(int g, AuthClass c, int p, Probe probe) {
        Algorithm adv = w.advertised[g][c.ordinal()];
        if (adv == Algorithm.NONE) {
            return 0;
        }
        if (probe != null) {
            probe.broken(Invariant.ID_REGISTERS_CONSISTENT, w.vcpuNames[g] + "'s ID registers advertise " + c.word()
                    + " auth (" + adv.field(c) + "), yet the trap handler on " + w.cpuNames[p] + " injects an UNDEF");
        }
        return IDC;
    }

    /**
     * One step of a host-context trap handler: one op, or one part of a key op (resolve the target,
     * move one key); ops between preempt_disable and preempt_enable run in the same step. Conditions
     * leading to the next op are decided at the end of the step, on the pCPU where it ends.
     */
    int handlerStep(long[] s, int p, int g, Probe probe) {
        int pos = loc(s, g) - LOC_HANDLER;
        HookProgram prog = policy.positionProgram[pos];
        int i = policy.positionInstruction[pos];
        int sub = policy.positionSubStep[pos];
        boolean atomic = false;
        int broken = 0;
        while (true) {
            Op op = prog.op[i];
            boolean done = true;
            if (op instanceof Op.KeyMove km) {
                int[] keys = prog.keys[i];
                if (km.kind().hostContext()) {
                    if (sub == 0) {
                        cover(probe, prog.coverThen[i]);
                        l.vcpuTarget[g].set(s, p + 1);
                        done = keys.length == 0;
                    } else {
                        int target = l.vcpuTarget[g].get(s) - 1;
                        moveKey(s, km.kind(), keys[sub - 1], p, target, g, probe);
                        done = sub == keys.length;
                    }
                    if (done) {
                        l.vcpuTarget[g].set(s, 0);
                        if (km.kind() == Op.KeyMove.Kind.SAVE_HOST_KEYS && probe != null) {
                            probe.counted(Probe.Counter.HOST_KEY_SAVE);
                        }
                    }
                } else if (keys.length > 0) {
                    if (sub == 0) {
                        cover(probe, prog.coverThen[i]);
                    }
                    moveKey(s, km.kind(), keys[sub], p, p, g, probe);
                    done = sub + 1 == keys.length;
                } else {
                    cover(probe, prog.coverThen[i]);
                }
                sub++;
            } else if (op instanceof Op.Simple sm && sm.kind() == Op.Simple.Kind.PREEMPT_DISABLE) {
                cover(probe, prog.coverThen[i]);
                atomic = true;
            } else if (op instanceof Op.Simple sm && sm.kind() == Op.Simple.Kind.PREEMPT_ENABLE) {
                cover(probe, prog.coverThen[i]);
                atomic = false;
            } else {
                cover(probe, prog.coverThen[i]);
                Flags f = new Flags();
                execOp(op, prog.keys[i], s, p, g, probe, f);
                if (f.undef) {
                    broken |= undef(g, AuthClass.values()[l.vcpuTrapClass[g].get(s)], p, probe);
                }
            }
            if (done) {
                i = nextOp(prog, i + 1, s, p, g, probe);
                sub = 0;
                if (prog.kind[i] == HookProgram.END) {
                    l.vcpuLoc[g].set(s, LOC_HOST);
                    l.vcpuTrapClass[g].set(s, 0);
                    return broken;
                }
            }
            if (!atomic) {
                setHandlerPosition(s, g, prog, i, sub);
                return broken;
            }
        }
    }

    private void setHandlerPosition(long[] s, int g, HookProgram prog, int instr, int sub) {
        if (prog.kind[instr] == HookProgram.END) {
            l.vcpuLoc[g].set(s, LOC_HOST);
            l.vcpuTrapClass[g].set(s, 0);
            return;
        }
        l.vcpuLoc[g].set(s, LOC_HANDLER + prog.firstPosition[instr] + sub);
    }

    /** Runs a hook program from start to end in one atomic step on pCPU p. */
    void runAtomic(HookProgram prog, long[] s, int p, int g, Probe probe, Flags flags) {
        int i = nextOp(prog, 0, s, p, g, probe);
        while (prog.kind[i] != HookProgram.END) {
            cover(probe, prog.coverThen[i]);
            Op op = prog.op[i];
            if (op instanceof Op.KeyMove km) {
                for (int k : prog.keys[i]) {
                    moveKey(s, km.kind(), k, p, p, g, probe);
                }
                if (km.kind() == Op.KeyMove.Kind.SAVE_HOST_KEYS && probe != null) {
                    probe.counted(Probe.Counter.HOST_KEY_SAVE);
                }
            } else {
                execOp(op, prog.keys[i], s, p, g, probe, flags);
            }
            i = nextOp(prog, i + 1, s, p, g, probe);
        }
    }

    /** Follows branches and jumps from instruction i to the next op (or the end). */
    private int nextOp(HookProgram prog, int i, long[] s, int p, int g, Probe probe) {
        while (true) {
            switch (prog.kind[i]) {
                case HookProgram.BRANCH -> {
                    boolean taken = eval(prog.condition[i], s, p, g);
                    cover(probe, prog.coverThen[i] + (taken ? 0 : 1));
                    i = taken ? i + 1 : prog.target[i];
                }
                case HookProgram.JUMP -> i = prog.target[i];
                default -> {
                    return i;
                }
            }
        }
    }

    private void cover(Probe probe, int point) {
        if (probe != null) {
            probe.covered(point);
        }
    }

    /** Moves one key between p's registers and the target: a host context (pCPU) or g's save area. */
    private void moveKey(long[] s, Op.KeyMove.Kind kind, int k, int p, int hostCtxCpu, int g, Probe probe) {
        if (probe != null) {
            probe.counted(Probe.Counter.KEY_REGISTER_ACCESS);
        }
        switch (kind) {
            case SAVE_HOST_KEYS -> l.cpuHostCtx[hostCtxCpu][k].set(s, l.cpuReg[p][k].get(s));
            case RESTORE_HOST_KEYS -> l.cpuReg[p][k].set(s, l.cpuHostCtx[hostCtxCpu][k].get(s));
            case SAVE_GUEST_KEYS -> l.vcpuSave[g][k].set(s, l.cpuReg[p][k].get(s));
            case RESTORE_GUEST_KEYS -> l.cpuReg[p][k].set(s, l.vcpuSave[g][k].get(s));
            default -> throw new IllegalStateException(kind.toString());
        }
    }

    private void execOp(Op op, int[] keys, long[] s, int p, int g, Probe probe, Flags flags) {
        if (op instanceof Op.HcrWrite h) {
            for (Op.HcrBit b : h.bits()) {
                Field f = h.physical() ? (b == Op.HcrBit.API ? l.cpuApi[p] : l.cpuApk[p])
                        : (b == Op.HcrBit.API ? l.vcpuApi[g] : l.vcpuApk[g]);
                f.set(s, h.set());
            }
        } else if (op instanceof Op.Simple sm) {
            switch (sm.kind()) {
                case ACTIVATE_TRAPS -> {
                    l.cpuApi[p].set(s, l.vcpuApi[g].bit(s));
                    l.cpuApk[p].set(s, l.vcpuApk[g].bit(s));
                }
                case INJECT_UNDEF -> {
                    if (flags != null) {
                        flags.undef = true;
                    }
                }
                case RETURN_EINVAL -> {
                    if (flags != null) {
                        flags.einval = true;
                    }
                }
                default -> {
                    // preempt_disable/enable: every hook but a host-context handler is atomic already.
                }
            }
        } else if (op instanceof Op.KeyMove km) {
            for (int k : keys) {
                moveKey(s, km.kind(), k, p, p, g, probe);
            }
        }
    }

    boolean eval(Condition c, long[] s, int p, int g) {
        if (c instanceof Condition.Atom a) {
            return switch (a.name()) {
                case VCPU_HAS_PTRAUTH -> w.hasPtrauth[g];
                case REQUESTED_PTRAUTH -> w.requestedAddress[g] || w.requestedGeneric[g];
                case REQUESTED_ADDRESS -> w.requestedAddress[g];
                case REQUESTED_GENERIC -> w.requestedGeneric[g];
                case SYSTEM_HAS_PTRAUTH -> w.systemAlg[0] != Algorithm.NONE && w.systemAlg[1] != Algorithm.NONE;
                case SYSTEM_HAS_ADDRESS -> w.systemAlg[0] != Algorithm.NONE;
                case SYSTEM_HAS_GENERIC -> w.systemAlg[1] != Algorithm.NONE;
                case CPU_HAS_ADDRESS -> w.cpuHas(p, AuthClass.ADDRESS);
                case CPU_HAS_GENERIC -> w.cpuHas(p, AuthClass.GENERIC);
                case VCPU_HCR_API -> l.vcpuApi[g].bit(s);
                case VCPU_HCR_APK -> l.vcpuApk[g].bit(s);
                case CPU_HCR_API -> l.cpuApi[p].bit(s);
                case CPU_HCR_APK -> l.cpuApk[p].bit(s);
            };
        }
        if (c instanceof Condition.Not n) {
            return !eval(n.operand(), s, p, g);
        }
        if (c instanceof Condition.All all) {
            for (Condition o : all.operands()) {
                if (!eval(o, s, p, g)) {
                    return false;
                }
            }
            return true;
        }
        for (Condition o : ((Condition.Any) c).operands()) {
            if (eval(o, s, p, g)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Invariants of a state (not of a step): every pCPU where the host needs its keys holds the running
     * task's own; every running guest has the physical trap bits of its own copy.
     */
    int checkState(long[] s, Probe probe, boolean returnedToUser, int returnCpu) {
        int broken = 0;
        for (int p = 0; p < w.cpus; p++) {
            broken |= checkCpu(s, p, probe, returnedToUser && p == returnCpu);
        }
        return broken;
    }

    /** The state invariants of one pCPU; {@code returnedToUser}: the step returned its thread to userspace. */
    int checkCpu(long[] s, int p, Probe probe, boolean returnedToUser) {
        int broken = 0;
        {
            int t = l.cpuThread[p].get(s);
            if (t == 0) {
                return 0;
            }
            int g = w.threadVcpu(t);
            int loc = g >= 0 ? loc(s, g) : LOC_OUT;
            if (loc == LOC_GUEST) {
                boolean api = l.cpuApi[p].bit(s);
                boolean apk = l.cpuApk[p].bit(s);
                if (api != l.vcpuApi[g].bit(s) || apk != l.vcpuApk[g].bit(s)) {
                    broken |= TBM;
                    if (probe != null) {
                        probe.broken(Invariant.TRAP_BITS_MATCH_VCPU, w.vcpuNames[g] + " runs on " + w.cpuNames[p]
                                + " with physical " + bits(api, apk) + " but its own copy has "
                                + bits(l.vcpuApi[g].bit(s), l.vcpuApk[g].bit(s)));
                    }
                }
                return broken;
            }
            boolean needed = loc == LOC_OUT || inKernel;
            if (!needed) {
                return broken;
            }
            int own = w.threadKey(t);
            for (int k = 0; k < w.keys.length; k++) {
                int r = l.cpuReg[p][k].get(s);
                if (r == own) {
                    continue;
                }
                broken |= HKI;
                if (r != 0) {
                    broken |= NKB;
                }
                if (probe != null) {
                    String who = g >= 0 ? w.threadKeyOwner(t) : w.threadName(t);
                    String holding = " holding " + (r == 0 ? "nobody's " : w.keyName(r) + "'s ") + w.keys[k] + "Key";
                    String sentence;
                    if (returnedToUser) {
                        sentence = w.cpuNames[p] + " returns " + who + " to userspace" + holding;
                    } else if (loc == LOC_OUT) {
                        sentence = w.cpuNames[p] + " runs " + who + " in userspace" + holding;
                    } else {
                        sentence = w.cpuNames[p] + " runs " + w.threadName(t)
                                + "'s thread in the host kernel (in-kernel ptrauth)" + holding;
                    }
                    probe.broken(Invariant.HOST_KEYS_INTACT, sentence);
                    if (r != 0) {
                        probe.broken(Invariant.NO_KEY_LEAKAGE, sentence);
                    }
                }
            }
        }
        return broken;
    }

    static String bits(boolean api, boolean apk) {
        return "API=" + (api ? 1 : 0) + " APK=" + (apk ? 1 : 0);
    }

    /** Results of ops that end a hook early or change the trapped instruction's fate. */
    static final class Flags {
        boolean undef;
        boolean einval;
    }
}
