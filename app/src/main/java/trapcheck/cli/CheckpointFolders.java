package trapcheck.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import trapcheck.engine.CheckpointException;
import trapcheck.engine.Explorer;
import trapcheck.engine.Options;
import trapcheck.spi.CheckTarget;

/**
 * {@code check --checkpoint DIR} and {@code --resume DIR}: one folder per spec, {@code DIR/<spec-name>/}.
 * Everything that can be wrong with them is found before any spec is explored, as a usage error
 * (exit 2): a flag naming a file, a spec's folder that is a file, and a checkpoint to resume that is
 * damaged, stale (the spec changed since it was written), another spec's, or written with other
 * options; the engine checks every file of it ({@link Explorer#verifyCheckpoint}).
 */
final class CheckpointFolders {
    private final Path checkpoint;
    private final Path resume;

    CheckpointFolders(Path checkpoint, Path resume) {
        this.checkpoint = checkpoint;
        this.resume = resume;
    }

    /** What is wrong with the flags themselves, or null. */
    String flagProblem() {
        if (checkpoint != null && Files.exists(checkpoint) && !Files.isDirectory(checkpoint)) {
            return "--checkpoint " + checkpoint + ": a file, not a folder (checkpoints go to DIR/<spec-name>/)";
        }
        if (resume != null && !Files.isDirectory(resume)) {
            return "--resume " + resume + ": " + (Files.exists(resume) ? "a file, not a folder" : "no such folder")
                    + " (give the --checkpoint folder of an earlier run)";
        }
        return null;
    }

    /** Where the spec's checkpoints go; null without --checkpoint. */
    Path checkpointDir(CheckTarget target) {
        return checkpoint == null ? null : checkpoint.resolve(OutFolder.safeFileName(target.name()));
    }

    /** The spec's checkpoint to resume from; null without --resume or when there is none. */
    Path resumeDir(CheckTarget target) {
        if (resume == null) {
            return null;
        }
        Path candidate = resume.resolve(OutFolder.safeFileName(target.name()));
        return Explorer.hasCheckpoint(candidate) ? candidate : null;
    }

    /**
     * Checks the spec's folders before any work; {@code options} are the run's for it (with its
     * resume folder). The first problem as one line, or null; says on {@code err} when a spec starts
     * afresh for want of a checkpoint.
     */
    String problem(CheckTarget target, Options options, PrintWriter err) {
        Path dir = checkpointDir(target);
        if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
            return "--checkpoint: " + dir + " is a file, not the folder for " + target.name() + "'s checkpoints";
        }
        if (resume == null) {
            return null;
        }
        if (options.resumeDir() == null) {
            Path candidate = resume.resolve(OutFolder.safeFileName(target.name()));
            if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(candidate)) {
                return "--resume: " + candidate + " is a file, not a checkpoint folder";
            }
            err.println("trapcheck: no checkpoint of " + target.name() + " in " + resume + "; starting afresh");
            return null;
        }
        try {
            Explorer.verifyCheckpoint(target.model(), options);
            return null;
        } catch (CheckpointException e) {
            return "cannot resume " + target.name() + ": " + explain(e, target);
        }
    }

    /** The engine's reason, in the spec's terms where it has one. */
    static String explain(CheckpointException e, CheckTarget target) {
        return switch (e.kind()) {
            case STALE -> e.file() + ": the checkpoint is stale: " + (target.file() == null ? "the spec"
                    : target.file()) + " changed since it was written (its SHA-256 differs); start afresh without"
                    + " --resume, or delete " + e.file().getParent();
            case OTHER_MODEL -> e.getMessage() + "; it is another spec's, or written by another trapcheck";
            case OTHER_OPTIONS -> e.getMessage() + " (--exact, --no-symmetry, --max-depth)";
            default -> e.getMessage();
        };
    }
}
