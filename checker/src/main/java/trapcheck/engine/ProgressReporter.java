package trapcheck.engine;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/*
 * A daemon timer that samples the heap (for peakHeapBytes) and, every progressInterval, hands the
 * listener a snapshot of the search. The snapshot reads the workers' counters racily: they are
 * published at chunk boundaries and may be a chunk old, which is fine for a progress line and
 * costs the hot loop nothing. The listener is called on the timer thread.
 */
final class ProgressReporter implements AutoCloseable {
    private final ScheduledExecutorService timer;

    ProgressReporter(Options options, RunControl control, HeapSampler heap, Search search) {
        long intervalNanos = Math.max(1_000_000L, options.progressInterval().toNanos());
        long tickNanos = Math.min(intervalNanos, 500_000_000L);
        boolean reports = options.progress() != ProgressListener.NONE;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "trapcheck-progress");
            t.setDaemon(true);
            return t;
        });
        long[] lastReport = {System.nanoTime()};
        timer.scheduleAtFixedRate(() -> {
            long used = heap.sample();
            long now = System.nanoTime();
            if (reports && now - lastReport[0] >= intervalNanos && !search.finished()) {
                lastReport[0] = now;
                try {
                    options.progress().progress(search.progress(control.seconds(), used));
                } catch (RuntimeException e) {
                    // a failing listener must not stop the exploration
                }
            }
        }, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
