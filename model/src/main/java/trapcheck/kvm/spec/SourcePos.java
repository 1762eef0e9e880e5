package trapcheck.kvm.spec;

/**
 * Where a value stands in the spec file: 1-based line and column, and its field path
 * ("policy.hooks.trap.do[0]"). Used for coverage reports and error messages.
 */
public record SourcePos(int line, int column, String path) {
    public static final SourcePos NONE = new SourcePos(0, 0, "");

    @Override
    public String toString() {
        return line > 0 ? path + " (line " + line + ")" : path;
    }
}
