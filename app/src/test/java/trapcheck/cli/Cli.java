package trapcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import trapcheck.engine.Verdict;
import trapcheck.report.CounterFixture;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.ModelProvider;
import trapcheck.spi.SpecException;

/** Runs the CLI in-process with the counter fixture as the only model and captured output. */
final class Cli {

    record Run(int exit, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    /**
     * Reads "key=value" lines: name, maxLeft (default 3), initial ("l,r"), expect ("holds" or
     * "violated/ID"), error ("LINE:FIELD:problem" makes the spec invalid), selectable (present: the
     * target checks a subset of its properties on request, as the KVM model does).
     */
    static final class CounterProvider implements ModelProvider {
        @Override
        public String name() {
            return "counter";
        }

        @Override
        public boolean accepts(Path file) {
            return SpecFiles.looksLikeSpec(file);
        }

        @Override
        public CheckTarget load(Path file) throws SpecException {
            Map<String, String> kv = new LinkedHashMap<>();
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new SpecException(file, 0, 0, "", "cannot read: " + e.getMessage());
            }
            for (String line : new String(bytes).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
            if (kv.containsKey("error")) {
                String[] p = kv.get("error").split(":", 3);
                throw new SpecException(file, Integer.parseInt(p[0]), 3, p[1], p[2]);
            }
            String expect = kv.getOrDefault("expect", "holds");
            CheckTarget.Expectation e = expect.startsWith("violated/")
                    ? new CheckTarget.Expectation(Verdict.VIOLATED, expect.substring("violated/".length()))
                    : new CheckTarget.Expectation(Verdict.HOLDS, null);
            String[] init = kv.getOrDefault("initial", "0,0").split(",");
            String sha;
            try {
                sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (java.security.NoSuchAlgorithmException ex) {
                throw new AssertionError(ex);
            }
            var target = new CounterFixture.CounterTarget(kv.getOrDefault("name", SpecFiles.stem(file)), file,
                    Integer.parseInt(kv.getOrDefault("maxLeft", "3")),
                    new long[] {Long.parseLong(init[0]), Long.parseLong(init[1])}, e, sha);
            return kv.containsKey("selectable") ? target.selectable() : target;
        }
    }

    static Environment env(Engine engine, StringWriter out, StringWriter err) {
        return new Environment(() -> List.of(new CounterProvider()), engine, new PrintWriter(out, true),
                new PrintWriter(err, true), false, new Interruption());
    }

    static Run run(Engine engine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, env(engine, out, err));
        return new Run(exit, out.toString(), err.toString());
    }

    static Run run(Environment env, StringWriter out, StringWriter err, String... args) {
        int exit = Main.run(args, env);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return run(CounterFixture::referenceExplore, args);
    }

    static Path spec(Path dir, String file, String... lines) throws IOException {
        Files.createDirectories(dir);
        return Files.writeString(dir.resolve(file), String.join("\n", lines) + "\n");
    }

    private Cli() {
    }

    /** {@code head} with {@code tail} after it: one command line run with and without a flag. */
    static String[] concat(String[] head, String... tail) {
        String[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }
}
