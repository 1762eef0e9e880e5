package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/review.md's example outputs are what the commands print. Each output stands between
 * {@code <!-- output of: trapcheck ARGS -->} (or {@code <!-- pinned output of: ... -->}) and
 * {@code <!-- end of output -->}; ARGS name files from the repository's root, as a reader runs them.
 * The pinned outputs (the 5.2 sweep and a 5.2 repair) are compared on every
 * build; all of them are regenerated, after a deliberate change (then read the diff), with
 * {@code ./mvnw -q -pl app -am test -Dtest=ReviewDocTest -Dsurefire.failIfNoSpecifiedTests=false -Dtrapcheck.writeReviewDoc=true}
 * (some minutes: the history policies' mutation tables), the pinned ones only with {@code =pinned}.
 */
class ReviewDocTest {
    static final Path REVIEW = Path.of("..", "docs", "review.md");
    private static final Pattern BEGIN = Pattern.compile("^<!-- (pinned )?output of: trapcheck (.+) -->$");
    private static final String END = "<!-- end of output -->";

    @Test
    void theReviewPageShowsWhatTheCommandsPrint() throws Exception {
        String mode = System.getProperty("trapcheck.writeReviewDoc", "false");
        boolean write = mode.equals("true") || mode.equals("pinned");
        boolean all = mode.equals("true");
        List<String> doc = Files.readAllLines(REVIEW);
        List<String> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int pinned = 0;
        for (int i = 0; i < doc.size(); i++) {
            String line = doc.get(i);
            out.add(line);
            Matcher m = BEGIN.matcher(line);
            if (!m.matches()) {
                continue;
            }
            int end = doc.subList(i, doc.size()).indexOf(END) + i;
            assertTrue(end > i, "docs/review.md:" + (i + 1) + ": no " + END);
            List<String> shown = doc.subList(i + 1, end);
            if (m.group(1) != null || all) {
                pinned += m.group(1) != null ? 1 : 0;
                List<String> printed = run(m.group(2));
                if (!printed.equals(shown)) {
                    problems.add("docs/review.md:" + (i + 1) + ": trapcheck " + m.group(2) + " prints\n"
                            + String.join("\n", printed));
                }
                out.addAll(printed);
            } else {
                out.addAll(shown);
            }
            out.add(END);
            i = end;
        }
        if (write) {
            Files.writeString(REVIEW, String.join("\n", out) + "\n");
            return;
        }
        assertTrue(pinned >= 2, "docs/review.md pins at least a sweep and a repair output");
        assertEquals(List.of(), problems, "docs/review.md is out of date; regenerate it (see this test's javadoc)");
    }

    /** The command's stdout, its lines, file names as seen from the repository's root. */
    private static List<String> run(String args) {
        String[] argv = Arrays.stream(args.split(" "))
                .map(a -> a.startsWith("specs/") ? "../" + a : a).toArray(String[]::new);
        Cli.Run r = Kvm.run(argv);
        assertTrue(r.exit() != 2 && r.exit() != 70, "trapcheck " + args + ": exit " + r.exit() + "\n" + r.err());
        String text = r.out().replace("../specs/", "specs/");
        List<String> lines = new ArrayList<>(text.lines().toList());
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
