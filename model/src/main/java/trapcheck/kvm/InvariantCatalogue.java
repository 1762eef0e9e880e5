package trapcheck.kvm;

import java.util.ArrayList;
import java.util.List;
import trapcheck.kvm.spec.Algorithm;
import trapcheck.kvm.spec.AuthClass;
import trapcheck.kvm.spec.GuestAction;
import trapcheck.kvm.spec.Invariant;
import trapcheck.kvm.spec.Spec;

import static trapcheck.kvm.StateLayout.LOC_GUEST;
import static trapcheck.kvm.StateLayout.LOC_OUT;

/**
 * The invariant catalogue: for each {@link Invariant} its definition, where it is checked (the
 * events of {@link InvariantCheck} it overrides), and the sentence that explains a violation.
 *
 * <p>Adding an invariant touches two files: its id in {@link Invariant} (with
 * {@link Invariant#checkedByDefault} if some policies leave it out of the default set), and here
 * a subclass of {@link InvariantCheck} (its definition, its events, the fields it keeps of its own
 * if it must remember something) and its line in {@link #check}.
 */
final class InvariantCatalogue {
    private InvariantCatalogue() {
    }

    /** The checks of the invariants the spec selects: its list (which the loader keeps in catalogue order), or the default set. */
    static List<InvariantCheck> selected(Spec spec, World world) {
        List<InvariantCheck> out = new ArrayList<>();
        if (spec.check().invariants() == null) {
            for (Invariant i : Invariant.values()) {
                if (i.checkedByDefault(spec.policy())) {
                    out.add(check(i, spec, world));
                }
            }
        } else {
            for (String id : spec.check().invariants()) {
                out.add(check(Invariant.byId(id), spec, world));
            }
        }
        return out;
    }

    static InvariantCheck check(Invariant i, Spec spec, World world) {
        return switch (i) {
            case NO_KEY_LEAKAGE -> new NoKeyLeakage(world, spec);
            case HOST_KEYS_INTACT -> new HostKeysIntact(world, spec);
            case GUEST_KEYS_INTACT -> new GuestKeysIntact(world);
            case API_APK_CLEARED_ON_LOAD -> new ApiApkClearedOnLoad(world, spec);
            case TRAP_BITS_MATCH_VCPU -> new TrapBitsMatchVcpu(world);
            case ID_REGISTERS_CONSISTENT -> new IdRegistersConsistent(world);
            case VCPU_INIT_CHECKED -> new VcpuInitChecked(world);
            case TRAP_MAKES_PROGRESS -> new TrapMakesProgress(world, spec);
        };
    }

    static final class NoKeyLeakage extends InvariantCheck {
        private final HostKeys host;

        NoKeyLeakage(World world, Spec spec) {
            super(Invariant.NO_KEY_LEAKAGE, "a guest never uses or reads a key of another context, "
                    + "and the host never finds another context's key", world);
            host = new HostKeys(world, spec);
        }

        @Override
        boolean executes(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
            if (insn.action() == GuestAction.KEY_WRITE) {
                return false;
            }
            int reg = layout.cpuReg[p][insn.keyIndex()].get(s);
            if (reg == 0 || world.guestKeyVcpu(reg) == g) {
                return false;
            }
            if (observer != null) {
                observer.broken(invariant, world.vcpuNames[g] + "'s " + keyUse(world, p, insn, reg));
                observer.shows(invariant, StateView.register(world, p, insn.keyIndex()));
            }
            return true;
        }

        @Override
        boolean cpuState(long[] s, int p, boolean returnedToUser, StepObserver observer) {
            return host.findsWrongKeys(this, s, p, true, returnedToUser, observer);
        }
    }

    static final class HostKeysIntact extends InvariantCheck {
        private final HostKeys host;

        HostKeysIntact(World world, Spec spec) {
            super(Invariant.HOST_KEYS_INTACT,
                    "wherever the host needs its keys, the registers hold the running task's own keys", world);
            host = new HostKeys(world, spec);
        }

        @Override
        boolean cpuState(long[] s, int p, boolean returnedToUser, StepObserver observer) {
            return host.findsWrongKeys(this, s, p, false, returnedToUser, observer);
        }
    }

    static final class GuestKeysIntact extends InvariantCheck {
        GuestKeysIntact(World world) {
            super(Invariant.GUEST_KEYS_INTACT, "whenever a guest uses its keys they are its own and the latest it wrote",
                    world);
        }

