package trapcheck.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import trapcheck.engine.Verdict;
import trapcheck.report.AtomicFiles;
import trapcheck.report.SpecOutcome;
import trapcheck.spi.CheckTarget;

/**
 * The results of {@code trapcheck bench} as JSON:
 * {@code {"tool", "version", "interrupted", "machine": {cores, maxHeapBytes, java, vm, os, arch},
 * "settings": {threads, exact, symmetry, maxSeconds, memoryMb, ladder}, "runs": [{spec, file, name, rung,
 * sizes, verdict, invariants, traceSteps, status, stoppedBy, message, states, transitions, depth, seconds,
 * setupSeconds, statesPerSecond, seenBytes, bytesPerState, peakHeapBytes, threads, symmetry, exact,
 * collisionProbability}]}}. {@code seconds} is the exploration's wall time (time to verdict);
 * {@code setupSeconds} building the scaled model.
 */
final class BenchJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchJson() {
    }

    /** The JVM and machine the ladder ran on. */
    record Machine(int cores, long maxHeapBytes, String java, String vm, String os, String arch) {
        static Machine current() {
            return new Machine(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory(),
                    String.valueOf(Runtime.version()), System.getProperty("java.vm.name", "?"),
                    System.getProperty("os.name", "?") + " " + System.getProperty("os.version", ""),
                    System.getProperty("os.arch", "?"));
        }

        String line() {
            return String.format(Locale.ROOT, "machine: %d cores, max heap %,d MiB, java %s (%s), %s %s", cores,
                    maxHeapBytes >> 20, java, vm, os.trim(), arch);
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
               boolean symmetry, boolean exact, double collisionProbability) {

        static Run error(CheckTarget base, String rung, int[] sizes, int threads, String message) {
            return new Run(base.name(), base.file().toString(), base.name() + "@" + rung, rung, sizes,
                    base.scaleDimensions(), null, List.of(), -1, SpecOutcome.Status.ERROR, null, message, 0, 0, 0,
                    0, 0, 0, 0, 0, 0, threads, false, false, 0);
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

    static String toJson(Settings settings, Machine machine, List<Run> runs, boolean interrupted) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("tool", Version.NAME);
        root.put("version", Version.VERSION);
        root.put("interrupted", interrupted);
        ObjectNode m = root.putObject("machine");
        m.put("cores", machine.cores());
        m.put("maxHeapBytes", machine.maxHeapBytes());
        m.put("java", machine.java());
        m.put("vm", machine.vm());
        m.put("os", machine.os().trim());
        m.put("arch", machine.arch());
        ObjectNode s = root.putObject("settings");
        s.put("threads", settings.threads());
        s.put("exact", settings.exact());
        s.put("symmetry", settings.symmetry());
        s.put("maxSeconds", settings.maxSeconds());
        s.put("memoryMb", settings.memoryMb());
        settings.ladder().forEach(s.putArray("ladder")::add);
        ArrayNode array = root.putArray("runs");
        for (Run r : runs) {
            ObjectNode o = array.addObject();
            o.put("spec", r.spec());
            o.put("file", r.file());
            o.put("name", r.name());
            o.put("rung", r.rung());
            ObjectNode sizes = o.putObject("sizes");
            for (int i = 0; i < r.sizes().length && i < r.dimensions().size(); i++) {
                sizes.put(r.dimensions().get(i), r.sizes()[i]);
            }
            o.put("verdict", r.verdict() == null ? "error" : r.verdict().word());
            r.invariants().forEach(o.putArray("invariants")::add);
            if (r.traceSteps() >= 0) {
                o.put("traceSteps", r.traceSteps());
            } else {
                o.putNull("traceSteps");
            }
            o.put("status", r.status().name().toLowerCase(Locale.ROOT));
            o.put("stoppedBy", r.stoppedBy());
            o.put("message", r.message());
            o.put("states", r.distinct());
            o.put("transitions", r.transitions());
            o.put("depth", r.depth());
            o.put("seconds", round3(r.seconds()));
            o.put("setupSeconds", round3(r.setupSeconds()));
            o.put("statesPerSecond", Math.round(r.statesPerSecond()));
            o.put("seenBytes", r.seenBytes());
            o.put("bytesPerState", Math.round(r.bytesPerState() * 100) / 100.0);
            o.put("peakHeapBytes", r.peakHeapBytes());
            o.put("threads", r.threads());
            o.put("symmetry", r.symmetry());
            o.put("exact", r.exact());
            o.put("collisionProbability", r.collisionProbability());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round3(double x) {
        return Math.round(x * 1000) / 1000.0;
    }

    static void write(Path file, Settings settings, Machine machine, List<Run> runs, boolean interrupted)
            throws IOException {
        AtomicFiles.writeString(file, toJson(settings, machine, runs, interrupted));
    }
}
