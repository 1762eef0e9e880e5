package trapcheck.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/*
 * Runs one phase of a BFS level on every worker index and waits for all of them: on a fixed pool
 * of daemon threads, or in index order on the calling thread (one thread, or a level too small to
 * be worth the hand-off). The hand-offs give the happens-before edges between phases. A worker's
 * task may run on a different pool thread in each phase, never on two at once.
 *
 * Running out of heap inside a task stops the run ("memory") instead of failing it; any other
 * exception of a task is rethrown here once every task has ended.
 */
final class WorkerPool implements AutoCloseable {
    private final int workers;
    private final RunControl control;
    private final ExecutorService pool;

    WorkerPool(int workers, RunControl control) {
        this.workers = workers;
        this.control = control;
        this.pool = workers == 1 ? null : Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "trapcheck-bfs");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} for every worker index, in parallel if {@code parallel} and there is a pool. */
    void run(IntConsumer task, boolean parallel) {
        if (pool == null || !parallel) {
            for (int i = 0; i < workers; i++) {
                runGuarded(task, i);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>(workers);
        for (int i = 0; i < workers; i++) {
            int index = i;
            futures.add(pool.submit(() -> runGuarded(task, index)));
        }
        RuntimeException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
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
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
