package trapcheck.kvm;

import trapcheck.kvm.spec.AuthClass;
import trapcheck.kvm.spec.Invariant;

/**
 * One invariant as the model checks it; {@link InvariantCatalogue} holds them all. An entry gives the
 * definition (one sentence, shown with every result) and overrides the events it judges, each of
 * which says whether the step breaks it and, when the observer is not null, tells it why in one
 * sentence of domain words.
 *
 * <p>Step properties judge what a thread step does, at the events below (vcpu_load ran, the guest
 * was entered, an instruction executes, ...): the state passed is the successor being built, as it
 * is at that moment. State properties override {@link #cpuState}, called after every step for the
 * pCPU the step ran on (the engine never expands a state that breaks a property, so every other
 * pCPU was fine before the step and is untouched by it), and for every pCPU of an initial state.
 * {@link InvariantChecks} calls a check only for the events it overrides. In every event {@code s}
 * is the state, {@code p} the pCPU and {@code g} the vCPU (indices of {@link World}).
 *
 * <p>State of its own. A check that must remember something (what a vCPU did since vcpu_load, say)
 * takes fields in {@link #declareState}; the layout places them after the world's and only for a
 * selected invariant, so an invariant that is not checked costs no states. Symmetry moves them with
 * their vCPU. The check keeps them up to date at its events; nothing else writes them, and
 * KVM_ARM_VCPU_INIT leaves them alone.
 */
abstract class InvariantCheck {
    final Invariant invariant;
    /** What the invariant demands, in one sentence. */
    final String definition;
    final World world;
    /** The layout of the states this check reads, set once it is built. */
    StateLayout layout;
    /** This invariant's bit in a mask of broken properties (set by {@link InvariantChecks}). */
    long bit;

    InvariantCheck(Invariant invariant, String definition, World world) {
        this.invariant = invariant;
        this.definition = definition;
        this.world = world;
    }

    /** Takes the fields this invariant keeps of its own ({@link StateLayout#perVcpu}); none by default. */
    void declareState(StateLayout layout) {
    }

    /** vcpu_load ran for vCPU g on pCPU p. */
    boolean loaded(long[] s, int p, int g, StepObserver observer) {
        return false;
    }

    /** vCPU g entered the guest on p (guest_enter and switch_in ran). */
    boolean entered(long[] s, int p, int g, StepObserver observer) {
        return false;
    }

    /** A guest instruction UNDEFs: p does not implement its class. */
    boolean undefined(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
        return false;
    }

    /** A guest instruction is about to execute on p (its trap bit is set); s is as before its effect. */
    boolean executes(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
        return false;
    }

    /** A guest instruction traps on p (its trap bit is clear); its handler has not run yet. */
    boolean trapped(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
        return false;
    }

    /** vcpu_put ran for vCPU g on p (preempted inside KVM_RUN, or KVM_RUN returning to userspace). */
    boolean put(long[] s, int p, int g, StepObserver observer) {
        return false;
    }

    /**
     * The trap handler on p injected an UNDEF for a trapped instruction of class {@code trapped} and
     * {@link TrapKind} {@code kind}.
     */
    boolean undefInjected(long[] s, int p, int g, AuthClass trapped, int kind, StepObserver observer) {
        return false;
    }

    /**
     * The state of pCPU p after a step; {@code returnedToUser}: the step returned p's thread to
     * userspace (for the sentence).
     */
    boolean cpuState(long[] s, int p, boolean returnedToUser, StepObserver observer) {
        return false;
    }
}
