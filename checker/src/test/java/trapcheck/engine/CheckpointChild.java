package trapcheck.engine;

import java.nio.file.Path;

/**
 * Run by {@link CheckpointTest} in a separate JVM that the test then kills with SIGKILL: a slowed
 * BFS writing a checkpoint at every level into the directory given as argument.
 */
public final class CheckpointChild {
    private CheckpointChild() {
    }

    public static void main(String[] args) {
        Model model = HookedModel.slow(CheckpointTest.model(), 400);
        Options o = Runs.bfs(2, false, true).withCheckpoint(Path.of(args[0]), null);
        Explorer.explore(model, o, new Tuning(0, Tuning.DEFAULT.parallelThreshold(), 1024, 1024));
        System.exit(3); // the test should have killed us before
    }
}
