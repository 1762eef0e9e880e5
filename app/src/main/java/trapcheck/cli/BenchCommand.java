package trapcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.engine.Statistics;
import trapcheck.engine.Strategy;
import trapcheck.engine.Verdict;
import trapcheck.report.Counterexample;
import trapcheck.report.SpecOutcome;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.SpecException;

/**
 * {@code trapcheck bench}: explores one spec on a ladder of growing topologies (the model's
 * {@link CheckTarget#scaled} sizes, e.g. 2x2 then 3x2 ...) with BFS and prints, per rung, the verdict and
 * what the run cost: states, transitions, depth, seconds, states/s, bytes per stored state, peak heap.
 *
 * <p>Rungs run in order in this JVM, one after the other; before each, a full GC so that the peak heap
 * is that rung's. A rung stopped by a limit (by default {@code --max-seconds 600}) is reported as
 * incomplete and ends that spec's ladder: the next rung would be larger. The JSON file is rewritten
 * (atomically) after every rung, so an interrupted ladder leaves the rungs it finished.
 */
@Command(name = "bench", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Explores a spec on a ladder of growing topologies with BFS.",
            "Reports time to verdict, states, states/s, bytes per stored state and peak heap per rung"
                + " (see BENCHMARKS.md)."})
final class BenchCommand implements Callable<Integer> {

    static final String DEFAULT_SPEC = "specs/v5.8-early-hyp-trap.yaml";
    static final String DEFAULT_LADDER = "2x2,3x2,3x3,4x3";

