package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/tutorial.md, run as a reader would: every file it writes ({@code <!-- tutorial: file NAME -->}
 * before a code block), every edit it makes ({@code <!-- tutorial: edit NAME -->} before a diff block)
 * and every command of its {@code console} blocks ({@code $ ./trapcheck ...}, {@code $ touch FILE},
 * {@code $ echo $?}) are replayed in order in a fresh folder, the CLI in its own JVM, and each
 * command's output must be what the tutorial shows, timings aside. When the CLI's output changes on
 * purpose, rewrite the outputs with
 * {@code ./mvnw -q -pl app -am test -Dtest=TutorialTest -Dsurefire.failIfNoSpecifiedTests=false -Dtrapcheck.writeTutorial=true}
 * and read the diff.
 */
class TutorialTest {
    static final Path TUTORIAL = Path.of("..", "docs", "tutorial.md");
    private static final Pattern DIRECTIVE = Pattern.compile("^<!-- tutorial: (file|edit) (\\S+) -->$");
    /** "0.3 s" at the end of a result line: the only part of the output that varies between runs. */
    private static final Pattern SECONDS = Pattern.compile("\\d+\\.\\d s$", Pattern.MULTILINE);

    @Test
    void theTutorialRunsAndShowsWhatTheCliPrints(@TempDir Path dir) throws Exception {
        List<String> doc = Files.readAllLines(TUTORIAL);
        List<String> rewritten = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Shell shell = new Shell(dir);
        int commands = 0;
        for (int i = 0; i < doc.size(); i++) {
            String line = doc.get(i);
            rewritten.add(line);
            Matcher d = DIRECTIVE.matcher(line);
            if (d.matches()) {
                int end = fenceEnd(doc, i + 1);
                rewritten.addAll(doc.subList(i + 1, end + 1));
                List<String> body = doc.subList(i + 2, end);
                Path file = dir.resolve(d.group(2));
                if (d.group(1).equals("file")) {
                    Files.write(file, body, StandardCharsets.UTF_8);
                } else {
                    Files.writeString(file, applyDiff(Files.readString(file), body, d.group(2) + " at line " + (i + 1)));
                }
                i = end;
            } else if (line.equals("```console")) {
                int end = fenceEnd(doc, i);
                for (int j = i + 1; j < end; ) {
                    String command = doc.get(j);
                    if (!command.startsWith("$ ")) {
                        throw new IllegalStateException(TUTORIAL + ":" + (j + 1) + ": expected a command ($ ...), found " + command);
                    }
                    int next = j + 1;
                    while (next < end && !doc.get(next).startsWith("$ ")) {
                        next++;
                    }
                    String shown = String.join("\n", doc.subList(j + 1, next));
                    String actual = shell.run(command.substring(2), TUTORIAL + ":" + (j + 1)).strip();
                    commands++;
                    if (!normalise(actual).equals(normalise(shown))) {
                        problems.add(TUTORIAL + ":" + (j + 1) + ": `" + command.substring(2) + "` printed\n" + actual
                                + "\n  but the tutorial shows\n" + shown);
                    }
                    rewritten.add(command);
                    if (!actual.isEmpty()) {
                        rewritten.addAll(Arrays.asList(actual.split("\n", -1)));
                    }
                    j = next;
                }
                rewritten.add(doc.get(end));
                i = end;
            }
        }
        if (Boolean.getBoolean("trapcheck.writeTutorial")) {
            Files.write(TUTORIAL, rewritten, StandardCharsets.UTF_8);
        }
        assertTrue(commands >= 5, "the tutorial runs its commands (found " + commands + ")");
        assertTrue(problems.isEmpty(), "docs/tutorial.md is out of date (see this test's javadoc):\n\n"
                + String.join("\n\n", problems));
    }

    /** Runs the few commands a tutorial uses, in one folder, remembering the last exit code. */
    static final class Shell {
        private final Path dir;
        private int lastExit;

        Shell(Path dir) {
            this.dir = dir;
        }

