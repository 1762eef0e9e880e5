package trapcheck.cli;

import java.nio.charset.Charset;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The JVM heap is one of trapcheck's limits, and is said so in one line with exit 3, never as an
 * OutOfMemoryError: a heap under {@value #MIN_MIB} MiB is refused at start ("the JVM heap is too small
 * for trapcheck (8 MiB)"), and an OutOfMemoryError that escapes a thread (the engine ends a run that
 * exhausts its own budget as incomplete; this is for the rest, such as the progress thread) prints
 * the same advice once and makes the exit code at least 3. Another exception escaping a thread is
 * an internal error in one line, exit 70 (see {@link Main}).
 */
final class HeapGuard {
    /** Below this, trapcheck cannot load a spec library and report on it (measured: 12 MiB suffice). */
    static final int MIN_MIB = 16;

    private static final AtomicBoolean EXHAUSTED = new AtomicBoolean();
    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private final long maxMib;

    private HeapGuard(long maxMib) {
        this.maxMib = maxMib;
    }

    /** Reads the heap size and handles what escapes every thread from now on. */
    static HeapGuard install() {
        // Formatted now: once the heap is exhausted, building a message may fail too.
        byte[] advice = (exhaustedMessage() + System.lineSeparator()).getBytes(Charset.defaultCharset());
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (e instanceof OutOfMemoryError) {
                if (EXHAUSTED.compareAndSet(false, true)) {
                    System.err.write(advice, 0, advice.length);
                    System.err.flush();
                }
            } else {
                FAILED.set(true);
                System.err.println("trapcheck: internal error in thread " + thread.getName() + ": "
                        + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                        + " (rerun with --debug for the stack trace)");
            }
        });
        return new HeapGuard(Math.round(Runtime.getRuntime().maxMemory() / 1048576.0));
    }

    boolean tooSmall() {
        return maxMib < MIN_MIB;
    }

    String tooSmallMessage() {
        return "trapcheck: the JVM heap is too small for trapcheck (" + maxMib + " MiB): it needs at least " + MIN_MIB
                + " MiB (TRAPCHECK_JAVA_OPTS=-Xmx2g, say)";
    }

    /** Whether a thread ran out of heap (the exit code is then at least 3). */
    boolean exhausted() {
        return EXHAUSTED.get();
    }

    /** Whether another exception escaped a thread (exit 70). */
    boolean failed() {
        return FAILED.get();
    }

    static String exhaustedMessage() {
        return "trapcheck: out of memory: the JVM heap (" + Math.round(Runtime.getRuntime().maxMemory() / 1048576.0)
                + " MiB) is too small for this run: give the JVM more (TRAPCHECK_JAVA_OPTS=-Xmx8g), or bound the run"
                + " with --memory or --max-states";
    }
}
