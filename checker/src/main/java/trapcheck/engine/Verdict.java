package trapcheck.engine;

/** The outcome of an exploration. */
public enum Verdict {
    /** Every reachable state was explored and no property broke. */
    HOLDS,
    /** A property broke; the result carries a counterexample. */
    VIOLATED,
    /** A limit or an interrupt stopped the exploration; what was explored holds. */
    INCOMPLETE;

    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
