package trapcheck.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
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
import trapcheck.spi.SafeText;
import trapcheck.spi.SourceFile;
import trapcheck.spi.SpecException;

/**
 * {@code trapcheck replay}: re-executes a counterexample file on its spec (see {@link TraceReplayer}).
 * Exit 0 when it replays, 1 when it diverges or breaks nothing at its end, 2 when the trace or the spec
 * cannot be read: not a regular file (a FIFO, a device), larger than {@value #MAX_TRACE_MIB} MiB, not
 * UTF-8 JSON of the trace format, or a spec path that is no path. Only what the spec gives is printed;
 * text from the file appears escaped, inside one-line messages.
 */
@Command(name = "replay", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Re-executes a counterexample written by `check` on its spec.",
            "Confirms every step's action, label, actors, state, changes and broken invariants, and the"
                + " explanations at the end; names the first divergence."})
final class ReplayCommand implements Callable<Integer> {

    /** The largest trace file replay reads: far past any counterexample check writes. */
    static final int MAX_TRACE_MIB = 256;

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
            cx = TraceJson.parse(readTrace(trace), trace.toString());
        } catch (IOException e) {
            env.err().println("trapcheck: cannot read the trace: " + SafeText.line(e.getMessage()));
            return ExitCodes.INVALID;
        }
        Path file = specFile;
        if (file == null) {
            if (cx.spec().path() == null) {
                env.err().println("trapcheck: " + SafeText.line(trace.toString())
                        + " records no spec path: give the spec with --spec FILE");
                return ExitCodes.INVALID;
            }
            try {
                file = Path.of(cx.spec().path());
            } catch (InvalidPathException e) {
                env.err().println("trapcheck: " + SafeText.line(trace.toString()) + ": the recorded spec path '"
                        + SafeText.clip(cx.spec().path(), 80) + "' is not a path here (" + SafeText.line(e.getReason())
                        + "): give the spec with --spec FILE");
                return ExitCodes.INVALID;
            }
            if (!Files.isRegularFile(file)) {
                env.err().println("trapcheck: the spec recorded in the trace, " + SafeText.line(file.toString())
                        + ", is not found from here: give it with --spec FILE");
                return ExitCodes.INVALID;
            }
        } else if (!Files.isRegularFile(file)) {
            env.err().println("trapcheck: --spec " + SafeText.line(file.toString()) + ": "
                    + (Files.exists(file) ? "not a regular file" : "no such file"));
            return ExitCodes.INVALID;
        }
        CheckTarget target;
        try {
            target = SpecFiles.load(env.providers().get(), file);
        } catch (SpecException e) {
            env.err().println(SafeText.line(e.getMessage()));
            return ExitCodes.INVALID;
        }
        if (cx.spec().sha256() != null && !cx.spec().sha256().equalsIgnoreCase(target.sourceHash())) {
            env.err().println("trapcheck: warning: " + SafeText.line(changed(cx.spec().sources(), target, file))
                    + " changed since the trace was written (sha256 " + abbreviate(target.sourceHash()) + ", recorded "
                    + abbreviate(SafeText.line(cx.spec().sha256())) + "); replaying anyway");
        }
        TraceReplayer.Replay replay = TraceReplayer.replay(target, cx);
        if (replay.divergence() != null) {
            env.err().println(SafeText.line(replay.divergence()));
            return ExitCodes.MISMATCH;
        }
        Counterexample confirmed = replay.confirmed();
        if (!quiet) {
            env.out().print(TraceText.render(confirmed));
        }
        env.out().println("replay ok: " + confirmed.steps().size() + " steps on " + SafeText.line(target.name())
                + " reproduce " + String.join(", ", confirmed.violatedIds()));
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

    /**
     * The trace file's text: only a regular file (a FIFO or device could block or never end), at
     * most {@value #MAX_TRACE_MIB} MiB, strict UTF-8.
     */
    static String readTrace(Path file) throws IOException {
        String name = SafeText.line(file.toString());
        if (!Files.exists(file)) {
            throw new NoSuchFileException(name + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException(name + ": not a regular file (a FIFO, a device or a folder); give a trace file");
        }
        long max = (long) MAX_TRACE_MIB << 20;
        if (Files.size(file) > max) {
            throw new IOException(name + ": " + (Files.size(file) >> 20) + " MiB, more than the " + MAX_TRACE_MIB
                    + " MiB a trace file may have");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) max + 1);
        }
        if (bytes.length > max) {
            throw new IOException(name + ": grew past " + MAX_TRACE_MIB + " MiB while it was read");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(name + ": not UTF-8 text, so not a trace file");
        }
    }

    private static String abbreviate(String hash) {
        return hash == null ? "none" : hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
