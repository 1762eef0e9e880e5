package trapcheck.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import trapcheck.engine.Verdict;
import trapcheck.report.AtomicFiles;
import trapcheck.report.JsonFiles;
import trapcheck.report.SpecOutcome;
import trapcheck.spi.CheckTarget;

/**
 * The results of {@code trapcheck bench} as JSON:
 * {@code {"tool", "version", "interrupted", "machine": {cores, maxHeapBytes, java, vm, os, arch},
 * "settings": {threads, exact, symmetry, maxSeconds, memoryMb, ladder}, "runs": [{spec, file, name, rung,
 * sizes, verdict, invariants, traceSteps, status, stoppedBy, message, states, transitions, depth, seconds,
 * setupSeconds, statesPerSecond, seenBytes, bytesPerState, peakHeapBytes, threads, symmetry, exact,
 * collisionProbability, partialOrder, spilledStates, spilledBytes, spilledWindows}]}}. {@code seconds} is
 * the exploration's wall time (time to verdict); {@code setupSeconds} building the scaled model; {@code partialOrder} whether
 * the rung was searched with partial-order reduction (its counts are then of the reduced space);
 * {@code spilledStates}, {@code spilledBytes} and {@code spilledWindows} what went to disk past
 * {@code --memory} (0 when nothing did; see {@link trapcheck.engine.Statistics}).
 */
final class BenchJson {

    private BenchJson() {
    }

    /** The JVM and machine the ladder ran on. */
    record Machine(int cores, long maxHeapBytes, String java, String vm, String os, String arch) {
        Machine {
            os = os.trim();
        }

        static Machine current() {
            return new Machine(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(),
                    String.valueOf(Runtime.version()), System.getProperty("java.vm.name", "?"),
                    System.getProperty("os.name", "?") + " " + System.getProperty("os.version", ""),
                    System.getProperty("os.arch", "?"));
        }

        String line() {
            return String.format(Locale.ROOT, "machine: %d cores, max heap %,d MiB, java %s (%s), %s %s", cores,
                    maxHeapBytes >> 20, java, vm, os, arch);
        }
    }

    /** The command's settings, as given. */
    record Settings(int threads, boolean exact, boolean symmetry, double maxSeconds, long memoryMb, List<String> ladder) {
    }

    /** One rung. {@code traceSteps} is -1 without a counterexample; verdict null for an error. */
    record Run(String spec, String file, String name, String rung, int[] sizes, List<String> dimensions,
               Verdict verdict, List<String> invariants, int traceSteps, SpecOutcome.Status status, String stoppedBy,
               String message, long distinct, long transitions, int depth, double seconds, double setupSeconds,
               double statesPerSecond, long seenBytes, double bytesPerState, long peakHeapBytes, int threads,
               boolean symmetry, boolean exact, double collisionProbability, boolean partialOrder,
               long spilledStates, long spilledBytes, long spilledWindows) {

        static Run error(CheckTarget base, String rung, int[] sizes, int threads, String message) {
            return new Run(base.name(), base.file().toString(), base.name() + "@" + rung, rung, sizes,
                    base.scaleDimensions(), null, List.of(), -1, SpecOutcome.Status.ERROR, null, message, 0, 0, 0,
                    0, 0, 0, 0, 0, 0, threads, false, false, 0, false, 0, 0, 0);
        }

        /** "holds", "violated: host-keys-intact (22 steps)", "incomplete (max-seconds)". */
        String verdictText() {
            if (verdict == null) {
                return "error";
            }
            return switch (verdict) {
                case HOLDS -> "holds";
                case VIOLATED -> "violated: " + String.join(",", invariants)
                        + (traceSteps >= 0 ? " (" + traceSteps + " steps)" : "");
                case INCOMPLETE -> "incomplete (" + stoppedBy + ")";
            };
        }
    }

    /** The bench file. */
    record File(String tool, String version, boolean interrupted, Machine machine, Settings settings,
                List<RunJson> runs) {
    }

    /**
     * One rung as the file has it: sizes by dimension name, the verdict word ("error" for an error),
     * {@code traceSteps} null without a counterexample, times rounded to milliseconds, rates to units.
     */
    record RunJson(String spec, String file, String name, String rung, Map<String, Integer> sizes, String verdict,
                   List<String> invariants, Integer traceSteps, String status, String stoppedBy, String message,
                   long states, long transitions, int depth, double seconds, double setupSeconds, long statesPerSecond,
                   long seenBytes, double bytesPerState, long peakHeapBytes, int threads, boolean symmetry,
                   boolean exact, double collisionProbability, boolean partialOrder, long spilledStates,
                   long spilledBytes, long spilledWindows) {

        static RunJson of(Run r) {
            Map<String, Integer> sizes = new LinkedHashMap<>();
            for (int i = 0; i < r.sizes().length && i < r.dimensions().size(); i++) {
                sizes.put(r.dimensions().get(i), r.sizes()[i]);
            }
            return new RunJson(r.spec(), r.file(), r.name(), r.rung(), sizes,
                    r.verdict() == null ? "error" : r.verdict().word(), r.invariants(),
                    r.traceSteps() >= 0 ? r.traceSteps() : null, r.status().name().toLowerCase(Locale.ROOT),
                    r.stoppedBy(), r.message(), r.distinct(), r.transitions(), r.depth(), round3(r.seconds()),
                    round3(r.setupSeconds()), Math.round(r.statesPerSecond()), r.seenBytes(),
                    Math.round(r.bytesPerState() * 100) / 100.0, r.peakHeapBytes(), r.threads(), r.symmetry(),
                    r.exact(), r.collisionProbability(), r.partialOrder(), r.spilledStates(), r.spilledBytes(),
                    r.spilledWindows());
        }
    }

    static String toJson(Settings settings, Machine machine, List<Run> runs, boolean interrupted) {
        return JsonFiles.toJson(new File(Version.NAME, Version.VERSION, interrupted, machine, settings,
                runs.stream().map(RunJson::of).toList()));
    }

    private static double round3(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    static void write(Path file, Settings settings, Machine machine, List<Run> runs, boolean interrupted)
            throws IOException {
        AtomicFiles.writeString(file, toJson(settings, machine, runs, interrupted));
    }
}
