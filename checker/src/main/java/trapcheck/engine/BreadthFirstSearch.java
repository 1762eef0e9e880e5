package trapcheck.engine;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;

/*
 * Level-synchronous breadth-first search, parallel and exactly deterministic.
 *
 * A level's Frontier holds its states in the order a sequential BFS would hold them. One level
 * runs in four phases, each on every LevelWorker through the WorkerPool:
 *
 *  1. expand (parallel): workers claim contiguous chunks of the frontier in increasing order. Each
 *     successor the seen set does not know (it is read-only during this phase) is offered to the
 *     LevelTable with its discoverer key (parent position * actionCount + action); when the key
 *     becomes the smallest known for that state, the worker appends a record [key, fp, concrete
 *     successor]. Each worker also remembers its first violating transition, which is its smallest.
 *  2. select (parallel, chunk by chunk over all workers' records: LevelMerge): the records whose
 *     key is the final minimum for their state are kept - exactly one record per new state. Beside
 *     it, on the first worker to arrive, the steps that need no winner: the grounded states, the
 *     seen set's growth, the next level's storage (BetweenLevels).
 *  3. place (one thread): the chunks, sorted by chunk start, give each chunk's winners an offset in
 *     the next frontier (LevelWorker.place).
 *  4. copy (parallel, chunk by chunk): winners go to their offsets, their parent links to the link
 *     file, and (fingerprint mode; exact mode does it in phase 2) their states into the seen set.
 *
 * Whatever the number of threads and their timing, every new state ends up with the smallest key
 * and its concrete successor, and the next frontier in key order: the sequential BFS's.
 * At the first level with a violating transition, phase 1 runs to the end (so the counts are
 * deterministic) and the smallest violating key gives the counterexample.
 *
 * Checkpoints are taken at level boundaries (Checkpoint; what they hold is a Checkpoint.Snapshot).
 */
final class BreadthFirstSearch extends Search {
    private final int threads;
    private final LevelWorker[] workers;
    private final WorkerPool pool;
    private final AtomicLong nextPosition = new AtomicLong();
    private final Checkpoint checkpoint;
    private Frontier frontier;
    private int level;
    private LevelTable levelTable;
    /** The frontier's canonical fingerprints by position (nextFingerprints); null when not kept. */
    private LongRecords frontierFingerprints;
    /** New states per frontier state in the last level: sizes the next level table. */
    private double growth = 2.0;
    private long lastCheckpointNanos = System.nanoTime();
    /** Partial order: marks the states a level grounded in the seen set; null without reduction. */
    private final GroundedStates groundedStates;
    /** A level too wide for the budget goes to disk window by window; null when the run does not spill. */
    private final LevelWindows windows;

    BreadthFirstSearch(Model model, Options options, Tuning tuning, RunControl control, MemoryBudget budget,
                       HeapSampler heap) {
        super(model, options, tuning, control, budget, heap, options.threads(), true, true);
        this.threads = options.threads();
        this.workers = new LevelWorker[threads];
        this.groundedStates = options.reduces() ? new GroundedStates(words, options.exact()) : null;
        for (int i = 0; i < threads; i++) {
            workers[i] = new LevelWorker(i, expanders[i], admission, control, options.exact(), budget, groundedStates);
        }
        this.pool = new WorkerPool(threads, control);
        this.checkpoint = new Checkpoint(model, options, budget, control);
        this.frontier = new Frontier(words, budget, SeenSets.frontierSpill(options, tuning, budget, control, spillMeter));
        this.windows = SeenSets.spills(options) ? new LevelWindows(words, options.exact(), actionCount,
                tuning.windowShareBytes(), budget, control, options.spillDir(), spillMeter) : null;
    }

    @Override
    boolean start() {
        if (options.resumeDir() != null) {
            Checkpoint.Snapshot restored = checkpoint.read(options.resumeDir()); // refuses a bad one, nothing done yet
            admission.release();
            resume(restored);
            return true;
        }
        ParentLinks.Writer writer = admission.links().writer();
        int violating = storeInitialStates(writer, (index, state) -> frontier.append(state));
        writer.flush();
        if (violating >= 0) {
            return finish(Verdict.VIOLATED, initialViolation, tracer.initial(violating), null, admission.count(), 0);
        }
        if (control.stopped()) {
            return finishStopped(admission.count(), 0);
        }
        return true;
    }

