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