        @Override
        boolean executes(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
            if (insn.action() == GuestAction.KEY_WRITE) {
                return false;
            }
            int k = insn.keyIndex();
            int reg = layout.cpuReg[p][k].get(s);
            int want = layout.vcpuVersion[g][k].get(s);
            boolean own = world.guestKeyVcpu(reg) == g;
            boolean broken = false;
            if (!own) {
                broken = true;
                if (observer != null) {
                    observer.broken(invariant, world.vcpuNames[g] + "'s " + keyUse(world, p, insn, reg)
                            + " instead of its own v" + want);
                    observer.shows(invariant, StateView.register(world, p, k));
                }
            } else if (world.guestKeyVersion(reg) != want) {
                broken = true;
                if (observer != null) {
                    observer.broken(invariant, world.vcpuNames[g] + "'s " + insn.mnemonic() + " on "
                            + world.cpuNames[p] + " finds its " + insn.key() + "Key at v" + world.guestKeyVersion(reg)
                            + " but it last wrote v" + want);
                    observer.shows(invariant, StateView.register(world, p, k));
                }
            }
            if (insn.action() == GuestAction.AUTH) {
                broken |= signedPointerFails(s, p, g, insn, reg, want, own, observer);
            }
            return broken;
        }

        /**
         * An outstanding pointer ({@link SignedPointers}) signed under the version the guest last wrote
         * fails to authenticate unless that key is in the register and, when the token records it,
         * this pCPU computes with the algorithm the pointer was signed under.
         */
        private boolean signedPointerFails(long[] s, int p, int g, World.GuestInsn insn, int reg, int want,
                                           boolean own, StepObserver observer) {
            int k = insn.keyIndex();
            int token = layout.vcpuSigned[g][k].get(s);
            SignedPointers sp = layout.signed;
            if (token == 0 || (sp.versions && sp.version(k, token) != want)) {
                return false;
            }
            Algorithm signedWith = sp.algorithm(k, token);
            Algorithm here = world.cpuAlg[p][insn.authClass().ordinal()];
            if (signedWith != null && signedWith != here) {
                if (observer != null) {
                    observer.broken(invariant, "a pointer " + world.vcpuNames[g] + " signed under " + signedWith.word()
                            + signedOn(world, signedWith, insn) + " fails to authenticate under " + here.word() + " on "
                            + world.cpuNames[p]);
                }
                return true;
            }
            if (own && world.guestKeyVersion(reg) == want) {
                return false;
            }
            if (observer != null) {
                observer.broken(invariant, "a pointer " + world.vcpuNames[g] + " signed under its " + insn.key() + "Key v"
                        + want + " fails to authenticate on " + world.cpuNames[p]);
                observer.shows(invariant, StateView.register(world, p, k));
            }
            return true;
        }
    }

    /** " on cpu0", " on cpu0 or cpu2": the online pCPUs that compute the instruction's class with alg. */
    private static String signedOn(World world, Algorithm alg, World.GuestInsn insn) {
        List<String> on = new ArrayList<>();
        for (int p = 0; p < world.cpus; p++) {
            if (!world.parked[p] && world.cpuAlg[p][insn.authClass().ordinal()] == alg) {
                on.add(world.cpuNames[p]);
            }
        }
        return on.isEmpty() ? "" : " on " + String.join(" or ", on);
    }

    static final class ApiApkClearedOnLoad extends InvariantCheck {
        private final boolean lazy;

        ApiApkClearedOnLoad(World world, Spec spec) {
            super(Invariant.API_APK_CLEARED_ON_LOAD,
                    "under a lazy policy a ptrauth vCPU's API/APK are clear right after vcpu_load", world);
            lazy = spec.policy().lazy();
        }

        @Override
        boolean loaded(long[] s, int p, int g, StepObserver observer) {
            boolean api = layout.vcpuApi[g].bit(s);
            boolean apk = layout.vcpuApk[g].bit(s);
            if (!lazy || !world.hasPtrauth[g] || !(api || apk)) {
                return false;
            }
            if (observer != null) {
                observer.broken(invariant, world.vcpuNames[g] + " has API/APK " + StateView.bits(api, apk)
                        + " right after vcpu_load on " + world.cpuNames[p] + ", so its first ptrauth use there does not trap");
                observer.shows(invariant, StateView.vcpuHcr(world, g));
            }
            return true;
        }
    }

    static final class TrapBitsMatchVcpu extends InvariantCheck {
        TrapBitsMatchVcpu(World world) {
            super(Invariant.TRAP_BITS_MATCH_VCPU, "while a guest runs, the physical API/APK equal that vCPU's own copy",
                    world);
        }