    private void resume(Checkpoint.Snapshot s) {
        admission.restore(s.seen(), s.links());
        frontier.release();
        frontier = s.frontier();
        level = s.level();
        baseGenerated = s.generated();
        baseFires = s.fires();
    }

    /** The state at the start of the current level, for a checkpoint. */
    private Checkpoint.Snapshot snapshot(long generated, long[] fires) {
        return new Checkpoint.Snapshot(level, admission.seen(), frontier, admission.links(), generated, fires);
    }

    @Override
    boolean step() {
        heap.sample();
        if (frontier.size() == 0) {
            return finish(Verdict.HOLDS, 0, null, null, admission.count(), Math.max(0, level - 1));
        }
        if (control.stopped()) {
            return stopAtBoundary();
        }
        if (options.checkpointDir() != null
                && System.nanoTime() - lastCheckpointNanos >= tuning.checkpointIntervalNanos()) {
            writeCheckpoint();
        }
        if (options.maxDepth() > 0 && level >= options.maxDepth()) {
            return probeBeyondDepth();
        }
        long startGenerated = generated();
        long[] startFires = fires();
        expandLevel(admission.allowance());
        long fresh = control.stopped() ? pendingStates() : newStates();
        LevelWorker found = smallestViolation();
        if (found != null) {
            long distinct = admission.count() + fresh;
            long parent = found.violationKey / actionCount;
            long[] source = new long[words];
            frontier.read(parent, source);
            Trace trace = tracer.fromLinks(admission.links(), frontier.start() + parent,
                    (int) (found.violationKey % actionCount), source, found.violationMask, admission.seen());
            return finish(Verdict.VIOLATED, found.violationMask, trace, null, distinct, level + 1);
        }
        if (control.stopped()) {
            long distinct = admission.count() + fresh;
            if (control.resumableStop() && options.checkpointDir() != null) {
                // the seen set is read-only while a level is expanded: it still is the level's start
                checkpoint.write(options.checkpointDir(), snapshot(startGenerated, startFires));
            }
            return finishStopped(distinct, level);
        }
        if (!mergeLevel(fresh)) {
            return finishStopped(admission.count() + fresh, level);
        }
        level++;
        return true;
    }

    private boolean stopAtBoundary() {
        if (control.resumableStop() && options.checkpointDir() != null) {
            writeCheckpoint();
        }
        return finishStopped(admission.count(), level);
    }

    private void writeCheckpoint() {
        checkpoint.write(options.checkpointDir(), snapshot(generated(), fires()));
        lastCheckpointNanos = System.nanoTime();
    }

    /**
     * The level's new states: its candidates less those the seen set holds on disk (SpillingSeenSet
     * answers contains for memory only). When the check fails (the run stops "disk:"), the candidates.
     * A level in windows flushes its last one and merges them all (LevelWindows).
     */
    private long newStates() {
        if (windows != null && windows.active()) {
            LevelTable last = levelTable;
            levelTable = null;
            if (!windows.flush(last, workers, this::runWorkers)) {
                return windows.flushedEntries();
            }
            long merged = windows.merge(admission.spilledSeen());
            return merged < 0 ? windows.flushedEntries() : merged;
        }
        long dropped = admission.dropSpilled(levelTable);
        return levelTable.count() - Math.max(0, dropped);
    }

    /** Candidates of the level so far (a stopped level's count of distinct states). */
    private long pendingStates() {
        LevelTable table = levelTable;
        return (table == null ? 0 : table.count()) + (windows == null ? 0 : windows.flushedEntries());
    }

    /** At maxDepth: incomplete if some successor of the frontier is new, complete otherwise. */
    private boolean probeBeyondDepth() {
        if (admission.seen().spilledStates() > 0) {
            return probeWithSpilledSeenSet();
        }
        levelTable = null;
        for (LevelWorker w : workers) {
            w.beginLevel(null, frontierFingerprints);
        }
        nextPosition.set(0);
        runWorkers(this::expandChunks);
        if (control.stopped()) {
            return finishStopped(admission.count(), level);
        }
        return finish(Verdict.HOLDS, 0, null, null, admission.count(), level);
    }

