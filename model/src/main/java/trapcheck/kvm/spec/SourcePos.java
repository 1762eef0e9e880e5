package trapcheck.kvm.spec;

import java.nio.file.Path;

/**
 * Where a value stands in the spec: 1-based line and column, its field path
 * ("policy.hooks.trap.do[0]"), and the file when it is not the spec's own but a base it extends
 * ({@code extends:}). Used for coverage reports and error messages.
 *
 * @param file null for the spec's own file
 */
public record SourcePos(int line, int column, String path, Path file) {
    public static final SourcePos NONE = new SourcePos(0, 0, "");

    /** A position in the spec's own file. */
    public SourcePos(int line, int column, String path) {
        this(line, column, path, null);
    }

    /** "line 14", "specs/v5.8-early-hyp-trap.yaml line 14" for a base, or "" when unknown. */
    public String where() {
        if (line <= 0) {
            return "";
        }
        return (file == null ? "" : file + " ") + "line " + line;
    }

    @Override
    public String toString() {
        return line > 0 ? path + " (" + where() + ")" : path;
    }
}
