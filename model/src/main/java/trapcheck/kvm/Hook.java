package trapcheck.kvm;

import java.util.List;
import trapcheck.kvm.spec.Op;
import trapcheck.kvm.spec.Policy;

/**
 * The hooks of a policy (docs/spec-reference.md, "Hooks"). Their order here is the order of the policy's coverage
 * points: each hook's ops and branches in turn, as design reviews and their baselines number them.
 */
enum Hook {
    VCPU_LOAD("vcpu_load"),
    VCPU_PUT("vcpu_put"),
    GUEST_ENTER("guest_enter"),
    SWITCH_IN("switch_in"),
    SWITCH_OUT("switch_out"),
    GUEST_EXIT("guest_exit"),
    VCPU_RESET("vcpu_reset"),
    /** The trap handler: both trap paths, or only PAC instructions when {@link #TRAP_KEY_ACCESS} is given. */
    TRAP("trap"),
    /** The handler of key-register accesses; optional. */
    TRAP_KEY_ACCESS("trap_key_access");

    /** The hook's name in a spec. */
    final String word;

    Hook(String word) {
        this.word = word;
    }

    boolean isTrapHandler() {
        return this == TRAP || this == TRAP_KEY_ACCESS;
    }

    /** A trap handler's definition, or null (not a handler, or trap_key_access not given). */
    Policy.TrapHandler handler(Policy.Hooks hooks) {
        return this == TRAP ? hooks.trap() : this == TRAP_KEY_ACCESS ? hooks.trapKeyAccess() : null;
    }

    /** The hook's ops in the policy, or null when the policy does not give it (only trap_key_access may be missing). */
    List<Op> ops(Policy.Hooks hooks) {
        return switch (this) {
            case VCPU_LOAD -> hooks.vcpuLoad();
            case VCPU_PUT -> hooks.vcpuPut();
            case GUEST_ENTER -> hooks.guestEnter();
            case SWITCH_IN -> hooks.switchIn();
            case SWITCH_OUT -> hooks.switchOut();
            case GUEST_EXIT -> hooks.guestExit();
            case VCPU_RESET -> hooks.vcpuReset();
            case TRAP, TRAP_KEY_ACCESS -> handler(hooks) == null ? null : handler(hooks).ops();
        };
    }
}
