package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import trapcheck.engine.Explorer;

/**
 * docs/commands.md shows every command's --help, generated from the command line itself, so a
 * command or option added, renamed or reworded appears there. When this test fails, regenerate with
 * {@code ./mvnw -q -pl app -am test -Dtest=CommandsDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dtrapcheck.writeCommandsDoc=true}.
 */
class CommandsDocTest {
    static final Path COMMANDS = Path.of("..", "docs", "commands.md");
    private static final String BEGIN = "<!-- BEGIN GENERATED: CommandsDocTest -->";
    private static final String END = "<!-- END GENERATED -->";

    @Test
    void theCommandsPageShowsEveryCommandsHelp() throws Exception {
        String text = Files.exists(COMMANDS) ? Files.readString(COMMANDS) : "";
        int b = text.indexOf(BEGIN);
        int e = text.indexOf(END);
        String expected = b >= 0 && e > b
                ? text.substring(0, b) + BEGIN + "\n" + generated() + END + text.substring(e + END.length())
                : text + "\n" + BEGIN + "\n" + generated() + END + "\n";
        if (Boolean.getBoolean("trapcheck.writeCommandsDoc")) {
            Files.writeString(COMMANDS, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, text, "docs/commands.md is out of date; regenerate it (see this test's javadoc)");
    }

    /** One section per command, in the order `trapcheck --help` lists them, each with its help. */
    static String generated() {
        Environment env = new Environment(List::of, Explorer::explore, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), false, new Interruption());
        CommandLine top = Main.commandLine(env);
        StringBuilder out = new StringBuilder();
        section(out, "trapcheck", top);
        top.getSubcommands().forEach((name, sub) -> section(out, "trapcheck " + name, sub));
        return out.toString();
    }

    private static void section(StringBuilder out, String title, CommandLine cl) {
        StringWriter help = new StringWriter();
        cl.usage(new PrintWriter(help), CommandLine.Help.Ansi.OFF);
        out.append("\n## `").append(title).append("`\n\n```\n")
                .append(help.toString().replace("\r\n", "\n").stripTrailing()).append("\n```\n");
    }
}