    /**
     * The probe beyond maxDepth when part of the seen set is on disk: a successor unknown in memory
     * may still be stored, so the level is expanded into a level table as usual (violations beyond
     * the bound are ignored) and its candidates are checked against the disk.
     */
    private boolean probeWithSpilledSeenSet() {
        expandLevel(Long.MAX_VALUE);
        if (!control.stopped() && newStates() > 0) {
            control.stop(RunControl.MAX_DEPTH);
        }
        for (LevelWorker w : workers) {
            w.endLevel();
        }
        if (levelTable != null) {
            levelTable.release();
            levelTable = null;
        }
        windows.close();
        if (control.stopped()) {
            return finishStopped(admission.count(), level);
        }
        return finish(Verdict.HOLDS, 0, null, null, admission.count(), level);
    }

    /** Expands the level into a new level table that takes at most {@code allowance} states. */
    private void expandLevel(long allowance) {
        long n = frontier.size();
        long least = LevelTable.minimumCapacity(threads, actionCount, tuning.minLevelCapacity());
        long capacity = windowCapacity(Math.max(least, (long) (n * growth / 0.7)), least);
        levelTable = new LevelTable(words, options.exact(), capacity, allowance, budget);
        for (LevelWorker w : workers) {
            w.beginLevel(levelTable, frontierFingerprints);
        }
        if (!levelTable.allocated()) {
            return;
        }
        nextPosition.set(0);
        runWorkers(this::expandChunks);
        while (windows != null && !control.stopped() && nextPosition.get() < n && !refused()) {
            // the window is full (LevelWindows.full): its winners to disk, a fresh table for the rest
            long reached = levelTable.capacity();
            LevelTable full = levelTable;
            levelTable = null;
            if (!windows.flush(full, workers, this::runWorkers)) {
                return;
            }
            levelTable = new LevelTable(words, options.exact(), windowCapacity(reached, least),
                    Math.max(0, allowance - windows.flushedEntries()), budget);
            if (!levelTable.allocated()) {
                return;
            }
            for (LevelWorker w : workers) {
                w.beginWindow(levelTable);
            }
            runWorkers(this::expandChunks);
        }
    }

    /** A level table's first capacity: {@code wanted}, less if the level may go to disk and the budget is short. */
    private long windowCapacity(long wanted, long least) {
        return windows == null ? wanted : windows.capacity(wanted, least);
    }

    private boolean refused() {
        for (LevelWorker w : workers) {
            if (w.refused) {
                return true;
            }
        }
        return false;
    }

    /** Phase 1 for one worker: claim chunks of the frontier until none is left. */
    private void expandChunks(int index) {
        LevelWorker w = workers[index];
        long n = frontier.size();
        LevelTable table = levelTable;
        while (!control.stopped() && !w.refused) {
            if (table != null && windows != null && windows.full(table)) {
                return;   // expandLevel flushes the window and goes on from nextPosition
            }
            if (table != null && table.needsGrowth() && !table.grow()) {
                return;
            }
            Lock held = table == null ? null : table.lock.readLock();
            if (held != null) {
                held.lock();
            }
            try {
                int length = table == null ? tuning.maxChunk() : table.chunkLength(threads, actionCount, tuning.maxChunk());
                long start = nextPosition.getAndAdd(length);
                if (start >= n) {
                    return;
                }
                w.expandChunk(frontier, start, Math.min(n, start + length));
            } finally {
                if (held != null) {
                    held.unlock();
                }
                w.expander.publish();
            }
        }
    }

    private LevelWorker smallestViolation() {
        LevelWorker best = null;
        for (LevelWorker w : workers) {
            if (w.violationKey >= 0 && (best == null || w.violationKey < best.violationKey)) {
                best = w;
            }
        }
        return best;
    }

    /** Phases 2-4 for the level's {@code added} new states. False if memory ran out. */
    private boolean mergeLevel(long added) {
        long levelStart = frontier.start();
        long nextStart = frontier.end();
        Frontier.Next next;
        if (levelTable == null) {   // the level went to disk in windows, merged by newStates
            addGrounded();
            if (!admission.reserve(added)) {
                return false;
            }
            next = frontier.next(added);
            if (next == null) {
                return false;
            }
            if (!windows.place(admission, next, levelStart, nextStart)) {
                next.discard();
                return false;
            }
            releaseFrontierFingerprints();   // the windows placed the next level: no fingerprints kept
        } else {
            next = mergeInMemory(added, levelStart, nextStart);
            if (next == null) {
                return false;
            }
        }
        admission.admitted(added);
        growth = Math.min(16, Math.max(0.25, (double) added / frontier.size()));
        frontier.advance(next);
        for (LevelWorker w : workers) {
            w.endLevel();
        }
        return true;
    }

