package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import trapcheck.kvm.KvmProvider;

/** What a new user hit first: folders with reports beside the specs, the command list, compare's exit. */
class NewUserTest {

    static Cli.Run kvm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(() -> List.of(new KvmProvider()), Engine.standard(), new PrintWriter(out, true),
                new PrintWriter(err, true), false, new Interruption());
        return Cli.run(env, out, err, args);
    }

    @Test
    void aFolderIsReadForItsSpecsOnlyNotTheReportsBesideThem(@TempDir Path dir) throws Exception {
        Path specs = dir.resolve("specs");
        Files.createDirectories(specs);
        Files.copy(JsonSchemas.repositoryFile("specs/v5.7-stable-fix.yaml"), specs.resolve("v5.7-stable-fix.yaml"));
        Files.copy(JsonSchemas.repositoryFile("specs/v5.2-lazy-host-trap.yaml"), specs.resolve("v5.2-lazy-host-trap.yaml"));
        Files.copy(JsonSchemas.repositoryFile("reports/trace.schema.json"), specs.resolve("trace.schema.json"));
        Files.writeString(specs.resolve("summary.json"), "{\"tool\": \"trapcheck\", \"results\": [{\"spec\": \"x\"}]}\n");
        Files.writeString(specs.resolve("notes.yaml"), "todo: write a spec\n");
        Files.writeString(specs.resolve("broken.yaml"), "spec: 1\nname: [unterminated\n");
        Cli.Run r = kvm("check", specs.toString(), "--out", dir.resolve("out").toString(), "-q", "-j", "2",
                "--max-states", "1");
        List<String> notes = r.err().lines().filter(l -> l.startsWith("trapcheck: skipping ")).toList();
        assertEquals(List.of("trapcheck: skipping " + specs.resolve("notes.yaml") + ": not a spec (no top-level spec:)",
                "trapcheck: skipping " + specs.resolve("summary.json") + ": not a spec (no top-level spec:)",
                "trapcheck: skipping " + specs.resolve("trace.schema.json") + ": not a spec (no top-level spec:)"), notes);
        assertTrue(r.out().endsWith("3 specs: 0 as expected, 0 mismatched, 2 stopped by a limit, 1 invalid\n"), r.out());
        assertTrue(r.err().contains(specs.resolve("broken.yaml").toString()), "a spec that does not parse is reported");

        Cli.Run named = kvm("check", specs.resolve("notes.yaml").toString(), "--out", dir.resolve("out").toString());
        assertEquals(2, named.exit(), "a file named on its own is loaded, and refused");
    }

    @Test
    void trapcheckAloneAndHelpListTheCommandsInWholeSentences() {
        Cli.Run alone = Cli.run();
        assertEquals(2, alone.exit());
        Cli.Run help = Cli.run("help");
        assertEquals(0, help.exit(), help.err());
        for (String listing : List.of(alone.err(), help.out())) {
            for (String command : List.of("check", "replay", "bench", "compare", "mutate", "sweep", "repair", "report", "help")) {
                assertTrue(listing.contains("\n  " + command + " "), command + " in\n" + listing);
            }
        }
        assertTrue(Cli.run("help", "check").out().contains("--shard=I/N"));
        CommandLine cl = Main.commandLine(Cli.env(CounterFixtureEngine.ENGINE, new StringWriter(), new StringWriter()));
        cl.getSubcommands().forEach((name, sub) -> {
            String[] description = sub.getCommandSpec().usageMessage().description();
            String first = description.length > 0 ? description[0] : sub.getCommandSpec().usageMessage().header()[0];
            assertTrue(first.endsWith("."), name + ": the command list shows this line alone: '" + first + "'");
            // picocli starts a new line at each element: one that stops mid-sentence shows as a cut line
            for (String line : description) {
                assertTrue(line.matches("(?s).*[.)](%n)?$"), name + ": description line cut mid-sentence: '" + line + "'");
            }
            for (CommandLine.Model.OptionSpec option : sub.getCommandSpec().options()) {
                for (String line : option.description()) {
                    assertTrue(line.matches("(?s).*[.)](%n)?$"), name + " " + option.longestName()
                            + ": description line cut mid-sentence: '" + line + "'");
                }
            }
        });
    }

    @Test
    void memorysHelpAndErrorSayTheSameAboutZero(@TempDir Path dir) throws Exception {
        String help = Cli.run("check", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("a share of the JVM heap"), help);
        Path spec = Cli.spec(dir, "ok.yaml", "name=ok", "expect=violated/not-both-max");
        Cli.Run r = Cli.run("check", spec.toString(), "--memory", "-1", "--out", dir.resolve("out").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("0 (a share of the JVM heap)"), r.err());
    }

    @Test
    void everyCommandsExitCodesAreInTheReference() throws Exception {
        String page = Files.readString(JsonSchemas.repositoryFile("docs/spec-reference.md"));
        String heading = "The other commands use the same codes:";
        assertTrue(page.contains(heading), "spec-reference.md lost its table of every command's exit codes");
        String reference = page.substring(page.indexOf(heading), page.indexOf("\n## ", page.indexOf(heading)));
        CommandLine cl = Main.commandLine(Cli.env(CounterFixtureEngine.ENGINE, new StringWriter(), new StringWriter()));
        for (String name : cl.getSubcommands().keySet()) {
            assertTrue(reference.contains("\n| `" + name), name + " has no row in the exit-code table of spec-reference.md");
        }
    }

    @Test
    void compareExitsLikeCheck(@TempDir Path dir) throws Exception {
        Path ok = Cli.spec(dir, "ok.yaml", "name=ok", "expect=violated/not-both-max");
        Path holdsNot = Cli.spec(dir, "h.yaml", "name=h", "expect=holds");
        Path violatedNot = Cli.spec(dir, "v.yaml", "name=v", "maxLeft=2", "expect=violated/not-both-max");
        Path out = dir.resolve("out");
        assertEquals(0, Cli.run("compare", ok.toString(), "--out", out.toString(), "--no-coverage").exit());
        Cli.Run h = Cli.run("compare", ok.toString(), holdsNot.toString(), "--out", out.toString(), "--no-coverage");
        assertEquals(1, h.exit());
        assertTrue(h.err().contains("h: expected holds but not-both-max is violated"), h.err());
        Cli.Run v = Cli.run("compare", violatedNot.toString(), "--out", out.toString(), "--no-coverage");
        assertEquals(1, v.exit());
        assertTrue(v.err().contains("v: expected violated/not-both-max but it holds"), v.err());
        Cli.Run limited = Cli.run("compare", ok.toString(), "--out", out.toString(), "--no-coverage", "--max-states", "3");
        assertEquals(3, limited.exit(), limited.out());
    }

    /** The counter fixture's reference explorer as an Engine. */
    static final class CounterFixtureEngine {
        static final Engine ENGINE = trapcheck.report.CounterFixture::referenceExplore;
    }
}
