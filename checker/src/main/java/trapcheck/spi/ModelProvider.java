package trapcheck.spi;

import java.nio.file.Path;

/**
 * A kind of model the CLI can check, found through {@link java.util.ServiceLoader}. The checker module
 * knows no model; a model module registers its provider in
 * {@code META-INF/services/trapcheck.spi.ModelProvider}.
 */
public interface ModelProvider {

    /** A short name of the model family (for --version and messages). */
    String name();

    /** Whether this provider reads the file (by its name or first bytes). */
    boolean accepts(Path file);

    /**
     * Whether a file found in a folder the user named is one of this provider's specs, not another file
     * that happens to share the extension (a summary, a schema, a trace). A file named on its own is
     * loaded whatever this says. By default, {@link #accepts}.
     */
    default boolean recognizes(Path file) {
        return accepts(file);
    }

    /**
     * Loads and validates a spec file into a checkable target.
     *
     * @throws SpecException with the file, line, column and field of the first problem
     */
    CheckTarget load(Path file) throws SpecException;
}
