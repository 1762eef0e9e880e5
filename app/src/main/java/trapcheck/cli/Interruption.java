package trapcheck.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import trapcheck.engine.StopSignal;

/**
 * Connects a SIGINT/SIGTERM shutdown hook with the running command: the hook calls
 * {@link #interrupt()}, which stops the current exploration (reason "interrupted"); the command writes
 * its reports, calls {@link #finished()}, and the hook, which waited in {@link #awaitFinished}, ends
 * the JVM with exit code 130.
 */
public final class Interruption {
    public static final String REASON = "interrupted";

    private volatile boolean requested;
    private volatile StopSignal current;
    private final CountDownLatch finished = new CountDownLatch(1);

    /** A stop signal for the next exploration, already requested if an interrupt came first. */
    public StopSignal newSignal() {
        StopSignal s = new StopSignal();
        current = s;
        if (requested) {
            s.request(REASON);
        }
        return s;
    }

    /** Asks the running command to stop; safe from any thread, idempotent. */
    public void interrupt() {
        requested = true;
        StopSignal s = current;
        if (s != null) {
            s.request(REASON);
        }
    }

    public boolean requested() {
        return requested;
    }

    /** The command has written everything it will write. */
    public void finished() {
        finished.countDown();
    }

    /** Waits for {@link #finished()}; false if the wait timed out or was interrupted. */
    public boolean awaitFinished(Duration timeout) {
        try {
            return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
