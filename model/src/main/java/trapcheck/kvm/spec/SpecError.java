package trapcheck.kvm.spec;

import java.nio.file.Path;

/**
 * An invalid spec, found somewhere inside the loader. Unchecked so that the readers stay plain
 * functions; {@link SpecLoader} turns it into the public checked
 * {@link trapcheck.spi.SpecException}, adding the file name. No stack trace: it is a message, not a bug.
 */
final class SpecError extends RuntimeException {
    /** The file the problem is in: null for the spec being loaded, else a base it extends. */
    final Path file;
    final int line;
    final int column;
    final String path;
    final String problem;

    /**
     * @param line    1-based, 0 when the problem is the whole file
     * @param column  1-based, 0 when unknown
     * @param path    field path ("policy.hooks.trap.do[1]"), "" for the document itself
     * @param problem what was expected, what was found
     */
    SpecError(int line, int column, String path, String problem) {
        this(null, line, column, path, problem);
    }

    SpecError(Path file, int line, int column, String path, String problem) {
        super(problem, null, false, false);
        this.file = file;
        this.line = line;
        this.column = column;
        this.path = path;
        this.problem = problem;
    }

    /** An error about the value {@code node} standing at {@code path}. */
    static SpecError at(YamlNode node, String path, String problem) {
        return new SpecError(node.source(), node.line(), node.column(), path, problem);
    }

    /** An error about the key of {@code entry}, which stands at {@code path}. */
    static SpecError atKey(YamlNode.Entry entry, String path, String problem) {
        return new SpecError(entry.source(), entry.line(), entry.column(), path, problem);
    }

    /** The same error, in {@code source} when it names no file yet. */
    SpecError inFile(Path source) {
        return file != null || source == null ? this : new SpecError(source, line, column, path, problem);
    }

    /** "expected X, found Y", the most common shape. */
    static SpecError expected(YamlNode node, String path, String expected) {
        return at(node, path, "expected " + expected + ", found " + node.describe());
    }
}
