package trapcheck.spi;

import java.nio.file.Path;

/**
 * A place in a spec's files that a report can point at (a CI annotation, a SARIF result).
 *
 * @param file   the file, as the spec named it (a base it extends: resolved against the spec's folder)
 * @param line   1-based line, 0 when only the file is known
 * @param column 1-based column, 0 when unknown
 */
public record SourceLocation(Path file, int line, int column) {
}
