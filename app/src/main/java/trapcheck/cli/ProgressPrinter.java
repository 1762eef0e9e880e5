package trapcheck.cli;

import java.io.PrintWriter;
import java.util.Locale;
import trapcheck.engine.ProgressListener;

/**
 * The TLC-like progress line on stderr:
 * {@code progress: level 12, 1,234,567 distinct, 6,543,210 generated, 45,678 queued, 812,345 states/s,
 * heap 512 MiB, 4.1 s} (and, once a BFS spills past --memory, {@code disk 1,024 MiB, 40,000,000 states on
 * disk} before the time), followed by the spec's name in parentheses; and the engine's warnings
 * ({@code trapcheck: warning: spec-name: ...}), which are printed even when progress is not.
 */
final class ProgressPrinter implements ProgressListener {
    private final PrintWriter err;
    private final String specName;
    private final String suffix;
    private final boolean shown;

    ProgressPrinter(PrintWriter err, String specName) {
        this(err, specName, true);
    }

    /** {@code shown}: whether progress lines are printed (warnings always are). */
    ProgressPrinter(PrintWriter err, String specName, boolean shown) {
        this.err = err;
        this.specName = specName;
        this.suffix = specName == null ? "" : "  (" + specName + ")";
        this.shown = shown;
    }

    /** Whether progress lines are printed (warnings always are). */
    boolean showsProgress() {
        return shown;
    }

    @Override
    public void warning(String message) {
        synchronized (err) {
            err.println("trapcheck: warning: " + (specName == null ? "" : specName + ": ") + message);
            err.flush();
        }
    }

    static String line(Progress p) {
        String disk = p.diskBytes() == 0 ? ""
                : String.format(Locale.ROOT, "disk %,d MiB, %,d states on disk, ", p.diskBytes() >> 20, p.diskStates());
        return String.format(Locale.ROOT, "level %d, %,d distinct, %,d generated, %,d queued, %,d states/s, "
                        + "heap %,d MiB, %s%.1f s",
                p.depth(), p.distinct(), p.generated(), p.queue(), Math.round(p.statesPerSecond()),
                p.heapUsedBytes() >> 20, disk, p.seconds());
    }

    @Override
    public void progress(Progress p) {
        if (!shown) {
            return;
        }
        synchronized (err) {
            err.println("progress: " + line(p) + suffix);
            err.flush();
        }
    }
}
