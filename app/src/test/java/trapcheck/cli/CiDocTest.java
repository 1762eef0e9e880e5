package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.StringWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * docs/ci.md stays copy-pasteable: its workflow files are valid YAML with the jobs they describe, and
 * every trapcheck command line on the page parses with today's options.
 */
class CiDocTest {

    private static final Pattern COMMAND = Pattern.compile("trapcheck (check|report)((?: +[^ ]+)*)");

    static List<String> blocks(List<String> doc, String language) {
        List<String> blocks = new ArrayList<>();
        for (int i = 0; i < doc.size(); i++) {
            if (doc.get(i).equals("```" + language)) {
                int end = i + 1;
                while (!doc.get(end).equals("```")) {
                    end++;
                }
                blocks.add(String.join("\n", doc.subList(i + 1, end)) + "\n");
                i = end;
            }
        }
        return blocks;
    }

    @Test
    void theWorkflowsAreValidYamlAndTheirCommandsParse() throws Exception {
        List<String> doc = Files.readAllLines(JsonSchemas.repositoryFile("docs/ci.md"));
        List<String> yaml = blocks(doc, "yaml");
        assertEquals(2, yaml.size(), "a GitHub Actions workflow and a GitLab pipeline");
        YAMLMapper mapper = new YAMLMapper();
        JsonNode github = mapper.readTree(yaml.get(0));
        assertEquals("[1,2,3,4]", github.at("/jobs/check/strategy/matrix/shard").toString());
        assertEquals("check", github.at("/jobs/report/needs").asText());
        JsonNode gitlab = mapper.readTree(yaml.get(1));
        assertEquals(4, gitlab.at("/check/parallel").asInt());

        List<String> commands = new ArrayList<>();
        for (String block : yaml) {
            collect(mapper.readTree(block), commands);
        }
        blocks(doc, "console").forEach(b -> b.lines().filter(l -> l.startsWith("$ ")).forEach(commands::add));
        assertTrue(commands.size() >= 6, commands.toString());
        for (String line : commands) {
            Matcher m = COMMAND.matcher(line.replace("${{ matrix.shard }}", "1").replace("$CI_NODE_INDEX", "1")
                    .replace("$CI_NODE_TOTAL", "4").replace("\"", ""));
            assertTrue(m.find(), line);
            String[] args = (m.group(1) + m.group(2)).trim().split(" +");
            CommandLine cl = Main.commandLine(Cli.env(trapcheck.report.CounterFixture::referenceExplore,
                    new StringWriter(), new StringWriter()));
            cl.parseArgs(args); // throws on an option that does not exist or a bad value
        }
    }

    /** Every string value that runs trapcheck. */
    private static void collect(JsonNode node, List<String> commands) {
        if (node.isTextual() && node.asText().contains("trapcheck/trapcheck ")) {
            commands.add(node.asText());
        }
        node.forEach(child -> collect(child, commands));
    }
}