    private final Environment env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC", arity = "0..*",
            description = "Spec files to scale (default: " + DEFAULT_SPEC + ").")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--ladder", paramLabel = "NxM,...", defaultValue = DEFAULT_LADDER, converter = LadderConverter.class,
            description = "Topologies to run, in order, one size per scale dimension (the KVM model: pCPUs x VMs); "
                    + "default: ${DEFAULT-VALUE}.")
    List<int[]> ladder;

    @CommandLine.Mixin
    ExplorationFlags flags = new ExplorationFlags();

    @Option(names = "--max-seconds", paramLabel = "S", defaultValue = "600", converter = LimitConverters.Seconds.class,
            description = "Stop a rung after S seconds (0: no limit); it is reported incomplete and the ladder "
                    + "stops (default: ${DEFAULT-VALUE}).")
    double maxSeconds;

    @Option(names = "--json", paramLabel = "FILE", defaultValue = "reports/out/bench.json",
            description = "Where the results are written as JSON (default: ${DEFAULT-VALUE}).")
    Path json;

    @CommandLine.Mixin
    ProgressFlag progress = new ProgressFlag();

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    BenchCommand(Environment env) {
        this.env = env;
    }

    /** "2x2,3x2" -> [[2,2],[3,2]]; every size at least 1, every rung the same number of sizes. */
    static final class LadderConverter implements ITypeConverter<List<int[]>> {
        @Override
        public List<int[]> convert(String value) {
            return parseLadder(value);
        }
    }

    static List<int[]> parseLadder(String value) {
        List<int[]> rungs = new ArrayList<>();
        for (String rung : value.split(",", -1)) {
            String r = rung.trim();
            if (!r.matches("[0-9]+(x[0-9]+)*")) {
                throw new TypeConversionException("expected rungs like 2x2,3x2 (sizes separated by x, rungs by "
                        + "commas), got '" + r + "' in '" + value + "'");
            }
            String[] parts = r.split("x");
            int[] sizes = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    sizes[i] = Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    throw new TypeConversionException("size too large in '" + r + "'");
                }
                if (sizes[i] < 1) {
                    throw new TypeConversionException("sizes must be at least 1, got '" + r + "'");
                }
            }
            if (!rungs.isEmpty() && rungs.get(0).length != sizes.length) {
                throw new TypeConversionException("every rung needs the same number of sizes: '" + r + "' has "
                        + sizes.length + ", the first has " + rungs.get(0).length);
            }
            rungs.add(sizes);
        }
        return rungs;
    }

    static String rungName(int[] sizes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            b.append(i == 0 ? "" : "x").append(sizes[i]);
        }
        return b.toString();
    }

    @Override
    public Integer call() {
        flags.validate(spec.commandLine());
        if (maxSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--max-seconds takes 0 (no limit) or a positive number");
        }
        List<Path> files;
        try {
            files = SpecFiles.expand(inputs.isEmpty() ? List.of(Path.of(DEFAULT_SPEC)) : inputs, env.providers().get(),
                    env.err()::println);
        } catch (SpecFiles.UsageException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = env.out();
        PrintWriter err = env.err();
        List<CheckTarget> targets = new ArrayList<>();
        for (Path file : files) {
            CheckTarget t;
            try {
                t = SpecFiles.load(env.providers().get(), file);
            } catch (SpecException e) {
                err.println(e.getMessage());
                return ExitCodes.INVALID;
            }
            if (t.scaleDimensions().isEmpty()) {
                throw new ParameterException(spec.commandLine(), file + ": the " + t.name()
                        + " model cannot be scaled, so it cannot be benchmarked on a ladder");
            }
            if (t.scaleDimensions().size() != ladder.get(0).length) {
                throw new ParameterException(spec.commandLine(), "--ladder: " + t.name() + " scales in "
                        + t.scaleDimensions().size() + " dimensions (" + String.join(" x ", t.scaleDimensions())
                        + "), the rungs give " + ladder.get(0).length + " sizes");
            }
            targets.add(t);
        }

        int n = flags.threadCount();
        BenchJson.Machine machine = BenchJson.Machine.current();
        out.println(machine.line());
        out.println(String.format(Locale.ROOT, "threads %d, symmetry %s, %s, %s, max %s per rung", n,
                flags.noSymmetry ? "off" : "as the spec says", flags.exact ? "exact states" : "fingerprints",
                flags.partialOrder() ? "partial-order reduction (states of the reduced state space; --no-por for "
                        + "full counts)" : "no partial-order reduction",
                maxSeconds == 0 ? "no limit" : fmtSeconds(maxSeconds)));
        out.println(header());
        out.flush();

        List<BenchJson.Run> runs = new ArrayList<>();
        List<SpecOutcome.Status> statuses = new ArrayList<>();
        boolean writeFailed = false;
        ladders:
        for (CheckTarget base : targets) {
            for (int[] sizes : ladder) {
                if (env.interruption().requested()) {
                    break ladders;
                }
                BenchJson.Run run = runRung(base, sizes, n);
                runs.add(run);
                statuses.add(run.status());
                out.println(row(run));
                if (run.message() != null) {
                    out.println("    " + run.message());
                }
                if (run.spilledBytes() > 0) {
                    out.println("    disk: " + new SpecOutcome.Spilled(run.spilledStates(), run.spilledBytes(),
                            run.spilledWindows()).text());
                }
                out.flush();
                writeFailed |= write(machine, n, runs);
                if (run.status() == SpecOutcome.Status.LIMIT || run.status() == SpecOutcome.Status.ERROR) {
                    break;
                }
            }
        }
        boolean interrupted = env.interruption().requested();
        if (interrupted) {
            err.println("trapcheck: interrupted; " + runs.size() + " rungs reported");
        }
        writeFailed |= write(machine, n, runs, interrupted);
        if (!quiet && !writeFailed) {
            out.println("results written to " + json);
        }
        out.flush();
        int code = ExitCodes.of(statuses, interrupted);
        return writeFailed ? ExitCodes.stronger(code, ExitCodes.INVALID) : code;
    }

    private BenchJson.Run runRung(CheckTarget base, int[] sizes, int n) {
        String rung = rungName(sizes);
        long t0 = System.nanoTime();
        CheckTarget target;
        try {
            target = base.scaled(sizes);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return BenchJson.Run.error(base, rung, sizes, n, e.getMessage());
        }
        double setup = (System.nanoTime() - t0) / 1e9;
        Options o = options(target, n);
        boolean symmetry = o.symmetry() && target.model().hasSymmetry();
        System.gc(); // so that the peak heap is this rung's, not the garbage of the one before
        Result result = env.engine().explore(target.model(), o);
        Statistics s = result.stats();
        List<String> broken = result.verdict() == Verdict.VIOLATED
                ? Counterexample.ids(target.model().properties(), result.violations()) : List.of();
        SpecOutcome.Status status = Matching.status(target.expectation(), result.verdict(), broken);
        String message = Matching.message(target.expectation(), result.verdict(), broken, result.stoppedBy());
        int traceSteps = result.trace() == null ? -1 : result.trace().length();
        return new BenchJson.Run(base.name(), base.file().toString(), target.name(), rung, sizes, base.scaleDimensions(),
                result.verdict(), broken, traceSteps, status, result.stoppedBy(), message, s.distinct(), s.generated(),
                s.depth(), s.seconds(), setup, s.statesPerSecond(), s.seenBytes(), s.bytesPerState(), s.peakHeapBytes(),
                s.threads(), symmetry, o.exact(), s.collisionProbability(), s.partialOrder(), s.spilledStates(),
                s.spilledBytes(), s.spilledWindows());
    }

    Options options(CheckTarget target, int n) {
        CheckTarget.Settings settings = target.settings();
        Options o = flags.applyTo(Options.defaults().withStrategy(Strategy.BFS), settings)
                .withThreads(n)
                .withLimits(0, settings == null ? 0 : settings.maxDepth(), maxSeconds, flags.memoryBytes())
                .withStop(env.interruption().newSignal());
        if (progress.shown(quiet, env)) {
            o = o.withProgress(new ProgressPrinter(env.err(), target.name()), java.time.Duration.ofSeconds(3));
        }
        return o;
    }

    private boolean write(BenchJson.Machine machine, int n, List<BenchJson.Run> runs) {
        return write(machine, n, runs, false);
    }

    /** Writes the JSON file; true if it could not be written. */
    private boolean write(BenchJson.Machine machine, int n, List<BenchJson.Run> runs, boolean interrupted) {
        try {
            BenchJson.write(json, new BenchJson.Settings(n, flags.exact, !flags.noSymmetry, maxSeconds, flags.memoryMb,
                    ladder.stream().map(BenchCommand::rungName).toList()), machine, runs, interrupted);
            return false;
        } catch (IOException e) {
            env.err().println("trapcheck: cannot write " + json + ": " + e.getMessage());
            return true;
        }
    }

    static String header() {
        return String.format(Locale.ROOT, "%-6s %-34s %13s %14s %6s %9s %11s %8s %10s %7s %8s",
                "rung", "verdict", "states", "transitions", "depth", "seconds", "states/s", "B/state", "peak heap",
                "threads", "symmetry");
    }

    static String row(BenchJson.Run r) {
        if (r.status() == SpecOutcome.Status.ERROR) {
            return String.format(Locale.ROOT, "%-6s %-34s", r.rung(), "error");
        }
        return String.format(Locale.ROOT, "%-6s %-34s %,13d %,14d %6d %9.2f %,11d %8.1f %,6d MiB %7d %8s",
                r.rung(), r.verdictText(), r.distinct(), r.transitions(), r.depth(), r.seconds(),
                Math.round(r.statesPerSecond()), r.bytesPerState(), r.peakHeapBytes() >> 20, r.threads(),
                r.symmetry() ? "on" : "off");
    }

    static String fmtSeconds(double s) {
        return s == Math.rint(s) ? (long) s + " s" : s + " s";
    }
}
