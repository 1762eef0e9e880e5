package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The exit-code table of docs/spec-reference.md (after {@code <!-- names: exit-codes -->}) lists
 * exactly the codes the CLI documents in its --help, in the same order.
 */
class ExitCodesDocTest {
    @Test
    void theReferenceListsTheExitCodesOfTheHelp() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "docs", "spec-reference.md"));
        int marker = lines.indexOf("<!-- names: exit-codes -->");
        List<String> documented = new ArrayList<>();
        for (int i = marker + 3; marker >= 0 && i < lines.size() && lines.get(i).startsWith("| `"); i++) {
            documented.add(lines.get(i).substring(3, lines.get(i).indexOf('`', 3)));
        }
        List<String> help = new ArrayList<>();
        for (String line : ExitCodes.HELP) {
            String code = line.substring(0, Math.max(0, line.indexOf(':')));
            if (!code.isEmpty() && code.chars().allMatch(Character::isDigit)) {
                help.add(code);
            }
        }
        assertEquals(help, documented, "docs/spec-reference.md's exit codes differ from ExitCodes.HELP");
    }
}
