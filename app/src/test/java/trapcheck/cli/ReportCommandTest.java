package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trapcheck report}: the shards' summaries merged give what one check of the whole corpus gives. */
class ReportCommandTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void mergedShardsGiveTheTallyJUnitSarifAndKtapOfTheWholeRun(@TempDir Path dir) throws Exception {
        Path specs = TallyTest.mixed(dir);
        Cli.spec(specs, "5-unexpected.yaml", "name=unexpected", "expect=holds");
        Path whole = dir.resolve("whole");
        Cli.Run all = Cli.run("check", specs.toString(), "--out", whole.resolve("out").toString(), "--summary",
                whole.resolve("summary.json").toString(), "--junit", whole.resolve("junit.xml").toString(), "-q");
        List<String> summaries = new ArrayList<>(List.of("report"));
        for (int i = 1; i <= 3; i++) {
            Path shard = dir.resolve("shard-" + i);
            Cli.run("check", specs.toString(), "--shard", i + "/3", "--out", shard.resolve("out").toString(),
                    "--summary", shard.resolve("summary.json").toString());
            summaries.add(shard.resolve("summary.json").toString());
        }
        Path merged = dir.resolve("merged");
        summaries.addAll(List.of("--out", merged.toString(), "--junit", merged.resolve("junit.xml").toString(),
                "--sarif", merged.resolve("log.sarif").toString(), "--ktap", merged.resolve("r.ktap").toString(),
                "--summary", merged.resolve("summary.json").toString(), "--html", "-q"));
        Cli.Run r = Cli.run(summaries.toArray(String[]::new));
        assertEquals(all.exit(), r.exit(), r.err());
        assertEquals(last(all.out()), last(r.out()), "the same tally");
        assertEquals("5 specs: 2 as expected, 2 mismatched, 0 stopped by a limit, 1 invalid", last(r.out()));

        assertEquals(names(JSON.readTree(whole.resolve("summary.json").toFile())),
                names(JSON.readTree(merged.resolve("summary.json").toFile())));
        String junit = Files.readString(merged.resolve("junit.xml"));
        assertTrue(junit.contains("tests=\"5\" failures=\"2\" errors=\"1\""), junit);
        assertTrue(junit.contains("BROKEN not-both-max: "), "the counterexample was read back from its trace file");
        JsonNode sarif = JSON.readTree(merged.resolve("log.sarif").toFile());
        assertEquals(List.of(), JsonSchemas.errors(SarifTest.sarifSchema(), sarif));
        assertEquals(4, sarif.get("runs").get(0).get("results").size());
        assertTrue(sarif.toString().contains("\"codeFlows\""));
        assertEquals(5, KtapTest.Document.parse(Files.readString(merged.resolve("r.ktap"))).planned());
        assertTrue(Files.readString(merged.resolve("index.html")).contains("unexpected"));
    }

    @Test
    void aSummaryGivenTwiceOrUnreadableIsRefused(@TempDir Path dir) throws Exception {
        Path spec = Cli.spec(dir, "a.yaml", "name=a", "expect=violated/not-both-max");
        Path summary = dir.resolve("s.json");
        Cli.run("check", spec.toString(), "--out", dir.resolve("out").toString(), "--summary", summary.toString());
        Cli.Run twice = Cli.run("report", summary.toString(), summary.toString());
        assertEquals(2, twice.exit());
        assertTrue(twice.err().contains("is in both"), twice.err());
        Files.writeString(dir.resolve("bad.json"), "{\"tool\": \"trapcheck\", \"results\": [{\"status\": \"fine\"}]}");
        Cli.Run bad = Cli.run("report", dir.resolve("bad.json").toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("trapcheck: " + dir.resolve("bad.json")), bad.err());
        assertEquals(2, Cli.run("report", dir.resolve("missing.json").toString()).exit());
    }

    static String last(String out) {
        List<String> lines = out.lines().toList();
        return lines.get(lines.size() - 1);
    }

    static List<String> names(JsonNode summary) {
        List<String> names = new ArrayList<>();
        summary.get("results").forEach(r -> names.add(r.get("spec").asText() + " " + r.get("status").asText()));
        names.sort(null);
        return names;
    }
}
