package trapcheck.kvm;

import trapcheck.kvm.spec.GuestAction;

/**
 * The two ways a guest's ptrauth use traps (DOMAIN's two trap paths): a PAC instruction (its own
 * exception class, trapped by HCR_EL2.API) and a key-register access (a system-register trap,
 * trapped by HCR_EL2.APK). Numbered for per-kind fields.
 */
final class TrapKind {
    static final int PAC_INSTRUCTION = 0;
    static final int KEY_ACCESS = 1;
    static final int COUNT = 2;

    private TrapKind() {
    }

    static int of(GuestAction action) {
        return action.isKeyAccess() ? KEY_ACCESS : PAC_INSTRUCTION;
    }
}