        @Override
        boolean cpuState(long[] s, int p, boolean returnedToUser, StepObserver observer) {
            int g = world.threadVcpu(layout.cpuThread[p].get(s));
            if (g < 0 || layout.vcpuLoc[g].get(s) != LOC_GUEST) {
                return false;
            }
            boolean api = layout.cpuApi[p].bit(s);
            boolean apk = layout.cpuApk[p].bit(s);
            boolean ownApi = layout.vcpuApi[g].bit(s);
            boolean ownApk = layout.vcpuApk[g].bit(s);
            if (api == ownApi && apk == ownApk) {
                return false;
            }
            if (observer != null) {
                observer.broken(invariant, world.vcpuNames[g] + " runs on " + world.cpuNames[p] + " with physical "
                        + StateView.bits(api, apk) + " but its own copy has " + StateView.bits(ownApi, ownApk));
                // The vCPU's copy first: the step that changed it without the physical bits is the culprit.
                observer.shows(invariant, StateView.vcpuHcr(world, g), StateView.cpuHcr(world, p));
            }
            return true;
        }
    }

    static final class IdRegistersConsistent extends InvariantCheck {
        IdRegistersConsistent(World world) {
            super(Invariant.ID_REGISTERS_CONSISTENT, "a guest's ptrauth use succeeds exactly when its ID registers "
                    + "advertise it, with the advertised algorithm", world);
        }

        @Override
        boolean undefined(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
            AuthClass cls = insn.authClass();
            Algorithm adv = world.advertised[g][cls.ordinal()];
            if (adv == Algorithm.NONE) {
                return false;
            }
            if (observer != null) {
                observer.broken(invariant, world.vcpuNames[g] + "'s ID registers advertise " + cls.word() + " auth ("
                        + adv.field(cls) + "), yet its " + insn.mnemonic() + " UNDEFs on " + world.cpuNames[p]
                        + ", which does not implement it");
            }
            return true;
        }

        @Override
        boolean executes(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
            AuthClass cls = insn.authClass();
            Algorithm alg = world.cpuAlg[p][cls.ordinal()];
            Algorithm adv = world.advertised[g][cls.ordinal()];
            // MRS/MSR of a key register computes nothing: only PAC/AUT results carry an algorithm.
            if (adv == alg || (insn.action().isKeyAccess() && adv != Algorithm.NONE)) {
                return false;
            }
            if (observer != null) {
                observer.broken(invariant, adv == Algorithm.NONE
                        ? world.vcpuNames[g] + "'s " + insn.mnemonic() + " succeeds on " + world.cpuNames[p]
                        + " although its ID registers do not advertise " + cls.word() + " auth"
                        : world.vcpuNames[g] + "'s " + insn.mnemonic() + " runs with " + alg.word() + " on "
                        + world.cpuNames[p] + " but its ID registers advertise " + adv.word());
            }
            return true;
        }

        @Override
        boolean undefInjected(long[] s, int p, int g, AuthClass trapped, int kind, StepObserver observer) {
            Algorithm adv = world.advertised[g][trapped.ordinal()];
            if (adv == Algorithm.NONE) {
                return false;
            }
            if (observer != null) {
                observer.broken(invariant, world.vcpuNames[g] + "'s ID registers advertise " + trapped.word() + " auth ("
                        + adv.field(trapped) + "), yet the trap handler on " + world.cpuNames[p] + " injects an UNDEF");
            }
            return true;
        }
    }

    static final class VcpuInitChecked extends InvariantCheck {
        VcpuInitChecked(World world) {
            super(Invariant.VCPU_INIT_CHECKED, "a vCPU that asked for ptrauth and was not given it never runs", world);
        }

        @Override
        boolean entered(long[] s, int p, int g, StepObserver observer) {
            boolean asked = world.requestedAddress[g] || world.requestedGeneric[g];
            if (!asked || world.hasPtrauth[g]) {
                return false;
            }
            if (observer != null) {
                observer.broken(invariant, world.vcpuNames[g] + " asked for ptrauth at KVM_ARM_VCPU_INIT, "
                        + "was not given it, and still runs on " + world.cpuNames[p]);
                observer.shows(invariant, StateView.vcpuInit(world, g));
            }
            return true;
        }
    }

    /**
     * A trap the handler answers without an UNDEF is retried (kvm_handle_ptrauth returns 1, the hyp
     * fixup returns true, neither advances the PC), so the handler must have enabled ptrauth: per vCPU
     * and trap kind ({@link TrapKind}) one bit, "took such a trap in this load period and was not
     * answered with an UNDEF". A hyp trap sets it when its handler injected none; a host-context trap
     * sets it on entry and the handler's inject_undef clears it; vcpu_put (return or preemption)
     * clears both. A trap of a kind whose bit is set breaks the invariant. Bits only for the kinds the
     * guest can execute.
     */
    static final class TrapMakesProgress extends InvariantCheck {
        private final boolean[] executable = new boolean[TrapKind.COUNT];
        /** [kind][vcpu]. */
        private final Field[][] trappedOnce = new Field[TrapKind.COUNT][];

