package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trapcheck.kvm.KvmProvider;

/** Real summaries, of library specs and of every outcome the fixture gives, against reports/summary.schema.json. */
class SummarySchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static Schema schema() throws Exception {
        return JsonSchemas.load(JsonSchemas.repositoryFile("reports/summary.schema.json"));
    }

    @Test
    void aLibrarySummaryMatchesTheSchema(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("summary.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(() -> List.of(new KvmProvider()), Engine.standard(), new PrintWriter(out, true),
                new PrintWriter(err, true), false, new Interruption());
        // A spec that holds, one that breaks its expected invariant, one that extends another (sources).
        int exit = Main.run(new String[] {"check", JsonSchemas.repositoryFile("specs/v5.7-stable-fix.yaml").toString(),
            JsonSchemas.repositoryFile("specs/broken-address-without-generic.yaml").toString(),
            JsonSchemas.repositoryFile("specs/broken-no-save-guest-keys.yaml").toString(), "--out",
            dir.resolve("out").toString(), "--summary", summary.toString(), "-q", "-j", "2"}, env);
        assertEquals(0, exit, out + "\n" + err);
        JsonNode doc = JSON.readTree(summary.toFile());
        assertEquals(3, doc.get("results").size());
        assertEquals(List.of(), JsonSchemas.errors(schema(), doc));
    }

    @Test
    void everyOutcomeOfTheFixtureMatchesTheSchema(@TempDir Path dir) throws Exception {
        Path specs = TallyTest.mixed(dir);
        Cli.spec(specs, "5-recheck.yaml", "name=recheck", "selectable=yes", "initial=4,0", "expect=violated/not-both-max");
        Path summary = dir.resolve("summary.json");
        Cli.Run r = Cli.run("check", specs.toString(), "--out", dir.resolve("out").toString(), "--summary",
                summary.toString(), "-q");
        assertEquals(2, r.exit(), r.err());
        JsonNode doc = JSON.readTree(summary.toFile());
        assertEquals(List.of(), JsonSchemas.errors(schema(), doc));
        Path limited = dir.resolve("limited.json");
        Cli.run("check", specs.resolve("1-ok.yaml").toString(), "--max-states", "3", "--out", dir.resolve("out")
                .toString(), "--summary", limited.toString());
        assertEquals(List.of(), JsonSchemas.errors(schema(), JSON.readTree(limited.toFile())));
    }

    @Test
    void theSchemaRefusesWhatIsNotASummary(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("summary.json");
        Cli.run("check", TallyTest.mixed(dir).resolve("1-ok.yaml").toString(), "--out", dir.resolve("out").toString(),
                "--summary", summary.toString());
        ObjectNode doc = (ObjectNode) JSON.readTree(summary.toFile());
        ((ObjectNode) doc.get("results").get(0)).put("status", "fine");
        assertFalse(JsonSchemas.errors(schema(), doc).isEmpty(), "an unknown status");
        ObjectNode undocumented = (ObjectNode) JSON.readTree(summary.toFile());
        ((ObjectNode) undocumented.get("results").get(0)).put("newField", 1);
        assertFalse(JsonSchemas.errors(schema(), undocumented).isEmpty(), "a field the schema does not document");
    }
}