        String run(String command, String where) throws IOException, InterruptedException {
            List<String> words = List.of(command.strip().split("\\s+"));
            switch (words.get(0)) {
                case "touch" -> {
                    for (String f : words.subList(1, words.size())) {
                        Path p = dir.resolve(f);
                        if (!Files.exists(p)) {
                            Files.createFile(p);
                        }
                    }
                    lastExit = 0;
                    return "";
                }
                case "echo" -> {
                    if (!command.strip().equals("echo $?")) {
                        throw new IllegalStateException(where + ": only `echo $?` is supported");
                    }
                    return Integer.toString(lastExit);
                }
                case "./trapcheck" -> {
                    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString(), "-cp", System.getProperty("java.class.path"), "trapcheck.cli.Main"));
                    cmd.addAll(words.subList(1, words.size()));
                    Path output = dir.resolve(".output");
                    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                            .redirectOutput(output.toFile()).start();
                    if (!p.waitFor(180, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                        throw new IllegalStateException(where + ": `" + command + "` did not finish in 180 s");
                    }
                    lastExit = p.exitValue();
                    return Files.readString(output);
                }
                default -> throw new IllegalStateException(where + ": the tutorial test runs only ./trapcheck, touch "
                        + "and echo $?, not `" + command + "`");
            }
        }
    }

    static String normalise(String output) {
        return SECONDS.matcher(output.strip()).replaceAll("#.# s");
    }

    /** The index of the line closing the fence opened at {@code open}. */
    static int fenceEnd(List<String> doc, int open) {
        if (open >= doc.size() || !doc.get(open).startsWith("```")) {
            throw new IllegalStateException(TUTORIAL + ":" + (open + 1) + ": expected a code block after the directive");
        }
        for (int i = open + 1; i < doc.size(); i++) {
            if (doc.get(i).equals("```")) {
                return i;
            }
        }
        throw new IllegalStateException(TUTORIAL + ":" + (open + 1) + ": the code block is not closed");
    }

    /**
     * Applies one hunk written as diff lines (' ' context, '-' removed, '+' added; an empty line is
     * empty context) to a file: the context and removed lines must occur exactly once, in order.
     */
    static String applyDiff(String text, List<String> hunk, String where) {
        List<String> before = new ArrayList<>();
        List<String> after = new ArrayList<>();
        for (String h : hunk) {
            char c = h.isEmpty() ? ' ' : h.charAt(0);
            String rest = h.isEmpty() ? "" : h.substring(1);
            switch (c) {
                case ' ' -> {
                    before.add(rest);
                    after.add(rest);
                }
                case '-' -> before.add(rest);
                case '+' -> after.add(rest);
                default -> throw new IllegalStateException(where + ": a diff line starts with ' ', '-' or '+': " + h);
            }
        }
        String old = String.join("\n", before) + "\n";
        int at = ("\n" + text).indexOf("\n" + old);
        if (at < 0 || ("\n" + text).indexOf("\n" + old, at + 1) >= 0) {
            throw new IllegalStateException(where + ": the diff's old lines occur " + (at < 0 ? "nowhere" : "twice")
                    + " in the file:\n" + old);
        }
        return text.substring(0, at) + String.join("\n", after) + "\n" + text.substring(at + old.length());
    }

    @Test
    void anEditReplacesItsOldLinesOnceAndRefusesWhatItCannotPlace() {
        String file = "a: 1\nb:\n  c: 2\nd: 3\n";
        assertEquals("a: 1\nb:\n  c: 4\n  e: 5\nd: 3\n",
                applyDiff(file, List.of(" b:", "-  c: 2", "+  c: 4", "+  e: 5"), "test"));
        assertThrows(IllegalStateException.class, () -> applyDiff(file, List.of("-  c: 9"), "test"));
        assertThrows(IllegalStateException.class, () -> applyDiff("x\nx\n", List.of("-x", "+y"), "test"));
    }

    @Test
    void timingsAreTheOnlyPartOfAnOutputThatMayDiffer() {
        assertEquals(normalise("t  holds  ok  2,757 states  1.0 s"), normalise("t  holds  ok  2,757 states  12.3 s"));
        assertTrue(!normalise("t  holds  ok  2,757 states  1.0 s").equals(normalise("t  holds  ok  2,758 states  1.0 s")));
    }
}
