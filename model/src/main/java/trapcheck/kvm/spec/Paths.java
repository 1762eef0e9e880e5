package trapcheck.kvm.spec;

/** Field paths as they appear in errors and {@link SourcePos}: "policy.hooks.trap.do[1].then[0]". */
final class Paths {
    private Paths() {
    }

    /** The path of {@code key} inside the map at {@code parent} ("" is the document). */
    static String field(String parent, String key) {
        String k = Quote.clip(key);
        return parent.isEmpty() ? k : parent + "." + k;
    }

    static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }
}
