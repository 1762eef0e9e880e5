package trapcheck.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import trapcheck.report.AtomicFiles;
import trapcheck.report.Counterexample;
import trapcheck.report.TraceJson;
import trapcheck.review.CompareReport;
import trapcheck.review.PolicyReview;
import trapcheck.review.Reviewer;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.SpecException;

/**
 * {@code trapcheck compare}: a design review of several policies (specs) side by side. Prints a
 * Markdown matrix of policies against properties (each cell {@code holds}, {@code violated (N steps)}
 * linking to its counterexample, {@code holds so far} or {@code -} when the policy does not check the
 * property), the cost of each policy under the model's workloads from a seeded random simulation, and
 * each policy's dead code. See {@link Reviewer} for how each part is computed.
 *
 * <p>Exit 0 when every spec was reviewed (whatever the verdicts: this is a review, not a gate), 2 when
 * a spec is invalid or a report cannot be written, 130 when interrupted (the policies reviewed so far
 * are reported).
 */
@Command(name = "compare", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Reviews policies side by side: a verdict per property (each property re-checked alone when the",
            "first counterexample does not break it), costs under each workload from a seeded random",
            "simulation, and policy code no exploration reached. Markdown to stdout."})
final class CompareCommand implements Callable<Integer> {

    private final Environment env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC|DIR", arity = "1..*",
            description = "Spec files, or folders whose *.yaml, *.yml and *.json files are specs.")
    List<Path> inputs = new ArrayList<>();

    @CommandLine.Mixin
    OutFolder out = new OutFolder();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the review as JSON.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the review as a self-contained HTML page.")
    Path html;

    @CommandLine.Mixin
    SimulationFlags simulation = new SimulationFlags();

    @CommandLine.Mixin
    ThreadsFlag threads = new ThreadsFlag();

    @Option(names = "--no-recheck", description = "Do not check a property alone when the first counterexample "
            + "does not break it (its cell says 'holds so far').")
    boolean noRecheck;

    @Option(names = "--no-coverage", description = "Skip the search for dead policy code.")
    boolean noCoverage;

    @CommandLine.Mixin
    MaxStatesFlag limit = new MaxStatesFlag();

    CompareCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        threads.validate(spec.commandLine());
        if (!simulation.valid() || limit.maxStates < 0) {
            throw new ParameterException(spec.commandLine(), "--runs, --depth and --max-states must not be negative");
        }
        List<Path> files;
        try {
            files = SpecFiles.expand(inputs);
        } catch (SpecFiles.UsageException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        boolean failed = false;
        List<CheckTarget> targets = new ArrayList<>();
        for (Path file : files) {
            try {
                targets.add(SpecFiles.load(env.providers().get(), file));
            } catch (SpecException e) {
                env.err().println(e.getMessage());
                failed = true;
            }
        }

        Set<String> used = new HashSet<>();
        List<String> writeErrors = new ArrayList<>();
        Reviewer.TraceSink sink = (stem, cx) -> {
            Path file = out.traceFile(stem, used);
            try {
                TraceJson.write(cx, file);
                return file.toString();
            } catch (IOException e) {
                writeErrors.add("trapcheck: cannot write " + file + ": " + e.getMessage());
                return null;
            }
        };
        int n = threads.count();
        Reviewer reviewer = new Reviewer(env.engine()::explore,
                new Reviewer.Settings(n, simulation.seed, simulation.runs, simulation.depth, !noRecheck, !noCoverage,
                        limit.maxStates,
                        () -> env.interruption().newSignal()),
                new Counterexample.Tool(Version.NAME, Version.VERSION), sink);
        List<PolicyReview> reviews = new ArrayList<>();
        for (CheckTarget target : targets) {
            if (env.interruption().requested()) {
                break;
            }
            reviews.add(reviewer.review(target));
        }
        boolean interrupted = env.interruption().requested();
        writeErrors.forEach(env.err()::println);
        failed |= !writeErrors.isEmpty();

        CompareReport report = new CompareReport(reviews, simulation.seed, simulation.runs, simulation.depth);
        env.out().print(report.markdown(path -> path));
        env.out().flush();
        if (json != null) {
            try {
                AtomicFiles.writeString(json, report.json());
            } catch (IOException e) {
                env.err().println("trapcheck: cannot write " + json + ": " + e.getMessage());
                failed = true;
            }
        }
        if (html != null) {
            try {
                AtomicFiles.writeString(html, report.html(html));
            } catch (IOException e) {
                env.err().println("trapcheck: cannot write " + html + ": " + e.getMessage());
                failed = true;
            }
        }
        if (interrupted) {
            env.err().println("trapcheck: interrupted; " + reviews.size() + " of " + targets.size()
                    + " policies reviewed");
            return ExitCodes.INTERRUPTED;
        }
        return failed ? ExitCodes.INVALID : ExitCodes.OK;
    }
}
