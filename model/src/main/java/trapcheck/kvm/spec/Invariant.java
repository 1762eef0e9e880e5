package trapcheck.kvm.spec;

/**
 * The ids of the invariant catalogue (docs/spec-reference.md, "Invariants"): the words specs,
 * reports and results use. What each one means, and how the model checks it, is the model's
 * invariant catalogue ({@code trapcheck.kvm.InvariantCatalogue}).
 */
public enum Invariant {
    NO_KEY_LEAKAGE("no-key-leakage"),
    HOST_KEYS_INTACT("host-keys-intact"),
    GUEST_KEYS_INTACT("guest-keys-intact"),
    API_APK_CLEARED_ON_LOAD("api-apk-cleared-on-load"),
    TRAP_BITS_MATCH_VCPU("trap-bits-match-vcpu"),
    ID_REGISTERS_CONSISTENT("id-registers-consistent"),
    VCPU_INIT_CHECKED("vcpu-init-checked"),
    TRAP_MAKES_PROGRESS("trap-makes-progress");

    private final String id;

    Invariant(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Whether a spec that lists no invariants checks this one: all do, but api-apk-cleared-on-load only under a lazy policy. */
    public boolean checkedByDefault(Policy policy) {
        return this != API_APK_CLEARED_ON_LOAD || policy.lazy();
    }

    /** The invariant with this id, or null. */
    public static Invariant byId(String id) {
        for (Invariant i : values()) {
            if (i.id.equals(id)) {
                return i;
            }
        }
        return null;
    }
}
