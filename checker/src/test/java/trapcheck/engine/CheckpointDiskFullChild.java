package trapcheck.engine;

import java.nio.file.Path;

/**
 * Run by {@link CheckpointDiskFullTest} in a JVM whose files may not grow past a limit (bash's
 * {@code ulimit -f}): a BFS that checkpoints at every level, printing each warning to stderr and
 * the result to stdout as {@code verdict distinct generated depth}.
 */
public final class CheckpointDiskFullChild {
    private CheckpointDiskFullChild() {
    }

    public static void main(String[] args) {
        ProgressListener listener = new ProgressListener() {
            @Override
            public void progress(Progress p) {
            }

            @Override
            public void warning(String message) {
                System.err.println("warning: " + message);
            }
        };
        Options o = CheckpointDiskFullTest.options().withCheckpoint(Path.of(args[0]), null)
                .withProgress(listener, java.time.Duration.ofHours(1));
        Result r = Explorer.explore(CheckpointTest.model(), o, new Tuning(0, Tuning.DEFAULT.parallelThreshold(), 1024, 1024));
        System.out.println(CheckpointDiskFullTest.summary(r));
    }
}
