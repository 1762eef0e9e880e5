package trapcheck.engine;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/*
 * Phases 2-4 of a BFS level whose candidates are in one level table (BreadthFirstSearch), spread
 * evenly over the workers and run beside the between-level steps that need no winner.
 *
 * Phases 2 (select) and 4 (copy) go chunk by chunk: each worker claims the next chunk of the level,
 * whichever worker expanded it, so none waits while another still has chunks of its own. The
 * between-level steps (the grounded states' marks, the seen set's growth, the next level's storage)
 * used to run on one thread while the others waited; now they run in their usual order on the first
 * worker to arrive in phase 2, which then selects too. Selection reads only the level table and the
 * records (with fingerprints the winners enter the seen set in phase 4), and neither allocates nor
 * frees, so the steps see exactly the memory budget and the seen set they would see alone: what goes
 * to disk and what the budget refuses do not depend on the thread count or the timing.
 */
final class LevelMerge {
    private final LevelWorker[] workers;
    /** The chunks in frontier order, [worker, chunk] pairs (LevelWorker.chunkOrder). */
    private final int[] order;
    private final AtomicInteger nextChunk = new AtomicInteger();
    private final AtomicBoolean stepsClaimed = new AtomicBoolean();

    LevelMerge(LevelWorker[] workers) {
        this.workers = workers;
        this.order = LevelWorker.chunkOrder(workers);
    }

    /** Phase 2 for worker {@code index}; the first worker to arrive runs {@code steps} (unless null) first. */
    void select(int index, Runnable steps) {
        if (steps != null && stepsClaimed.compareAndSet(false, true)) {
            steps.run();
        }
        LevelWorker w = workers[index];
        for (int k = nextChunk.getAndIncrement(); 2 * k < order.length; k = nextChunk.getAndIncrement()) {
            w.selectChunk(workers[order[2 * k]], order[2 * k + 1]);
        }
    }

    /** Phase 3 (one thread, after phase 2): the winners' offsets; returns how many winners. */
    long place() {
        nextChunk.set(0);
        return LevelWorker.place(workers, order);
    }

    /** Phase 4 for worker {@code index}, after place: see LevelWorker.copyChunk. */
    void copy(int index, Frontier.Next next, long levelStart, long nextStart, LongRecords fingerprints,
              ParentLinks links) {
        LevelWorker w = workers[index];
        ParentLinks.Writer writer = links.writer();
        for (int k = nextChunk.getAndIncrement(); 2 * k < order.length; k = nextChunk.getAndIncrement()) {
            w.copyChunk(workers[order[2 * k]], order[2 * k + 1], next, levelStart, nextStart, fingerprints, writer);
        }
        writer.flush();
    }
}
