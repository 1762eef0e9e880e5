package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trapcheck.kvm.KvmProvider;

/** {@code check --sarif}: valid against the official SARIF 2.1.0 schema, one result per finding, at the spec's line. */
class SarifTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Schema sarifSchema() throws Exception {
        return JsonSchemas.resource("/sarif/sarif-schema-2.1.0.json");
    }

    @Test
    void everyKindOfFindingIsAResultAndTheLogIsValidSarif(@TempDir Path dir) throws Exception {
        Path specs = TallyTest.mixed(dir); // ok (violated as expected), mismatch (holds), invalid, ok-too (holds)
        Cli.spec(specs, "6-unexpected.yaml", "name=unexpected", "expect=holds"); // violated, expected holds
        Path sarif = dir.resolve("out/trapcheck.sarif");
        Cli.Run r = Cli.run("check", specs.toString(), "--out", dir.resolve("out").toString(), "--sarif",
                sarif.toString(), "-q");
        assertEquals(2, r.exit(), r.err());
        JsonNode log = JSON.readTree(sarif.toFile());
        assertEquals(List.of(), JsonSchemas.errors(sarifSchema(), log));
        assertEquals("2.1.0", log.get("version").asText());
        JsonNode run = log.get("runs").get(0);
        assertEquals("trapcheck", run.get("tool").get("driver").get("name").asText());
        List<String> found = new ArrayList<>();
        for (JsonNode result : run.get("results")) {
            found.add(result.get("ruleId").asText() + " " + result.get("level").asText() + " "
                    + result.get("partialFingerprints").get("trapcheckSpec/v1").asText());
            String rule = run.get("tool").get("driver").get("rules").get(result.get("ruleIndex").asInt()).get("id")
                    .asText();
            assertEquals(result.get("ruleId").asText(), rule, "ruleIndex points at the rule");
        }
        assertEquals(List.of("not-both-max note ok", "unexpected-hold error mismatch", "invalid-spec error 3-bad",
                "not-both-max error unexpected"), found);

        JsonNode invalid = run.get("results").get(2);
        JsonNode where = invalid.get("locations").get(0).get("physicalLocation");
        assertEquals(specs.resolve("3-bad.yaml").toUri().toString(), where.get("artifactLocation").get("uri").asText(),
                "an absolute path is a file: URI");
        assertEquals(4, where.get("region").get("startLine").asInt());
        assertEquals(3, where.get("region").get("startColumn").asInt());

        JsonNode flow = run.get("results").get(3).get("codeFlows").get(0).get("threadFlows").get(0).get("locations");
        assertEquals(6, flow.size(), "the initial state and the five steps");
        assertEquals("step 5: right increments 1 -> 2 (breaks not-both-max, sum-at-most-4)",
                flow.get(5).get("location").get("message").get("text").asText());
        assertEquals("one -> two", flow.get(5).get("state").get("right.count").get("text").asText());
        assertEquals("essential", flow.get(5).get("importance").asText(), "the step that breaks it");
    }

    @Test
    void aLibraryCounterexampleIsLocatedAtItsExpectLine(@TempDir Path dir) throws Exception {
        // Relative to the working directory, as a CI job gives specs/: the URI stays relative.
        Path spec = JsonSchemas.repositoryFile("specs/broken-address-without-generic.yaml");
        Path sarif = dir.resolve("log.sarif");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(() -> List.of(new KvmProvider()), Engine.standard(), new PrintWriter(out, true),
                new PrintWriter(err, true), false, new Interruption());
        int exit = Main.run(new String[] {"check", spec.toString(), "--out", dir.resolve("out").toString(), "--sarif",
            sarif.toString(), "-q", "-j", "2"}, env);
        assertEquals(0, exit, out + "\n" + err);
        JsonNode log = JSON.readTree(sarif.toFile());
        assertEquals(List.of(), JsonSchemas.errors(sarifSchema(), log));
        JsonNode result = log.get("runs").get(0).get("results").get(0);
        assertEquals("note", result.get("level").asText(), "a violation the spec expects");
        JsonNode where = result.get("locations").get(0).get("physicalLocation");
        assertEquals(SarifLogUri.relative(spec), where.get("artifactLocation").get("uri").asText());
        List<String> lines = Files.readAllLines(spec);
        int expectLine = where.get("region").get("startLine").asInt();
        assertTrue(lines.get(expectLine - 1).startsWith("expect:"), lines.get(expectLine - 1));
        assertFalse(result.get("codeFlows").get(0).get("threadFlows").get(0).get("locations").isEmpty());
    }

    @Test
    void theSchemaCatchesAnInvalidLog(@TempDir Path dir) throws Exception {
        Path sarif = dir.resolve("log.sarif");
        Cli.run("check", TallyTest.mixed(dir).toString(), "--out", dir.resolve("out").toString(), "--sarif",
                sarif.toString(), "-q");
        ObjectNode log = (ObjectNode) JSON.readTree(sarif.toFile());
        ((ObjectNode) log.get("runs").get(0).get("results").get(0)).put("level", "fatal");
        assertFalse(JsonSchemas.errors(sarifSchema(), log).isEmpty(), "level is an enum in SARIF");
    }

    /** The URI the log gives a relative path: forward slashes, no leading ./ */
    static final class SarifLogUri {
        static String relative(Path p) {
            return p.normalize().toString().replace('\\', '/');
        }
    }
}