    /**
     * Phases 2-4 of a level in the level table (LevelMerge): the steps between levels that need no
     * winner run beside phase 2. Exact mode stores the winners in phase 2, so the seen set grows
     * before it. Returns the next level, or null if memory ran out.
     */
    private Frontier.Next mergeInMemory(long added, long levelStart, long nextStart) {
        BetweenLevels steps = new BetweenLevels(added);
        if (options.exact()) {
            addGrounded();
            if (!admission.reserve(added)) {
                return null;
            }
            steps.reserved = true;
        }
        LevelMerge merge = new LevelMerge(workers);
        runWorkers(i -> merge.select(i, steps));
        if (!steps.succeeded()) {
            steps.discard();
            return null;
        }
        long placed = merge.place();
        if (placed != added) {
            throw new IllegalStateException("internal error: " + placed + " winners for " + added + " new states");
        }
        Frontier.Next next = steps.next;
        LongRecords fingerprints = steps.fingerprints;
        runWorkers(i -> merge.copy(i, next, levelStart, nextStart, fingerprints, admission.links()));
        releaseFrontierFingerprints();
        frontierFingerprints = fingerprints;
        levelTable.release();
        levelTable = null;
        return next;
    }

    /** Partial order: the states the level grounded are marked in the seen set (GroundedStates; one thread). */
    private void addGrounded() {
        if (groundedStates != null) {
            LongRecords[] buffers = new LongRecords[threads];
            for (int i = 0; i < threads; i++) {
                buffers[i] = workers[i].groundedThisLevel;
            }
            groundedStates.add(admission.seen(), buffers);
        }
    }

    /**
     * The steps of a level merged in memory that need no winner, in the order a single thread takes
     * them (each may touch the memory budget): the grounded states, the seen set's room for the
     * winners (fingerprint mode; exact mode has made it already), the next level's storage.
     */
    private final class BetweenLevels implements Runnable {
        private final long added;
        boolean reserved;
        Frontier.Next next;
        LongRecords fingerprints;

        BetweenLevels(long added) {
            this.added = added;
        }

        @Override
        public void run() {
            if (!options.exact()) {
                addGrounded();
                reserved = admission.reserve(added);
                if (!reserved) {
                    return;
                }
            }
            next = frontier.next(added);
            if (next != null) {
                fingerprints = nextFingerprints(added);
            }
        }

        boolean succeeded() {
            return reserved && next != null;
        }

        /** Frees what was allocated for a merge that does not go on. */
        void discard() {
            if (next != null) {
                next.discard();
            }
            if (fingerprints != null) {
                fingerprints.release();
            }
        }
    }

    /**
     * Partial order in fingerprint mode: room for the next level's fingerprints (the canonical ones
     * its discovery records hold), which a worker records for the states it grounds instead of
     * computing the representative again; null when there is nothing to keep or no room.
     */
    private LongRecords nextFingerprints(long size) {
        if (groundedStates == null || options.exact()) {
            return null;
        }
        LongRecords fingerprints = new LongRecords(1, budget);
        if (!fingerprints.reserve(size)) {
            fingerprints.release();
            return null;
        }
        fingerprints.setSize(size);
        return fingerprints;
    }

    private void releaseFrontierFingerprints() {
        if (frontierFingerprints != null) {
            frontierFingerprints.release();
            frontierFingerprints = null;
        }
    }

    /** Runs a phase on every worker: in parallel for large frontiers, else in order on this thread. */
    private void runWorkers(java.util.function.IntConsumer task) {
        pool.run(task, frontier.size() >= tuning.parallelThreshold());
    }

    @Override
    ProgressListener.Progress progress(double seconds, long heapUsed) {
        long pending = pendingStates();
        long queue = Math.max(0, frontier.size() - nextPosition.get()) + pending;
        long distinct = admission.count() + pending;
        return new ProgressListener.Progress(level, distinct, publishedGenerated(), queue,
                seconds > 0 ? distinct / seconds : 0, heapUsed, seconds, spillMeter.bytes(), spillMeter.states());
    }

    @Override
    public void close() {
        releaseFrontierFingerprints();
        if (windows != null) {
            windows.close();
        }
        pool.close();
        super.close();
    }
}
