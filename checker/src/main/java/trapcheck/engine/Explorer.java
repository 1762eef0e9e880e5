package trapcheck.engine;

/**
 * Explores a {@link Model} under {@link Options}: the engine's entry point.
 *
 * <p>Every strategy runs the same loop: store the initial states, then take steps (a BFS level, a
 * batch of DFS states, one random walk) until the result is known or a limit stops the run. BFS is
 * exactly deterministic whatever {@link Options#threads()}: the verdict, the distinct-state count
 * and the counterexample (a shortest one, the first in action order) do not depend on the number
 * of threads or their timing. A run stopped by a limit returns {@link Verdict#INCOMPLETE} with the
 * statistics of what was explored; running out of memory is such a limit, never an error.
 *
 * <p>Design notes are in {@code ENGINE.md} beside this file.
 */
public final class Explorer {

    private Explorer() {
    }

    /**
     * Explores the model.
     *
     * @throws CheckpointException      if the checkpoint to resume from is missing, damaged, or of
     *                                  another model, origin or options (before anything is explored)
     * @throws IllegalArgumentException if the options do not fit the model (a resume request with a
     *                                  strategy other than BFS, a negative action weight, an initial
     *                                  state of the wrong size)
     * @throws IllegalStateException    if the model proved non-deterministic while a trace was rebuilt
     */
    public static Result explore(Model model, Options options) {
        return explore(model, options, Tuning.DEFAULT);
    }

    /**
     * Checks the checkpoint in {@code options.resumeDir()} as a resume would (the manifest, the
     * identity of the model, its origin and the options, every file's size and checksum, every parent
     * link), without exploring anything. A caller resuming several runs checks them all first.
     *
     * @throws CheckpointException naming the file and what is wrong
     */
    public static void verifyCheckpoint(Model model, Options options) {
        if (options.resumeDir() == null) {
            throw new IllegalArgumentException("no resumeDir to verify");
        }
        RunControl control = new RunControl(options);
        new Checkpoint(model, options, new MemoryBudget(options.memoryBudgetBytes(), control), control)
                .read(options.resumeDir()).release();
    }

    /** Whether {@code dir} holds a checkpoint (its manifest), sound or not. */
    public static boolean hasCheckpoint(java.nio.file.Path dir) {
        return java.nio.file.Files.exists(dir.resolve(CheckpointManifest.FILE), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    static Result explore(Model model, Options options, Tuning tuning) {
        if (options.resumeDir() != null && options.strategy() != Strategy.BFS) {
            throw new IllegalArgumentException("resuming from a checkpoint needs strategy BFS, not " + options.strategy());
        }
        RunControl control = new RunControl(options);
        MemoryBudget budget = new MemoryBudget(options.memoryBudgetBytes(), control);
        HeapSampler heap = new HeapSampler();
        Search search;
        try {
            search = switch (options.strategy()) {
                case BFS -> new BreadthFirstSearch(model, options, tuning, control, budget, heap);
                case DFS -> new DepthFirstSearch(model, options, tuning, control, budget, heap);
                case SIMULATION -> new RandomSimulation(model, options, tuning, control, budget, heap);
            };
        } catch (OutOfMemoryError e) {
            return stoppedAtStart(model, options, control, RunControl.MEMORY);
        } catch (java.io.UncheckedIOException e) {
            // a scratch file (parent links, fingerprint log) could not be created: an unwritable spill folder
            return stoppedAtStart(model, options, control,
                    RunControl.diskFailure("a scratch file", options.spillDir(), e.getCause()));
        }
        try (search; ProgressReporter reporter = new ProgressReporter(options, control, heap, search)) {
            try {
                if (search.start()) {
                    while (search.step()) {
                        // each step polls the limits itself
                    }
                }
            } catch (OutOfMemoryError e) {
                // an allocation outside the budgeted sites; what the search holds is still consistent
                control.stop(RunControl.MEMORY);
                if (!search.finished()) {
                    search.finishStopped(search.admission.count(), 0);
                }
            } catch (java.io.UncheckedIOException e) {
                // a scratch file (the parent links) could not be written: a full disk
                control.stop(RunControl.diskFailure("a scratch file", options.spillDir(), e.getCause()));
                if (!search.finished()) {
                    search.finishStopped(search.admission.count(), 0);
                }
            }
            Result result = search.result();
            if (result.verdict() == Verdict.VIOLATED && search.reducedStates() > 0) {
                return shortest(model, options, tuning, result);
            }
            return result;
        }
    }

    /**
     * A violation found under partial-order reduction lies at the depth of the reduced graph, which
     * can be deeper than the shortest one: searched again without reduction (which stops at the
     * first violating level, at most as deep), for the same answer as a run without reduction. If a
     * limit stops that search first, the reduced search's counterexample, real but perhaps not
     * shortest, stands.
     */
    private static Result shortest(Model model, Options options, Tuning tuning, Result reduced) {
        Result full = explore(model, options.withPartialOrder(false), tuning);
        if (full.verdict() != Verdict.VIOLATED) {
            return reduced;
        }
        Statistics s = full.stats();
        Statistics both = new Statistics(s.distinct(), s.generated(), s.depth(), s.seconds() + reduced.stats().seconds(),
                s.threads(), s.actionFires(), s.collisionProbability(), s.seenBytes(),
                Math.max(s.peakHeapBytes(), reduced.stats().peakHeapBytes()), s.fingerprintBits(), s.spilledStates(),
                s.spilledBytes(), s.partialOrder(), s.reducedStates(), s.spilledWindows());
        return new Result(full.verdict(), full.violations(), full.trace(), both, full.stoppedBy());
    }

    private static Result stoppedAtStart(Model model, Options options, RunControl control, String reason) {
        Statistics stats = new Statistics(0, 0, 0, control.seconds(), options.threads(),
                new long[model.actionCount()], 0, 0, 0, 0);
        return new Result(Verdict.INCOMPLETE, 0, null, stats, reason);
    }
}
