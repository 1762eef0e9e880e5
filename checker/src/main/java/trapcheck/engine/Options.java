package trapcheck.engine;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything that configures one exploration, as an immutable value. Build one with
 * {@link #defaults()} and the {@code with...} methods.
 *
 * @param strategy          BFS, DFS or random simulation
 * @param threads           worker threads (BFS only; others use one)
 * @param exact             store whole packed states instead of 64-bit fingerprints
 * @param symmetry          fingerprint the model's representative of each state
 * @param maxStates         stop (incomplete) after this many distinct states; 0: no limit
 * @param maxDepth          do not explore past this depth (incomplete if anything lies beyond); 0: no limit
 * @param maxSeconds        stop (incomplete) after this long; 0: no limit
 * @param memoryBudgetBytes stop (incomplete) before the engine's tables, frontiers and record buffers
 *                          outgrow this; 0: a share of the JVM's maximum heap
 * @param seed              seed of random simulation
 * @param simulationRuns    number of random walks (SIMULATION)
 * @param simulationDepth   length of each random walk (SIMULATION)
 * @param actionWeights     SIMULATION: weight of each action when choosing among enabled ones (0: never);
 *                          null for uniform
 * @param progress          receives progress reports; {@link ProgressListener#NONE} for none
 * @param progressInterval  how often progress is reported
 * @param stop              an external stop request (interrupt); checked often
 * @param checkpointDir     BFS: write a checkpoint here at level boundaries; null for none
 * @param resumeDir         BFS: resume from the checkpoint here; null to start afresh
 * @param checkpointOrigin  what the model was built from, in the caller's terms (the CLI gives the spec
 *                          file's SHA-256): a checkpoint records it, and a resume with another origin is
 *                          refused as stale ({@link CheckpointException.Kind#STALE}); null for none
 * @param spillDir          where the engine's scratch files go (parent links, the fingerprint log, what BFS
 *                          spills to disk when the memory budget is short); null for the OS temp folder
 * @param partialOrder      BFS: expand a state through one of the model's ample sets when the cycle
 *                          proviso allows ({@link Model.Worker#ampleSets}); a violation found so is
 *                          searched again without it, for a shortest counterexample. Ignored with
 *                          other strategies, a depth bound or checkpoints (ENGINE.md, "Partial order")
 */
public record Options(
        Strategy strategy,
        int threads,
        boolean exact,
        boolean symmetry,
        long maxStates,
        int maxDepth,
        double maxSeconds,
        long memoryBudgetBytes,
        long seed,
        long simulationRuns,
        int simulationDepth,
        java.util.function.IntToDoubleFunction actionWeights,
        ProgressListener progress,
        Duration progressInterval,
        StopSignal stop,
        Path checkpointDir,
        Path resumeDir,
        String checkpointOrigin,
        Path spillDir,
        boolean partialOrder) {

    public Options {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (maxStates < 0 || maxDepth < 0 || !(maxSeconds >= 0) || memoryBudgetBytes < 0) {
            throw new IllegalArgumentException("limits must not be negative (nor NaN), got states " + maxStates
                    + ", depth " + maxDepth + ", seconds " + maxSeconds + ", memory " + memoryBudgetBytes);
        }
        if (progress == null) {
            progress = ProgressListener.NONE;
        }
        if (progressInterval == null) {
            progressInterval = Duration.ofSeconds(5);
        }
        if (stop == null) {
            stop = new StopSignal();
        }
    }

    public static Options defaults() {
        return new Options(Strategy.BFS, 1, false, true, 0, 0, 0, 0, 1L, 1000, 200, null,
                ProgressListener.NONE, Duration.ofSeconds(5), new StopSignal(), null, null, null, null, false);
    }

    public Options withStrategy(Strategy s) {
        return new Options(s, threads, exact, symmetry, maxStates, maxDepth, maxSeconds, memoryBudgetBytes, seed,
                simulationRuns, simulationDepth, actionWeights, progress, progressInterval, stop,
                checkpointDir, resumeDir, checkpointOrigin, spillDir, partialOrder);
    }

    public Options withThreads(int n) {
        return new Options(strategy, n, exact, symmetry, maxStates, maxDepth, maxSeconds, memoryBudgetBytes, seed,
                simulationRuns, simulationDepth, actionWeights, progress, progressInterval, stop,
                checkpointDir, resumeDir, checkpointOrigin, spillDir, partialOrder);
    }

    public Options withExact(boolean e) {
        return new Options(strategy, threads, e, symmetry, maxStates, maxDepth, maxSeconds, memoryBudgetBytes, seed,
                simulationRuns, simulationDepth, actionWeights, progress, progressInterval, stop,
                checkpointDir, resumeDir, checkpointOrigin, spillDir, partialOrder);
    }

    public Options withSymmetry(boolean s) {
        return new Options(strategy, threads, exact, s, maxStates, maxDepth, maxSeconds, memoryBudgetBytes, seed,
                simulationRuns, simulationDepth, actionWeights, progress, progressInterval, stop,
                checkpointDir, resumeDir, checkpointOrigin, spillDir, partialOrder);
    }

    public Options withLimits(long states, int depth, double seconds, long memoryBytes) {
        return new Options(strategy, threads, exact, symmetry, states, depth, seconds, memoryBytes, seed,
                simulationRuns, simulationDepth, actionWeights, progress, progressInterval, stop,
                checkpointDir, resumeDir, checkpointOrigin, spillDir, partialOrder);
    }

    public Options withSimulation(long seed, long runs, int depth) {
        return new Options(strategy, threads, exact, symmetry, maxStates, maxDepth, maxSeconds, memoryBudgetBytes,
                seed, runs, depth, actionWeights, progress, progressInterval, stop,
                checkpointDir, resumeDir, checkpointOrigin, spillDir, partialOrder);
    }

    public Options withActionWeights(java.util.function.IntToDoubleFunction weights) {
        return new Options(strategy, threads, exact, symmetry, maxStates, maxDepth, maxSeconds, memoryBudgetBytes, seed,
                simulationRuns, simulationDepth, weights, progress, progressInterval, stop,
                checkpointDir, resumeDir, checkpointOrigin, spillDir, partialOrder);
    }

    public Options withProgress(ProgressListener p, Duration interval) {
        return new Options(strategy, threads, exact, symmetry, maxStates, maxDepth, maxSeconds, memoryBudgetBytes,
                seed, simulationRuns, simulationDepth, actionWeights, p, interval, stop,
                checkpointDir, resumeDir, checkpointOrigin, spillDir, partialOrder);
    }

    public Options withStop(StopSignal s) {
        return new Options(strategy, threads, exact, symmetry, maxStates, maxDepth, maxSeconds, memoryBudgetBytes,
                seed, simulationRuns, simulationDepth, actionWeights, progress, progressInterval, s,
                checkpointDir, resumeDir, checkpointOrigin, spillDir, partialOrder);
    }

    public Options withCheckpoint(Path checkpoint, Path resume) {
        return withCheckpoint(checkpoint, resume, checkpointOrigin);
    }

    /** Checkpoints written to {@code checkpoint}, resumed from {@code resume}, of a model built from {@code origin}. */
    public Options withCheckpoint(Path checkpoint, Path resume, String origin) {
        return new Options(strategy, threads, exact, symmetry, maxStates, maxDepth, maxSeconds, memoryBudgetBytes,
                seed, simulationRuns, simulationDepth, actionWeights, progress, progressInterval, stop, checkpoint, resume,
                origin, spillDir, partialOrder);
    }

    /** Scratch files (and what BFS spills to disk) in {@code dir}; null for the OS temp folder. */
    public Options withSpillDir(Path dir) {
        return new Options(strategy, threads, exact, symmetry, maxStates, maxDepth, maxSeconds, memoryBudgetBytes,
                seed, simulationRuns, simulationDepth, actionWeights, progress, progressInterval, stop, checkpointDir,
                resumeDir, checkpointOrigin, dir, partialOrder);
    }

    /** With partial-order reduction (BFS without a depth bound or checkpoints), or without. */
    public Options withPartialOrder(boolean on) {
        return new Options(strategy, threads, exact, symmetry, maxStates, maxDepth, maxSeconds, memoryBudgetBytes,
                seed, simulationRuns, simulationDepth, actionWeights, progress, progressInterval, stop, checkpointDir,
                resumeDir, checkpointOrigin, spillDir, on);
    }

    /** Whether this run reduces: asked for, BFS, no depth bound, no checkpoint written or resumed. */
    boolean reduces() {
        return partialOrder && strategy == Strategy.BFS && maxDepth == 0 && checkpointDir == null && resumeDir == null;
    }
}
