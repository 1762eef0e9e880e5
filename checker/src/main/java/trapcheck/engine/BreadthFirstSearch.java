package trapcheck.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.function.IntConsumer;

/*
 * Level-synchronous breadth-first search, parallel and exactly deterministic.
 *
 * A level's frontier is a LongRecords of packed states in the order a sequential BFS would hold
 * them; a state's global index is levelStart + its position. One level runs in four phases:
 *
 *  1. expand (parallel): workers claim contiguous chunks of the frontier in increasing order. Each
 *     successor not in the seen table (read-only during this phase) is offered to the LevelTable
 *     with its discoverer key (parent position * actionCount + action); when the key becomes the
 *     smallest known for that state, the worker appends a record [key, fp, concrete successor].
 *     Each worker also remembers its first violating transition, which is its smallest.
 *  2. select (parallel): each worker keeps those of its records whose key is the final minimum for
 *     their state - exactly one record per new state over all workers - and inserts the state
 *     into the seen table (grown beforehand to fit).
 *  3. place (one thread): the chunk descriptors of all workers, sorted by chunk start, give each
 *     chunk's winners an offset in the next frontier; a worker's records within a chunk are already
 *     in key order, so this is the counting sort by parent position, in O(chunks).
 *  4. copy (parallel): winners go to their offsets, their parent links to the link file.
 *
 * Whatever the number of threads and their timing, every new state ends up with the smallest key
 * and its concrete successor, and the next frontier in key order: the sequential BFS's.
 * At the first level with a violating transition, phase 1 runs to the end (so the counts are
 * deterministic) and the smallest violating key gives the counterexample.
 */
final class BreadthFirstSearch extends Search {
    private final int threads;
    private final LevelWorker[] workers;
    private final ExecutorService pool;
    private final ParentLinks links = new ParentLinks();
    private final AtomicLong nextPosition = new AtomicLong();
    private final Checkpoint checkpoint;
    LongRecords frontier;
    long levelStart;
    int level;
    private LevelTable levelTable;
    private double growth = 2.0;
    private long lastCheckpointNanos = System.nanoTime();

