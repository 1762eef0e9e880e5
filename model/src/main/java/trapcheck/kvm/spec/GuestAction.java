package trapcheck.kvm.spec;

/** A guest instruction kind. */
public enum GuestAction {
    SIGN("sign"), AUTH("auth"), KEY_READ("key_read"), KEY_WRITE("key_write");

    private final String word;

    GuestAction(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** PAC instructions trap on HCR_EL2.API; key-register accesses on HCR_EL2.APK. */
    public boolean isKeyAccess() {
        return this == KEY_READ || this == KEY_WRITE;
    }
}
