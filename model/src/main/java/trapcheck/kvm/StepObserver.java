package trapcheck.kvm;

import trapcheck.kvm.spec.Invariant;

/**
 * What a step reports besides its successor: explanations of broken invariants (for traces) and
 * instrumentation (coverage points, costly events). The hot exploration loop passes none.
 */
interface StepObserver {
    /** Called for each invariant the step breaks, with one sentence in domain words. */
    default void broken(Invariant invariant, String why) {
    }

    /**
     * Which fields of the state after the step show the invariant broken (named as {@link StateView}
     * renders them), with the sentence of {@link #broken} just before.
     */
    default void shows(Invariant invariant, String... fields) {
    }

    /** Instruction i (an op) of a hook's program is about to run. */
    default void op(HookProgram program, int instruction) {
    }

    /**
     * A key op moves key k between p's register and hostCtxCpu's host context or g's save area; called
     * before the move, on the state {@code s} it changes.
     */
    default void keyMoved(trapcheck.kvm.spec.Op.KeyMove.Kind kind, int k, int p, int hostCtxCpu, int g, long[] s) {
    }

    /** The op running made a new value in a field (named as {@link StateView} renders it), e.g. an HCR bit. */
    default void made(String field) {
    }

    /** The model, not a policy op, made a new value in a field (a context switch loading the task's keys). */
    default void madeByModel(String field) {
    }

    /** activate_traps: p's physical API/APK take vCPU g's copy, in the state {@code s} it changes. */
    default void trapsActivated(int p, int g, long[] s) {
    }

    /** A coverage point of the policy was executed (numbered by {@link CompiledPolicy}). */
    default void covered(int point) {
    }

    /** A costly event happened (see {@link Counter}). */
    default void counted(Counter counter) {
    }

    /** The events a design review weighs. */
    enum Counter {
        VCPU_LOAD("vcpu_load"), TRAP("trap"), WORLD_SWITCH("world_switch"),
        KEY_REGISTER_ACCESS("key_register_access"), HOST_KEY_SAVE("host_key_save");

        final String word;

        Counter(String word) {
            this.word = word;
        }
    }
}
