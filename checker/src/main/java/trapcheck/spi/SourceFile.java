package trapcheck.spi;

import java.nio.file.Path;

/**
 * One file a check target was read from, and the SHA-256 (hex) of its bytes as read.
 *
 * @param file the file, as the spec named it (a base: resolved against the spec's folder)
 */
public record SourceFile(Path file, String sha256) {
}
