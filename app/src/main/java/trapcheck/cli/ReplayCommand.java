package trapcheck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import trapcheck.report.Counterexample;
import trapcheck.report.TraceJson;
import trapcheck.report.TraceText;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.SourceFile;
import trapcheck.spi.SpecException;

/**
 * {@code trapcheck replay}: re-executes a counterexample file on its spec (see {@link TraceReplayer}).
 * Exit 0 when it replays, 1 at the first divergence, 2 when the trace or the spec cannot be read.
 */
@Command(name = "replay", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Re-executes a counterexample written by `check` on its spec.",
            "Confirms every step's action and label, every state and the broken invariants; names the first",
            "step that diverges."})
final class ReplayCommand implements Callable<Integer> {

    private final Environment env;

    @Parameters(index = "0", paramLabel = "TRACE.json", description = "A counterexample file written by check.")
    Path trace;

    @Option(names = "--spec", paramLabel = "FILE",
            description = "The spec to replay on (default: the spec path recorded in the trace).")
    Path specFile;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the counterexample.")
    boolean quiet;

    ReplayCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        Counterexample cx;
        try {
            cx = TraceJson.read(trace);
        } catch (IOException e) {
            env.err().println("trapcheck: cannot read the trace: " + e.getMessage());
            return ExitCodes.INVALID;
        }
        Path file = specFile;
        if (file == null) {
            if (cx.spec().path() == null) {
                env.err().println("trapcheck: " + trace + " records no spec path: give the spec with --spec FILE");
                return ExitCodes.INVALID;
            }
            file = Path.of(cx.spec().path());
            if (!Files.isRegularFile(file)) {
                env.err().println("trapcheck: the spec recorded in the trace, " + file
                        + ", is not found from here: give it with --spec FILE");
                return ExitCodes.INVALID;
            }
        }
        CheckTarget target;
        try {
            target = SpecFiles.load(env.providers().get(), file);
        } catch (SpecException e) {
            env.err().println(e.getMessage());
            return ExitCodes.INVALID;
        }
        if (cx.spec().sha256() != null && !cx.spec().sha256().equalsIgnoreCase(target.sourceHash())) {
            env.err().println("trapcheck: warning: " + changed(cx.spec().sources(), target, file)
                    + " changed since the trace was written (sha256 " + abbreviate(target.sourceHash()) + ", recorded "
                    + abbreviate(cx.spec().sha256()) + "); replaying anyway");
        }
        String divergence = TraceReplayer.divergence(target, cx);
        if (divergence != null) {
            env.err().println(divergence);
            return ExitCodes.MISMATCH;
        }
        if (!quiet) {
            env.out().print(TraceText.render(cx));
        }
        env.out().println("replay ok: " + cx.steps().size() + " steps on " + target.name() + " reproduce "
                + String.join(", ", cx.violatedIds()));
        return ExitCodes.OK;
    }

    /**
     * Which of the spec's files changed: with the files a trace of a spec that extends others records
     * (the spec first, then its bases, as the target lists them now), those whose hash differs; else the
     * spec, whose recorded hash covered everything it was read from.
     */
    static String changed(List<Counterexample.Source> recorded, CheckTarget target, Path file) {
        List<SourceFile> now = target.sources();
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < Math.min(recorded.size(), now.size()); i++) {
            if (recorded.get(i).sha256() == null || !recorded.get(i).sha256().equalsIgnoreCase(now.get(i).sha256())) {
                changed.add(i == 0 ? file.toString() : now.get(i).file() + " (a base of " + file + ")");
            }
        }
        if (changed.isEmpty()) {
            return file + (now.size() > 1 ? " or a spec it extends has" : " has");
        }
        return String.join(" and ", changed) + (changed.size() > 1 ? " have" : " has");
    }

    private static String abbreviate(String hash) {
        return hash == null ? "none" : hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
