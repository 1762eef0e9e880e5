package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trapcheck.engine.Explorer;
import trapcheck.kvm.KvmProvider;

/**
 * A spec that extends another: the trace and the summary record both files with their hashes, and
 * replay says which of them changed since the trace was written; a trace written before traces
 * recorded the files still replays.
 */
class ExtendedSpecTraceTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path LIBRARY = Path.of("..", "specs");

    @TempDir
    Path dir;

    private Cli.Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(() -> List.of(new KvmProvider()), Explorer::explore,
                new PrintWriter(out, true), new PrintWriter(err, true), false, new Interruption());
        return Cli.run(env, out, err, args);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @Test
    void bothFilesAreRecordedAndReplayNamesTheOneThatChanged() throws Exception {
        Path base = Files.copy(LIBRARY.resolve("v5.8-early-hyp-trap.yaml"), dir.resolve("v5.8-early-hyp-trap.yaml"));
        Path spec = Files.copy(LIBRARY.resolve("broken-hyp-fixup-no-hcr-write.yaml"),
                dir.resolve("broken-hyp-fixup-no-hcr-write.yaml"));
        Path out = dir.resolve("out");
        Path summary = dir.resolve("summary.json");
        Cli.Run check = run("check", spec.toString(), base.toString(), "--out", out.toString(), "--summary",
                summary.toString(), "--threads", "1");
        assertEquals(0, check.exit(), check.err());

        String sources = "[{\"path\":\"" + spec + "\",\"sha256\":\"" + sha256(spec) + "\"},{\"path\":\"" + base
                + "\",\"sha256\":\"" + sha256(base) + "\"}]";
        JsonNode results = JSON.readTree(summary.toFile()).get("results");
        assertEquals(sources, results.get(0).get("sources").toString());
        assertFalse(results.get(1).has("sources"), "a spec of one file lists no sources: " + results.get(1));
        Path trace = out.resolve("broken-hyp-fixup-no-hcr-write.trace.json");
        assertEquals(sources, JSON.readTree(trace.toFile()).get("spec").get("sources").toString());

        Cli.Run clean = run("replay", "--quiet", trace.toString());
        assertEquals(0, clean.exit(), clean.err());
        assertEquals("", clean.err());

        Files.writeString(base, Files.readString(base) + "# an edit\n");
        Cli.Run afterBaseEdit = run("replay", "--quiet", trace.toString());
        assertEquals(0, afterBaseEdit.exit(), afterBaseEdit.err());
        assertEquals(List.of("trapcheck: warning: " + base + " (a base of " + spec + ") has changed since the trace was "
                + "written (sha256 " + hash12(spec, base) + ", recorded " + recorded12(trace) + "); replaying anyway"),
                afterBaseEdit.err().lines().toList());

        Files.writeString(spec, Files.readString(spec) + "# an edit\n");
        Cli.Run afterBoth = run("replay", "--quiet", trace.toString());
        assertEquals("trapcheck: warning: " + spec + " and " + base + " (a base of " + spec + ") have changed",
                afterBoth.err().substring(0, afterBoth.err().indexOf(" since")));

        // A trace written before traces recorded their files: only the combined hash to go by.
        ObjectNode old = (ObjectNode) JSON.readTree(trace.toFile());
        ((ObjectNode) old.get("spec")).remove("sources");
        Path oldTrace = Files.writeString(dir.resolve("old.trace.json"), old.toPrettyString());
        Cli.Run oldReplay = run("replay", "--quiet", oldTrace.toString());
        assertEquals(0, oldReplay.exit(), oldReplay.err());
        assertEquals("trapcheck: warning: " + spec + " or a spec it extends has changed",
                oldReplay.err().substring(0, oldReplay.err().indexOf(" since")));
    }

    private String hash12(Path spec, Path base) throws Exception {
        String lines = sha256(spec) + "\n" + sha256(base) + "\n";
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(lines.getBytes())).substring(0, 12);
    }

    private static String recorded12(Path trace) throws Exception {
        return JSON.readTree(trace.toFile()).get("spec").get("sha256").asText().substring(0, 12);
    }
}
