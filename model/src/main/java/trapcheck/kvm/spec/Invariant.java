package trapcheck.kvm.spec;

/** The invariant catalogue (docs/spec-reference.md, "Invariants"), with the stable ids used in specs, reports and results. */
public enum Invariant {
    NO_KEY_LEAKAGE("no-key-leakage",
            "a guest never uses or reads a key of another context, and the host never finds another context's key"),
    HOST_KEYS_INTACT("host-keys-intact",
            "wherever the host needs its keys, the registers hold the running task's own keys"),
    GUEST_KEYS_INTACT("guest-keys-intact",
            "whenever a guest uses its keys they are its own and the latest it wrote"),
    API_APK_CLEARED_ON_LOAD("api-apk-cleared-on-load",
            "under a lazy policy a ptrauth vCPU's API/APK are clear right after vcpu_load"),
    TRAP_BITS_MATCH_VCPU("trap-bits-match-vcpu",
            "while a guest runs, the physical API/APK equal that vCPU's own copy"),
    ID_REGISTERS_CONSISTENT("id-registers-consistent",
            "a guest's ptrauth use succeeds exactly when its ID registers advertise it, with the advertised algorithm"),
    VCPU_INIT_CHECKED("vcpu-init-checked",
            "a vCPU that asked for ptrauth and was not given it never runs");

    private final String id;
    private final String description;

    Invariant(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
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
