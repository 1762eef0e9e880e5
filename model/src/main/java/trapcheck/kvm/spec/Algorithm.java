package trapcheck.kvm.spec;

/** A ptrauth algorithm a pCPU implements for one class, as advertised in its ID registers. */
public enum Algorithm {
    NONE("none"), QARMA5("qarma5"), QARMA3("qarma3"), IMPDEF("impdef");

    private final String word;

    Algorithm(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** The ID register field that advertises this algorithm for the class (null for NONE). */
    public IdField field(AuthClass c) {
        return switch (this) {
            case NONE -> null;
            case QARMA5 -> c == AuthClass.ADDRESS ? IdField.APA : IdField.GPA;
            case QARMA3 -> c == AuthClass.ADDRESS ? IdField.APA3 : IdField.GPA3;
            case IMPDEF -> c == AuthClass.ADDRESS ? IdField.API : IdField.GPI;
        };
    }
}
