package trapcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
import trapcheck.engine.CheckpointException;
import trapcheck.engine.Options;
import trapcheck.engine.Property;
import trapcheck.engine.Strategy;
import trapcheck.engine.Verdict;
import trapcheck.report.AtomicFiles;
import trapcheck.report.Counterexample;
import trapcheck.report.SpecOutcome;
import trapcheck.report.TraceJson;
import trapcheck.report.TraceText;
import trapcheck.review.PolicyReview;
import trapcheck.review.Reviewer;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.SpecException;

/**
 * {@code trapcheck check}: explores each spec, prints one line per spec, writes counterexamples and
 * the requested reports, and exits with the strongest code of the outcomes (see {@link ExitCodes}).
 *
 * <p>All specs are loaded first (an invalid one is reported and skipped), so the result lines can be
 * aligned while they are printed as each spec finishes. Reports are written only after the last spec
 * (or after an interrupt), each atomically.
 */
@Command(name = "check", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Explores every spec and compares the verdict with the spec's `expect`.",
            "Prints one line per spec; a counterexample goes to --out as <spec-name>.trace.json."})
final class CheckCommand implements Callable<Integer> {

    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(3);

    private final Environment env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC|DIR", arity = "0..*",
            description = "Spec files, or folders whose *.yaml, *.yml and *.json files are specs (sorted, not "
                    + "recursive). Default: specs/")
    List<Path> inputs = new ArrayList<>();

    @CommandLine.Mixin
    OutFolder out = new OutFolder();

    @CommandLine.Mixin
    ReportFlags reports = new ReportFlags();

    @CommandLine.Mixin
    ExplorationFlags flags = new ExplorationFlags();

    @CommandLine.Mixin
    SearchFlags search = new SearchFlags();

    @Option(names = "--max-depth", paramLabel = "D",
            description = "Explore at most D steps deep (0: no limit; default: the spec's check.max_depth).")
    Integer maxDepth;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "Write BFS checkpoints to DIR/<spec-name>/ at level boundaries.")
    Path checkpoint;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Resume each spec from DIR/<spec-name>/ when a checkpoint is there.")
    Path resume;

    @Option(names = "--shard", paramLabel = "I/N", converter = Shard.Converter.class,
            description = "Check only the I-th of N parts of the specs, split by a hash of each spec's name"
                + " (stable: a CI matrix of N jobs checks each spec once; merge their summaries with `report`).")
    Shard shard = Shard.ALL;

    @CommandLine.Mixin
    ProgressFlag progress = new ProgressFlag();

    @Option(names = {"-q", "--quiet"}, description =
        "Print only the specs that need attention (mismatched, invalid, stopped by a limit) and the tally:"
            + " no counterexample text, no progress.")
    boolean quiet;

    @Option(names = "--strict", description = "A vacuous hold (a vCPU that asked for ptrauth never entered the guest)"
            + " fails like a mismatch (as check.strict: true in a spec).")
    boolean strict;

    @Option(names = "--coverage", description =
        "After each result line, list the policy code no exploration reached (a second exploration of the"
            + " instrumented model that goes past violations; dead policy code is a review finding).")
    boolean coverage;

    @Option(names = "--full-states", description = "Write every step's whole state into the trace files (by default"
            + " the initial state, then what each step changed; both read the same).")
    boolean fullStates;

    @Option(names = "--max-trace-steps", paramLabel = "N", defaultValue = "60", description = "Print at most N steps of a"
            + " counterexample: the first and last ones and the culprit, with how many are left out (the trace file"
            + " holds them all). Default: ${DEFAULT-VALUE}.")
    int maxTraceSteps;

    CheckCommand(Environment env) {
        this.env = env;
    }

    /** Accepts bfs or dfs, in any case. */
    private record Entry(Path file, CheckTarget target, SpecException error) {
    }

    @Override
    public Integer call() {
        validate();
        List<Path> files;
        try {
            files = SpecFiles.expand(inputs.isEmpty() ? List.of(Path.of("specs")) : inputs, env.providers().get(),
                    env.err()::println);
        } catch (SpecFiles.UsageException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        // With --ktap -, stdout is the KTAP stream: the result lines go to stderr.
        PrintWriter stdout = reports.ktapToStdout() ? env.err() : env.out();
        PrintWriter stderr = env.err();

        List<Entry> entries = new ArrayList<>();
        var providers = env.providers().get();
        for (Path file : files) {
            Entry entry;
            try {
                entry = new Entry(file, SpecFiles.load(providers, file), null);
            } catch (SpecException e) {
                entry = new Entry(file, null, e);
            }
            // An invalid spec has no name: its file's stem places it in a shard.
            if (shard.contains(entry.target() != null ? entry.target().name() : SpecFiles.stem(file))) {
                if (entry.error() != null) {
                    stderr.println(entry.error().getMessage());
                } else {
                    entry.target().warnings().forEach(stderr::println);
                }
                entries.add(entry);
            }
        }
        if (shard.count() > 1) {
            stderr.println("trapcheck: shard " + shard + ": " + entries.size() + " of " + files.size() + " specs");
        }
        ResultTable table = table(entries);
        String refusal = beforeAnyWork(entries);
        if (refusal != null) {
            stderr.println("trapcheck: " + refusal);
            return ExitCodes.INVALID;
        }
        AtomicFiles.removeStaleTemporaryFiles(out.dir); // what a killed run left half-written

        List<SpecOutcome> outcomes = new ArrayList<>();
        Map<String, Counterexample> counterexamples = new LinkedHashMap<>();
        Set<String> fileNames = new HashSet<>();
        boolean writeFailed = false;
        int fewestBits = 64; // the collision estimate's F, for the closing remark
        for (Entry entry : entries) {
            if (env.interruption().requested()) {
                break;
            }
            if (entry.target() == null) {
                SpecException e = entry.error();
                SpecOutcome o = SpecOutcome.error(SpecFiles.stem(entry.file()), entry.file().toString(), e.getMessage())
                        .withLocation(new SpecOutcome.Location((e.file() == null ? entry.file() : e.file()).toString(),
                                Math.max(0, e.line()), Math.max(0, e.column())));
                outcomes.add(o);
                printResult(stdout, table, o);
                continue;
            }
            CheckTarget target = entry.target();
            String traceName = OutFolder.uniqueFileName(target.name(), fileNames);
            Path traceFile = out.dir.resolve(traceName + ".trace.json");
            boolean[] failed = {false};
            SpecCheck.Done done;
            try {
                done = SpecCheck.run(env.engine(), target, entry.file(), strict, this::options,
                        sub -> options(sub).withCheckpoint(null, null), cx -> {
                            try {
                                TraceJson.write(cx, traceFile, fullStates);
                                return traceFile.toString();
                            } catch (IOException e) {
                                stderr.println("trapcheck: cannot write " + traceFile + ": " + e.getMessage());
                                failed[0] = true;
                                return null;
                            }
                        });
            } catch (CheckpointException e) { // changed since beforeAnyWork checked it
                String why = "cannot resume " + target.name() + ": " + CheckpointFolders.explain(e, target);
                stderr.println("trapcheck: " + why);
                SpecOutcome o = SpecOutcome.error(target.name(), entry.file().toString(), why);
                outcomes.add(o);
                printResult(stdout, table, o);
                continue;
            }
            writeFailed |= failed[0];
            SpecOutcome o = done.outcome();
            Counterexample cx = done.counterexample();
            String tracePath = o.trace();
            if (tracePath != null) {
                counterexamples.put(target.name(), cx);
            } else if (cx == null) {
                OutFolder.removeStaleTrace(traceFile, target.name());
            }
            if (done.stats() != null && done.stats().fingerprintBits() > 0) {
                fewestBits = Math.min(fewestBits, done.stats().fingerprintBits());
            }
            outcomes.add(o);
            printResult(stdout, table, o);
            if (!quiet) {
                SpecRun.printDetails(stdout, o, cx, done.actions(), maxTraceSteps);
            }
            if (coverage && !env.interruption().requested()) {
                printCoverage(target, stdout);
            }
            stdout.flush();
        }

        if (!quiet && !flags.exact) {
            // TLC's closing remark: the chance that two distinct states shared the fingerprint bits the
            // seen set kept (it is in every summary's collisionProbability), said once it reaches one in a
            // million. The compact table keeps 38 bits beyond its index, about 3e-12 per transition, so a
            // lower bar would put the remark under every spec of a few thousand states.
            double worst = outcomes.stream().mapToDouble(SpecOutcome::collisionProbability).max().orElse(0);
            if (worst >= 1e-6) {
                stdout.println(String.format(java.util.Locale.ROOT,
                        "fingerprint collision probability: at most %.1e per spec (optimistic estimate: transitions "
                                + "x distinct / 2^F, F = fingerprint bits kept, %d or more; --exact stores whole "
                                + "states)", worst, fewestBits));
            }
        }
        String reduced = Tally.partialOrderRemark(outcomes);
        if (reduced != null && !quiet) {
            stdout.println(reduced);
        }
        stdout.println(Tally.of(outcomes).line());
        boolean interrupted = env.interruption().requested();
        if (interrupted) {
            stderr.println("trapcheck: interrupted; " + outcomes.size() + " of " + entries.size()
                    + " specs reported");
        }
        writeFailed |= reports.write(env, out.dir, quiet, outcomes, counterexamples, interrupted);
        stdout.flush();
        stderr.flush();
        int code = ExitCodes.of(outcomes.stream().map(SpecOutcome::status).toList(), interrupted);
        return writeFailed ? ExitCodes.stronger(code, ExitCodes.INVALID) : code;
    }

    /** The spec's result line; under --quiet only when it needs attention. */
    private void printResult(PrintWriter stdout, ResultTable table, SpecOutcome o) {
        if (!quiet || Tally.needsAttention(o)) {
            stdout.println(table.line(o));
        }
    }

    /** Explores the instrumented model and prints the coverage points it never reached. */
    private void printCoverage(CheckTarget target, PrintWriter stdout) {
        int n = flags.threadCount();
        Reviewer reviewer = new Reviewer(env.engine()::explore, new Reviewer.Settings(n, 0, 0, 0, false, true,
                search.maxStates(), () -> env.interruption().newSignal()), null, (stem, cx) -> null);
        PolicyReview.Coverage c = reviewer.coverage(target);
        if (c == null) {
            stdout.println("    coverage: the model has no coverage points");
            return;
        }
        String incomplete = c.complete() ? "" : " (exploration stopped by " + c.stoppedBy() + ": these may be reachable)";
        if (c.dead().isEmpty()) {
            stdout.println("    coverage: all " + c.points() + " points covered" + incomplete);
        } else {
            stdout.println("    coverage: " + c.dead().size() + " of " + c.points() + " points never covered" + incomplete
                    + ":");
            c.dead().forEach(d -> stdout.println("      " + d));
        }
    }

    private void validate() {
        flags.validate(spec.commandLine());
        flags.refusePartialOrderWith(spec.commandLine(), search.strategy != Strategy.BFS ? "--strategy dfs"
                : maxDepth != null && maxDepth > 0 ? "--max-depth" : checkpoint != null ? "--checkpoint"
                : resume != null ? "--resume" : null);
        if (search.maxStates() < 0 || (maxDepth != null && maxDepth < 0) || search.maxSeconds < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--max-states, --max-depth and --max-seconds take 0 (no limit) or a positive number");
        }
        if (maxTraceSteps < 2) {
            throw new ParameterException(spec.commandLine(),
                    "--max-trace-steps takes at least 2 (the first and the last step), got " + maxTraceSteps);
        }
        for (String problem : new String[] {checkpoints().flagProblem(), out.problem(), reports.problem(out.dir)}) {
            if (problem != null) {
                throw new ParameterException(spec.commandLine(), problem);
            }
        }
    }

    private CheckpointFolders checkpoints() {
        return new CheckpointFolders(checkpoint, resume);
    }

    /** What refuses the whole run before anything is explored (exit 2): a name given twice, a checkpoint. */
    private String beforeAnyWork(List<Entry> entries) {
        List<String> names = entries.stream()
                .map(e -> e.target() == null ? SpecFiles.stem(e.file()) : e.target().name()).toList();
        String problem = SpecNames.duplicate(names, entries.stream().map(Entry::file).toList());
        for (int i = 0; problem == null && i < entries.size(); i++) {
            CheckTarget target = entries.get(i).target();
            if (target != null) {
                problem = checkpoints().problem(target, options(target), env.err());
            }
        }
        return problem;
    }

    Options options(CheckTarget target) {
        CheckTarget.Settings settings = target.settings();
        int depth = maxDepth != null ? maxDepth : settings == null ? 0 : settings.maxDepth();
        Options o = flags.applyTo(Options.defaults().withStrategy(search.strategy), settings)
                .withLimits(search.maxStates(), depth, search.maxSeconds, flags.memoryBytes())
                .withStop(env.interruption().newSignal());
        o = o.withProgress(new ProgressPrinter(env.err(), target.name(), progress.shown(quiet, env)), PROGRESS_INTERVAL);
        CheckpointFolders folders = checkpoints();
        return o.withCheckpoint(folders.checkpointDir(target), folders.resumeDir(target), target.sourceHash());
    }

    private static ResultTable table(List<Entry> entries) {
        return table(entries.stream().map(Entry::file).toList(), entries.stream().map(Entry::target).toList());
    }

    /** The result table's columns for these spec files and their targets (null for a spec that did not load). */
    static ResultTable table(List<Path> files, List<CheckTarget> targets) {
        List<String> names = new ArrayList<>();
        List<List<String>> ids = new ArrayList<>();
        List<String> expectations = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            CheckTarget target = targets.get(i);
            if (target == null) {
                names.add(SpecFiles.stem(files.get(i)));
                continue;
            }
            names.add(target.name());
            ids.add(target.model().properties().stream().map(Property::id).toList());
            CheckTarget.Expectation exp = target.expectation();
            expectations.add(exp.verdict().word() + (exp.verdict() == Verdict.VIOLATED ? "/" + exp.invariant() : ""));
        }
        return ResultTable.of(names, ids, expectations);
    }
}
