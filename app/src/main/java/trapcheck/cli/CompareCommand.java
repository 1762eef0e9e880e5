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
import trapcheck.report.SelfContainedHtmlReport;
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
 * <p>Exits like {@code check}: 0 when every policy's verdicts agree with its spec's {@code expect}, 1
 * when one contradicts it (a property violated in a spec that expects holds, or the expected invariant
 * holding), 3 when a cell a limit stopped leaves it open and nothing contradicts, 2 when a spec is
 * invalid or a report cannot be written, 130 when interrupted (the policies reviewed so far are
 * reported).
 */
@Command(name = "compare", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Reviews policies side by side, as Markdown on stdout.",
            "A verdict per property (each property re-checked alone when the first counterexample does not"
                + " break it), costs under each workload from a seeded random simulation, and policy code no"
                + " exploration reached. Exits like check: 1 when a verdict contradicts a spec's expect, 3 when"
                + " a limit left a cell open."})
final class CompareCommand implements Callable<Integer> {

    private final Environment env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC|DIR", arity = "1..*",
            description = "Spec files, or folders whose *.yaml, *.yml and *.json files are specs.")
    List<Path> inputs = new ArrayList<>();

    @CommandLine.Mixin
    OutFolder out = new OutFolder();

    @CommandLine.Mixin
    ReviewOutputs outputs = new ReviewOutputs();

    /** With --html: the HTML view of every counterexample, in --out beside the traces; the verdicts link into it. */
    static final String COUNTEREXAMPLES_PAGE = "counterexamples.html";

    @CommandLine.Mixin
    SimulationFlags simulation = new SimulationFlags();

    @CommandLine.Mixin
    ThreadsFlag threads = new ThreadsFlag();

    @Option(names = "--no-recheck", description = "Do not check a property alone when the first counterexample "
            + "does not break it (its cell says 'holds so far').")
    boolean noRecheck;

    @Option(names = "--no-coverage", description = "Skip the search for dead policy code.")
    boolean noCoverage;

    @Option(names = "--no-por", description = "Search the verdicts without partial-order reduction (the default "
            + "reduces; same verdicts and steps either way: the review shows no state counts).")
    boolean noPartialOrder;

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
            files = SpecFiles.expand(inputs, env.providers().get(), env.err()::println);
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
        // Every counterexample also goes into one HTML view beside the traces, which --html's verdicts open.
        java.util.Map<String, Counterexample> views = new java.util.LinkedHashMap<>();
        java.util.Map<String, String> stemOfTrace = new java.util.HashMap<>();
        Reviewer.TraceSink sink = (stem, cx) -> {
            Path file = out.traceFile(stem, used);
            try {
                TraceJson.write(cx, file);
                synchronized (views) {
                    String name = file.getFileName().toString().replaceFirst("\\.trace\\.json$", "");
                    views.put(name, cx);
                    stemOfTrace.put(file.toString(), name);
                }
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
                        () -> env.interruption().newSignal(), !noPartialOrder),
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
        Path viewPage = out.dir.resolve(COUNTEREXAMPLES_PAGE);
        java.util.Map<String, String> anchorOfTrace = new java.util.HashMap<>();
        if (outputs.html != null && !views.isEmpty()) {
            // The same anchors the page gives its sections: by name, in the page's order.
            List<String> taken = new ArrayList<>();
            java.util.Map<String, String> anchorOf = new java.util.HashMap<>();
            views.keySet().forEach(name -> anchorOf.put(name, SelfContainedHtmlReport.anchor(name, taken)));
            stemOfTrace.forEach((trace, name) -> anchorOfTrace.put(trace, anchorOf.get(name)));
            failed |= ReviewOutputs.writeFile(env, viewPage, () -> SelfContainedHtmlReport.render(List.of(), views));
        }
        failed |= outputs.write(env, report::json, page -> report.html(page, viewPage, anchorOfTrace));
        if (interrupted) {
            env.err().println("trapcheck: interrupted; " + reviews.size() + " of " + targets.size()
                    + " policies reviewed");
            return ExitCodes.INTERRUPTED;
        }
        int code = ExitCodes.OK;
        for (int i = 0; i < reviews.size(); i++) {
            code = ExitCodes.stronger(code, gate(targets.get(i), reviews.get(i)));
        }
        return failed ? ExitCodes.stronger(code, ExitCodes.INVALID) : code;
    }

    /** What a policy's cells say about its spec's expect, as check's exit code would; says a contradiction. */
    private int gate(CheckTarget target, PolicyReview review) {
        CheckTarget.Expectation exp = target.expectation();
        boolean open = false;
        for (var e : review.cells().entrySet()) {
            PolicyReview.Cell.Kind kind = e.getValue().kind();
            boolean expected = exp.verdict() == trapcheck.engine.Verdict.VIOLATED && e.getKey().equals(exp.invariant());
            if (kind == PolicyReview.Cell.Kind.VIOLATED && exp.verdict() == trapcheck.engine.Verdict.HOLDS) {
                env.err().println("trapcheck: " + review.name() + ": expected holds but " + e.getKey() + " is violated");
                return ExitCodes.MISMATCH;
            }
            if (expected && kind == PolicyReview.Cell.Kind.HOLDS) {
                env.err().println("trapcheck: " + review.name() + ": expected violated/" + exp.invariant()
                        + " but it holds");
                return ExitCodes.MISMATCH;
            }
            open |= kind == PolicyReview.Cell.Kind.INCOMPLETE || (expected && kind == PolicyReview.Cell.Kind.HOLDS_SO_FAR);
        }
        return open ? ExitCodes.LIMIT : ExitCodes.OK;
    }
}
