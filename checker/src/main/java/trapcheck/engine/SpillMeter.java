package trapcheck.engine;

import java.util.concurrent.atomic.AtomicLong;

/*
 * How much a run holds on disk in its spill files (SpillFile), now and at most, how many states
 * its seen set moved there and how many level windows went there: the figures the statistics and
 * the progress line report.
 */
final class SpillMeter {
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private volatile long states;
    /** Level windows flushed to disk (LevelWindows), over the run. */
    private final AtomicLong windows = new AtomicLong();
    /** Where bytes are counted: this meter, or the run's for a meter of bytesOnly. */
    private final SpillMeter bytesTo;

    SpillMeter() {
        this.bytesTo = this;
    }

    private SpillMeter(SpillMeter bytesTo) {
        this.bytesTo = bytesTo;
    }

    /** A meter whose bytes count in this one's and whose states are its own (not the seen set's). */
    SpillMeter bytesOnly() {
        return new SpillMeter(this);
    }

    void add(long n) {
        if (bytesTo != this) {
            bytesTo.add(n);
            return;
        }
        long now = bytes.addAndGet(n);
        peak.accumulateAndGet(now, Math::max);
    }

    void remove(long n) {
        if (bytesTo != this) {
            bytesTo.remove(n);
            return;
        }
        bytes.addAndGet(-n);
    }

    /** Bytes the spill files hold now. */
    long bytes() {
        return bytes.get();
    }

    /** The most bytes the spill files held at once. */
    long peakBytes() {
        return peak.get();
    }

    /** States of the seen set held on disk. */
    long states() {
        return states;
    }

    void addWindow() {
        windows.incrementAndGet();
    }

    /** Level windows the run flushed to disk. */
    long windows() {
        return windows.get();
    }

    void setStates(long n) {
        states = n;
    }
}