    BreadthFirstSearch(Model model, Options options, Tuning tuning, RunControl control, MemoryBudget budget,
                       HeapSampler heap) {
        super(model, options, tuning, control, budget, heap, options.threads());
        this.threads = options.threads();
        this.workers = new LevelWorker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new LevelWorker(i, expanders[i]);
        }
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "trapcheck-bfs");
            t.setDaemon(true);
            return t;
        });
        this.checkpoint = new Checkpoint(model, options);
        this.frontier = new LongRecords(words, budget);
    }

    @Override
    boolean start() {
        if (options.resumeDir() != null) {
            checkpoint.load(options.resumeDir(), this);
            return true;
        }
        ParentLinks.Writer w = links.writer();
        int violating = storeInitialStates((ordinal, state) -> {
            long i = frontier.append();
            if (i < 0) {
                return false;
            }
            frontier.copyIn(i, 0, state, words);
            w.put(i, ParentLinks.initialLink(ordinal));
            return true;
        });
        w.flush();
        if (violating >= 0) {
            return finish(Verdict.VIOLATED, initialViolation, tracer.initial(violating), null, seen.count(), 0);
        }
        if (control.stopped()) {
            return finishStopped(seen.count(), 0);
        }
        return true;
    }

    @Override
    boolean step() {
        heap.sample();
        if (frontier.size() == 0) {
            return finish(Verdict.HOLDS, 0, null, null, seen.count(), Math.max(0, level - 1));
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
        expandLevel();
        LevelWorker found = smallestViolation();
        if (found != null) {
            long distinct = seen.count() + levelTable.count();
            long parent = found.violationKey / actionCount;
            long[] source = new long[words];
            frontier.copyOut(parent, 0, source, words);
            Trace trace = tracer.fromLinks(links, levelStart + parent, (int) (found.violationKey % actionCount),
                    source, found.violationMask, seen);
            return finish(Verdict.VIOLATED, found.violationMask, trace, null, distinct, level + 1);
        }
        if (control.stopped()) {
            long distinct = seen.count() + levelTable.count();
            if (control.resumableStop() && options.checkpointDir() != null) {
                checkpoint.write(options.checkpointDir(), this, startGenerated, startFires);
            }
            return finishStopped(distinct, level);
        }
        if (!mergeLevel()) {
            return finishStopped(seen.count() + levelTable.count(), level);
        }
        level++;
        return true;
    }

    private boolean stopAtBoundary() {
        if (control.resumableStop() && options.checkpointDir() != null) {
            writeCheckpoint();
        }
        return finishStopped(seen.count(), level);
    }

    private void writeCheckpoint() {
        checkpoint.write(options.checkpointDir(), this, generated(), fires());
        lastCheckpointNanos = System.nanoTime();
    }

    /** At maxDepth: incomplete if some successor of the frontier is new, complete otherwise. */
    private boolean probeBeyondDepth() {
        levelTable = null;
        for (LevelWorker w : workers) {
            w.beginLevel(true);
        }
        nextPosition.set(0);
        runWorkers(this::expandChunks);
        if (control.stopped()) {
            return finishStopped(seen.count(), level);
        }
        return finish(Verdict.HOLDS, 0, null, null, seen.count(), level);
    }

    private void expandLevel() {
        long n = frontier.size();
        long capacity = Math.max(LevelTable.minimumCapacity(threads, actionCount, tuning.minLevelCapacity()), (long) (n * growth / 0.7));
        long allowance = options.maxStates() > 0 ? Math.max(0, options.maxStates() - seen.count()) : Long.MAX_VALUE;
        levelTable = new LevelTable(words, options.exact(), capacity, allowance, budget);
        for (LevelWorker w : workers) {
            w.beginLevel(false);
        }
        if (!levelTable.allocated()) {
            return;
        }
        nextPosition.set(0);
        runWorkers(this::expandChunks);
    }

    /** Phase 1 for one worker: claim chunks of the frontier until none is left. */
    private void expandChunks(int index) {
        LevelWorker w = workers[index];
        long n = frontier.size();
        LevelTable table = levelTable;
        while (!control.stopped() && !w.refused) {
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
                long end = Math.min(n, start + length);
                w.beginChunk(start);
                for (long p = start; p < end && !w.refused; p++) {
                    frontier.copyOut(p, 0, w.current, words);
                    w.parentPosition = p;
                    w.expander.expand(w.current, w);
                }
                w.endChunk();
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

    /** Phases 2-4. False if memory ran out. */
    private boolean mergeLevel() {
        long added = levelTable.count();
        if (!seen.ensureCapacity(seen.count() + added)) {
            return false;
        }
        runWorkers(i -> workers[i].selectWinners());
        // phase 3: offsets of every chunk's winners in the next frontier, in chunk order
        List<long[]> chunks = new ArrayList<>();
        for (LevelWorker w : workers) {
            for (int c = 0; c < w.chunkCount; c++) {
                chunks.add(new long[] {w.chunks[4 * c], w.index, c});
            }
        }
        chunks.sort((a, b) -> Long.compare(a[0], b[0]));
        long offset = 0;
        for (long[] c : chunks) {
            LevelWorker w = workers[(int) c[1]];
            int at = 4 * (int) c[2];
            long winners = w.chunks[at + 2] - w.chunks[at + 1];
            w.chunks[at + 3] = offset;
            offset += winners;
        }
        if (offset != added) {
            throw new IllegalStateException("internal error: " + offset + " winners for " + added + " new states");
        }
        LongRecords next = new LongRecords(words, budget);
        if (!next.reserve(added)) {
            next.release();
            return false;
        }
        next.setSize(added);
        long nextStart = levelStart + frontier.size();
        runWorkers(i -> workers[i].copyWinners(next, nextStart));
        seen.addCount(added);
        growth = Math.min(16, Math.max(0.25, (double) added / frontier.size()));
        frontier.release();
        frontier = next;
        levelStart = nextStart;
        levelTable.release();
        levelTable = null;
        for (LevelWorker w : workers) {
            w.records.clear();
        }
        return true;
    }

    /** Runs a phase on every worker: in parallel for large frontiers, else in order on this thread. */
    private void runWorkers(IntConsumer task) {
        if (pool == null || frontier.size() < tuning.parallelThreshold()) {
            for (int i = 0; i < workers.length; i++) {
                runGuarded(task, i);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            int index = i;
            futures.add(pool.submit(() -> runGuarded(task, index)));
        }
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (failure == null) {
                    failure = cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                control.stop("interrupted");
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void runGuarded(IntConsumer task, int index) {
        try {
            task.accept(index);
        } catch (OutOfMemoryError e) {
            control.stop(RunControl.MEMORY);
        }
    }

    @Override
    ProgressListener.Progress progress(double seconds, long heapUsed) {
        LevelTable table = levelTable;
        long pending = table == null ? 0 : table.count();
        long queue = Math.max(0, frontier.size() - nextPosition.get()) + pending;
        long distinct = seen.count() + pending;
        return new ProgressListener.Progress(level, distinct, publishedGenerated(), queue,
                seconds > 0 ? distinct / seconds : 0, heapUsed, seconds);
    }

    ParentLinks links() {
        return links;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
        links.close();
    }

    /*
     * One worker's state for a level: its expander, its discovery records [key, fp, state words]
     * in increasing key order, and the chunk descriptors [start, first record, end record, offset].
     */
    /** Slots of a worker's cache of recently offered concrete states (2^14: it stays in L2). */
    private static final int RECENT_BITS = 14;
    private static final int RECENT_SLOTS = 1 << RECENT_BITS;

    private final class LevelWorker implements Expander.Sink {
        final int index;
        final Expander expander;
        final long[] current = new long[words];
        final long[] scratch = new long[words];
        final LongRecords records = new LongRecords(2 + words, budget);
        long[] chunks = new long[64];
        int chunkCount;
        long parentPosition;
        long violationKey;
        long violationMask;
        boolean probe;
        boolean refused;
        /*
         * The concrete successors this worker offered lately, direct-mapped by fingerprint: [fp, words].
         * With symmetry, most successors are states met before, and the representative is the costly
         * part of a transition; a concrete state this worker already offered needs none. Skipping it is
         * exact: it was then found in the seen table, or offered to this level's table with a smaller
         * key (a worker's keys only grow within a level), and every state of a finished level is in the
         * seen table. Whole states are compared, so exact mode stays exact.
         */
        final long[] recent;

        LevelWorker(int index, Expander expander) {
            this.index = index;
            this.expander = expander;
            this.recent = expander.symmetry ? new long[RECENT_SLOTS * (1 + words)] : null;
        }

        /** Whether this worker offered exactly this concrete state before; remembers it if not. */
        private boolean offeredBefore(long[] next) {
            long cfp = Fingerprints.of(next, words);
            int at = (int) (cfp >>> (64 - RECENT_BITS)) * (1 + words);
            if (recent[at] == cfp) {
                boolean same = true;
                for (int w = 0; w < words && same; w++) {
                    same = recent[at + 1 + w] == next[w];
                }
                if (same) {
                    return true;
                }
            }
            recent[at] = cfp;
            System.arraycopy(next, 0, recent, at + 1, words);
            return false;
        }

        void beginLevel(boolean probeOnly) {
            probe = probeOnly;
            refused = false;
            violationKey = -1;
            violationMask = 0;
            chunkCount = 0;
            records.clear();
        }

        void beginChunk(long start) {
            if (4 * chunkCount + 4 > chunks.length) {
                chunks = java.util.Arrays.copyOf(chunks, chunks.length * 2);
            }
            chunks[4 * chunkCount] = start;
            chunks[4 * chunkCount + 1] = records.size();
        }

        void endChunk() {
            chunks[4 * chunkCount + 2] = records.size();
            chunkCount++;
        }

        @Override
        public void offer(int action, long[] next) {
            if (recent != null && !probe && offeredBefore(next)) {
                return;
            }
            long fp = expander.canonical(next);
            if (seen.contains(fp, expander.rep)) {
                return;
            }
            if (probe) {
                control.stop(RunControl.MAX_DEPTH);
                refused = true;
                return;
            }
            long key = parentPosition * actionCount + action;
            int outcome = levelTable.offer(fp, expander.rep, key);
            if (outcome == LevelTable.LOWERED) {
                long i = records.append();
                if (i < 0) {
                    refused = true;
                    return;
                }
                long[] chunk = records.chunk(i);
                int at = records.offset(i);
                chunk[at] = key;
                chunk[at + 1] = fp;
                System.arraycopy(next, 0, chunk, at + 2, words);
            } else if (outcome == LevelTable.REFUSED) {
                control.stop(RunControl.MAX_STATES);
                refused = true;
            }
        }

        @Override
        public void violation(int action, long[] next, long mask) {
            if (!probe && violationKey < 0) {
                violationKey = parentPosition * actionCount + action;
                violationMask = mask;
            }
        }

        /** Phase 2: keep the records holding their state's smallest key; store those states. */
        void selectWinners() {
            boolean exact = options.exact();
            long write = 0;
            for (int c = 0; c < chunkCount; c++) {
                int at = 4 * c;
                long from = chunks[at + 1];
                long to = chunks[at + 2];
                chunks[at + 1] = write;
                for (long r = from; r < to; r++) {
                    long key = records.get(r, 0);
                    long fp = records.get(r, 1);
                    long[] rep = null;
                    if (exact) {
                        records.copyOut(r, 2, scratch, words);
                        if (symmetry) {
                            expander.worker.representative(scratch, expander.rep);
                            rep = expander.rep;
                        } else {
                            rep = scratch;
                        }
                    }
                    if (levelTable.minimumKey(fp, rep) == key) {
                        seen.insertNew(fp, rep);
                        if (write != r) {
                            records.copyRecord(r, records, write, 0, 2 + words);
                        }
                        write++;
                    }
                }
                chunks[at + 2] = write;
            }
        }

        /** Phase 4: winners to their place in the next frontier, parent links to the file. */
        void copyWinners(LongRecords next, long nextStart) {
            ParentLinks.Writer writer = links.writer();
            for (int c = 0; c < chunkCount; c++) {
                int at = 4 * c;
                long offset = chunks[at + 3];
                for (long r = chunks[at + 1]; r < chunks[at + 2]; r++, offset++) {
                    records.copyRecord(r, next, offset, 2, words);
                    long key = records.get(r, 0);
                    writer.put(nextStart + offset,
                            ParentLinks.link(levelStart + key / actionCount, (int) (key % actionCount), actionCount));
                }
            }
            writer.flush();
        }
    }
}
