package trapcheck.cli;

import java.io.PrintWriter;
import java.util.Locale;
import trapcheck.engine.ProgressListener;

/**
 * The TLC-like progress line on stderr:
 * {@code progress: level 12, 1,234,567 distinct, 6,543,210 generated, 45,678 queued, 812,345 states/s,
 * heap 512 MiB, 4.1 s}, followed by the spec's name in parentheses.
 */
final class ProgressPrinter implements ProgressListener {
    private final PrintWriter err;
    private final String suffix;

    ProgressPrinter(PrintWriter err, String specName) {
        this.err = err;
        this.suffix = specName == null ? "" : "  (" + specName + ")";
    }

    static String line(Progress p) {
        return String.format(Locale.ROOT, "level %d, %,d distinct, %,d generated, %,d queued, %,d states/s, "
                        + "heap %,d MiB, %.1f s",
                p.depth(), p.distinct(), p.generated(), p.queue(), Math.round(p.statesPerSecond()),
                p.heapUsedBytes() >> 20, p.seconds());
    }

    @Override
    public void progress(Progress p) {
        synchronized (err) {
            err.println("progress: " + line(p) + suffix);
            err.flush();
        }
    }
}
