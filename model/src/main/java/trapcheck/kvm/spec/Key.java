package trapcheck.kvm.spec;

/** The five ptrauth key registers (each a Hi/Lo pair). */
public enum Key {
    APIA, APIB, APDA, APDB, APGA;

    /** APGA is the generic key; the others are address keys. */
    public AuthClass authClass() {
        return this == APGA ? AuthClass.GENERIC : AuthClass.ADDRESS;
    }
}
