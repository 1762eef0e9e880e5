package trapcheck.engine;

import java.nio.file.Path;

/**
 * A checkpoint that cannot be resumed: missing, damaged, of another model or source, or written with
 * other options. The message is one line, {@code FILE: what is wrong}, for a person; nothing was
 * explored when it is thrown.
 */
public final class CheckpointException extends IllegalArgumentException {

    /** Why, for a caller that words it in its own terms. */
    public enum Kind {
        /** No manifest: nothing was checkpointed there (yet). */
        MISSING,
        /** A file is damaged, truncated, replaced or inconsistent with the others. */
        DAMAGED,
        /** Written by a trapcheck whose checkpoint format (or seen-set layout) this one does not read. */
        UNSUPPORTED,
        /** The model's source changed since (see {@link Options#checkpointOrigin()}). */
        STALE,
        /** Another model: another definition, shape or set of properties. */
        OTHER_MODEL,
        /** The same model explored with other options (exact mode, symmetry, the depth bound). */
        OTHER_OPTIONS,
        /** The checkpoint does not fit the run's memory budget. */
        NO_MEMORY
    }

    private final transient Path file;
    private final Kind kind;

    public CheckpointException(Kind kind, Path file, String problem) {
        super(file + ": " + problem);
        this.kind = kind;
        this.file = file;
    }

    public Kind kind() {
        return kind;
    }

    /** The file (or folder) of the checkpoint that is wrong. */
    public Path file() {
        return file;
    }
}
