package trapcheck.engine;

import java.util.concurrent.atomic.AtomicLong;

/*
 * Every large array the engine allocates (tables, frontiers, record buffers) goes through here: the
 * bytes are reserved against the budget first, and an allocation that would exceed it, or that
 * throws OutOfMemoryError anyway, returns null after recording the stop reason "memory". Callers
 * then unwind and the run ends INCOMPLETE with whatever was explored. Small per-thread scratch is
 * not counted.
 */
final class MemoryBudget {
    /** The largest long[] the JVM reliably allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 16;
    private static final long HEADER = 16;

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final RunControl control;

    MemoryBudget(long requestedBytes, RunControl control) {
        this.limit = requestedBytes > 0 ? requestedBytes : (long) (Runtime.getRuntime().maxMemory() * 0.6);
        this.control = control;
    }

    long limit() {
        return limit;
    }

    long used() {
        return used.get();
    }

    /** A zeroed array of {@code length} longs, or null (and the run stopping) if it does not fit. */
    long[] allocate(long length) {
        long bytes = HEADER + 8 * length;
        if (length > MAX_ARRAY || used.addAndGet(bytes) > limit) {
            if (length <= MAX_ARRAY) {
                used.addAndGet(-bytes);
            }
            control.stop(RunControl.MEMORY);
            return null;
        }
        try {
            return new long[(int) length];
        } catch (OutOfMemoryError e) {
            used.addAndGet(-bytes);
            control.stop(RunControl.MEMORY);
            return null;
        }
    }

    /** Whether {@code length} more longs would fit now (nothing is reserved). */
    boolean fits(long length) {
        return length <= MAX_ARRAY && used.get() + HEADER + 8 * length <= limit;
    }

    void free(long[] array) {
        if (array != null) {
            used.addAndGet(-(HEADER + 8L * array.length));
        }
    }
}
