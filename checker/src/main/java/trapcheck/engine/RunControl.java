package trapcheck.engine;

import java.util.concurrent.atomic.AtomicReference;

/*
 * Why a run stops, shared by all worker threads. The first reason recorded wins. Searches poll
 * stopped() at chunk boundaries (a BFS chunk or a DFS batch is at most 1024 states; a random walk
 * polls every 64 steps), so the clock is read rarely enough to be free.
 */
final class RunControl {
    static final String MAX_STATES = "max-states";
    static final String MAX_DEPTH = "max-depth";
    static final String MAX_SECONDS = "max-seconds";
    static final String MEMORY = "memory";
    /** The start of the reason when a scratch file could not be written (diskFailure). */
    static final String DISK = "disk";

    private final AtomicReference<String> reason = new AtomicReference<>();
    private final StopSignal signal;
    private final long startNanos;
    private final long deadlineNanos;
    private final boolean hasDeadline;
    private volatile boolean fromSignal;

    RunControl(Options options) {
        this.signal = options.stop();
        this.startNanos = System.nanoTime();
        this.hasDeadline = options.maxSeconds() > 0;
        this.deadlineNanos = startNanos + (long) (options.maxSeconds() * 1e9);
    }

    boolean stopped() {
        if (reason.get() != null) {
            return true;
        }
        if (signal.requested()) {
            if (reason.compareAndSet(null, signal.reason())) {
                fromSignal = true;
            }
            return true;
        }
        if (hasDeadline && System.nanoTime() - deadlineNanos >= 0) {
            stop(MAX_SECONDS);
            return true;
        }
        return false;
    }

    void stop(String why) {
        reason.compareAndSet(null, why);
    }

    /** The stop reason when {@code what} could not be written in {@code dir} (null: the OS temp folder). */
    static String diskFailure(String what, java.nio.file.Path dir, java.io.IOException e) {
        return DISK + ": cannot write " + what + " in "
                + (dir == null ? "the temp folder " + System.getProperty("java.io.tmpdir") : dir.toString())
                + " (" + Checkpoint.describe(e) + ")";
    }

    String reason() {
        return reason.get();
    }

    /** Stops that a checkpoint should survive: an interrupt or the clock, not a limit on the space. */
    boolean resumableStop() {
        String r = reason.get();
        return r != null && (fromSignal || MAX_SECONDS.equals(r));
    }

    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