        TrapMakesProgress(World world, Spec spec) {
            super(Invariant.TRAP_MAKES_PROGRESS, "a ptrauth trap not answered with an UNDEF lets the retried "
                    + "instruction run: no second trap of the same kind between a vcpu_load and the next vcpu_put", world);
            for (int k = 0; k < TrapKind.COUNT; k++) {
                executable[k] = world.executes(k);
            }
        }

        @Override
        void declareState(StateLayout layout) {
            for (int k = 0; k < TrapKind.COUNT; k++) {
                if (executable[k]) {
                    trappedOnce[k] = layout.perVcpu(1);
                } else {
                    trappedOnce[k] = new Field[world.vcpus];
                    java.util.Arrays.fill(trappedOnce[k], Field.absent());
                }
            }
        }

        @Override
        boolean trapped(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
            Field once = trappedOnce[TrapKind.of(insn.action())][g];
            if (once.bit(s)) {
                if (observer != null) {
                    observer.broken(invariant, world.vcpuNames[g] + " traps again on " + insn.mnemonic() + " on "
                            + world.cpuNames[p] + " without vcpu_put: the handler did not enable ptrauth");
                }
                return true;
            }
            once.set(s, true);
            return false;
        }

        @Override
        boolean undefInjected(long[] s, int p, int g, AuthClass trapped, int kind, StepObserver observer) {
            trappedOnce[kind][g].set(s, false);
            return false;
        }

        @Override
        boolean put(long[] s, int p, int g, StepObserver observer) {
            for (int k = 0; k < TrapKind.COUNT; k++) {
                trappedOnce[k][g].set(s, false);
            }
            return false;
        }
    }

    /** "PACIA on cpu1 uses vm1.vcpu0 v0's IAKey". */
    private static String keyUse(World world, int p, World.GuestInsn insn, int reg) {
        return insn.mnemonic() + " on " + world.cpuNames[p] + " uses " + world.keyName(reg) + "'s " + insn.key() + "Key";
    }

    /**
     * Where the host needs its keys (docs/model.md, choice 10): a pCPU running a task in userspace,
     * and with in-kernel ptrauth also one running a vCPU thread in the host kernel; shared by the
     * two invariants that judge what it finds there.
     */
    private static final class HostKeys {
        private final World world;
        private final boolean inKernel;

        HostKeys(World world, Spec spec) {
            this.world = world;
            this.inKernel = spec.topology().inKernelPtrauth();
        }

        /**
         * Whether p's host needs its keys and finds a register not its own (foreignOnly: holding another
         * context's key, not nobody's); reports each such register, with the check's invariant.
         */
        boolean findsWrongKeys(InvariantCheck check, long[] s, int p, boolean foreignOnly, boolean returnedToUser,
                               StepObserver observer) {
            StateLayout layout = check.layout;
            int thread = layout.cpuThread[p].get(s);
            if (thread == 0) {
                return false;
            }
            int g = world.threadVcpu(thread);
            int loc = g >= 0 ? layout.vcpuLoc[g].get(s) : LOC_OUT;
            boolean needed = loc == LOC_OUT || (inKernel && loc != LOC_GUEST);
            if (!needed) {
                return false;
            }
            boolean broken = false;
            int own = world.threadKey(thread);
            for (int k = 0; k < world.keys.length; k++) {
                int r = layout.cpuReg[p][k].get(s);
                if (r != own && (r != 0 || !foreignOnly)) {
                    broken = true;
                    if (observer != null) {
                        observer.broken(check.invariant, finds(p, thread, loc, k, r, returnedToUser));
                        observer.shows(check.invariant, StateView.register(world, p, k));
                    }
                }
            }
            return broken;
        }

        /** "cpu0 returns vm0's VMM to userspace holding vm1's VMM's IAKey". */
        private String finds(int p, int thread, int loc, int k, int r, boolean returnedToUser) {
            int g = world.threadVcpu(thread);
            String who = g >= 0 ? world.threadKeyOwner(thread) : world.threadName(thread);
            String holding = " holding " + (r == 0 ? "nobody's " : world.keyName(r) + "'s ") + world.keys[k] + "Key";
            if (returnedToUser) {
                return world.cpuNames[p] + " returns " + who + " to userspace" + holding;
            }
            if (loc == LOC_OUT) {
                return world.cpuNames[p] + " runs " + who + " in userspace" + holding;
            }
            return world.cpuNames[p] + " runs " + world.threadName(thread)
                    + "'s thread in the host kernel (in-kernel ptrauth)" + holding;
        }
    }
}
