package trapcheck.spi;

import java.nio.file.Path;

/**
 * An invalid spec: one line naming the file, line, column and field, what was expected and what was
 * found. {@link #getMessage()} is that line, with control characters escaped ({@link SafeText}).
 */
public final class SpecException extends Exception {
    private final transient Path file;
    private final int line;
    private final int column;
    private final String field;
    private final String problem;

    /**
     * @param file    the spec file
     * @param line    1-based line, 0 if unknown
     * @param column  1-based column, 0 if unknown
     * @param field   the field path ("policy.hooks.trap.do[1]"), or "" for the whole file
     * @param problem what was expected and what was found
     */
    public SpecException(Path file, int line, int column, String field, String problem) {
        super(format(file, line, column, field, problem), null, false, false);
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
        this.problem = problem;
    }

    private static String format(Path file, int line, int column, String field, String problem) {
        StringBuilder b = new StringBuilder();
        b.append(file == null ? "<input>" : SafeText.line(file.toString()));
        if (line > 0) {
            b.append(':').append(line);
            if (column > 0) {
                b.append(':').append(column);
            }
        }
        b.append(": ");
        if (field != null && !field.isEmpty()) {
            b.append(field).append(": ");
        }
        b.append(SafeText.line(problem.replace('\n', ' ').replace('\r', ' ')));
        return b.toString();
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
