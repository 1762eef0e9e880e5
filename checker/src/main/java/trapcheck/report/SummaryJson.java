package trapcheck.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine-readable summary of a {@code check} run:
 * {@code {"tool", "version", "interrupted", "results": [{spec, file, verdict, invariants, expected,
 * matched, status, states, transitions, depth, seconds, trace, stoppedBy, threads,
 * collisionProbability, message, actionsNeverFired}]}}.
 */
public final class SummaryJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {
    }

    public static String toJson(String tool, String version, List<SpecOutcome> outcomes, boolean interrupted) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("tool", tool);
        root.put("version", version);
        root.put("interrupted", interrupted);
        ArrayNode results = root.putArray("results");
        for (SpecOutcome o : outcomes) {
            ObjectNode r = results.addObject();
            r.put("spec", o.spec());
            r.put("file", o.file());
            r.put("verdict", o.verdict());
            o.invariants().forEach(r.putArray("invariants")::add);
            if (o.expected() == null) {
                r.putNull("expected");
            } else {
                ObjectNode e = r.putObject("expected");
                e.put("verdict", o.expected().verdict());
                e.put("invariant", o.expected().invariant());
            }
            r.put("matched", o.matched());
            r.put("status", o.status().name().toLowerCase(java.util.Locale.ROOT));
            r.put("states", o.states());
            r.put("transitions", o.transitions());
            r.put("depth", o.depth());
            r.put("seconds", Math.round(o.seconds() * 1000) / 1000.0);
            r.put("trace", o.trace());
            r.put("stoppedBy", o.stoppedBy());
            r.put("threads", o.threads());
            r.put("collisionProbability", o.collisionProbability());
            r.put("message", o.message());
            var never = r.putArray("actionsNeverFired");
            o.neverFired().forEach(never::add);
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the summary atomically. */
    public static void write(Path file, String tool, String version, List<SpecOutcome> outcomes, boolean interrupted)
            throws IOException {
        AtomicFiles.writeString(file, toJson(tool, version, outcomes, interrupted));
    }
}
