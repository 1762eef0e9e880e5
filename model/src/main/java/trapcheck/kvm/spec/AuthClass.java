package trapcheck.kvm.spec;

/** The two kinds of pointer authentication; one EL2 trap covers both. */
public enum AuthClass {
    ADDRESS("address"), GENERIC("generic");

    private final String word;

    AuthClass(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
