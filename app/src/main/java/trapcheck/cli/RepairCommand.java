package trapcheck.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import trapcheck.engine.Verdict;
import trapcheck.report.Counterexample;
import trapcheck.review.CheckPool;
import trapcheck.review.Repair;
import trapcheck.review.RepairReport;
import trapcheck.review.Reviewer;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.SpecException;

/**
 * {@code trapcheck repair}: the single edits (then pairs) of a violated policy that make it hold
 * non-vacuously, ranked by cost; the chosen one written as a spec. See {@link Repair}.
 */
@Command(name = "repair", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Searches the edits that make a violated policy hold.",
            "A fix keeps every property the spec checks, non-vacuously. The edits: every mutation operator of"
                + " `mutate` and the moves a fix makes (a preempt_disable region around ops, an op moved to another"
                + " hook, an op a hook lacks); single edits, then pairs when no single edit fixes it. Prints the"
                + " fixes cheapest first, each as a diff with its costs (as `compare` reports them), and writes the"
                + " one chosen as a spec. Markdown to stdout."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:a fix was found (and written, with --write), or the spec holds non-vacuously: nothing to repair",
            "1:every candidate was decided and none is a fix",
            "2:an invalid spec, a model without repair moves, no fix numbered --fix, or a usage error",
            "3:a limit (--max-states, --max-seconds) left the original or some candidate undecided, and no fix",
            "70:internal error (a bug: rerun with --debug and report it)",
            "130:interrupted (SIGINT/SIGTERM); the candidates decided so far are reported",
            "When several apply the strongest wins: 70 > 130 > 2 > 1 > 3 > 0."})
final class RepairCommand implements Callable<Integer> {

    private final Environment env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC", description = "The spec file.")
    Path input;

    @Option(names = "--pairs", paramLabel = "WHEN", defaultValue = "auto",
            description = "Search pairs of edits: auto (when no single edit is a fix), always, never "
                    + "(default: ${DEFAULT-VALUE}).")
    String pairs;

    @Option(names = "--moves", paramLabel = "OP", split = ",",
            description = "Try only these operators and moves (comma-separated; default: every one; the list is in"
                    + " docs/review.md).")
    List<String> moves = new ArrayList<>();

    @Option(names = "--write", paramLabel = "FILE", description = "Write the repaired spec of fix --fix as FILE.")
    Path write;

    @Option(names = "--fix", paramLabel = "N", defaultValue = "1",
            description = "Which fix --write writes, by its number in the table (default: ${DEFAULT-VALUE}, the cheapest).")
    int fix;

    @Option(names = "--write-all", paramLabel = "DIR",
            description = "Write the repaired spec of every fix into DIR, as NAME-fixN.yaml.")
    Path writeAll;

    @CommandLine.Mixin
    SimulationFlags simulation = new SimulationFlags();

    @CommandLine.Mixin
    ReviewOutputs outputs = new ReviewOutputs();

    @CommandLine.Mixin
    ReviewFlags flags = new ReviewFlags();

    @CommandLine.Mixin
    ReviewReductionFlag reduction = new ReviewReductionFlag();

    RepairCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        flags.validate(spec.commandLine());
        Repair.Pairs when = switch (pairs.toLowerCase(Locale.ROOT)) {
            case "auto" -> Repair.Pairs.AUTO;
            case "always" -> Repair.Pairs.ALWAYS;
            case "never" -> Repair.Pairs.NEVER;
            default -> throw new ParameterException(spec.commandLine(), "--pairs " + pairs + ": expected auto, always or never");
        };
        if (fix < 1 || !simulation.valid()) {
            throw new ParameterException(spec.commandLine(), "--fix must be 1 or more, --runs and --depth 0 or more");
        }
        CheckTarget target;
        try {
            target = SpecFiles.load(env.providers().get(), input);
        } catch (SpecException e) {
            env.err().println(e.getMessage());
            return ExitCodes.INVALID;
        }
        if (target.repairMoves().isEmpty()) {
            env.err().println("trapcheck: " + target.name() + ": the model gives no repair moves for this spec");
            return ExitCodes.INVALID;
        }
        Repair.Outcome outcome;
        try (CheckPool pool = flags.pool(env, "repair", reduction.on())) {
            Reviewer costs = new Reviewer(env.engine()::explore, new Reviewer.Settings(1, simulation.seed, simulation.runs, simulation.depth, false, false,
                    flags.maxStates, () -> pool.limits().stop()), new Counterexample.Tool(Version.NAME, Version.VERSION),
                    (stem, cx) -> null);
            try {
                outcome = new Repair(pool, costs).run(target, when, new java.util.LinkedHashSet<>(moves));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--moves: " + e.getMessage());
            }
        }
        RepairReport report = outcome.report();
        env.out().print(report.markdown());
        env.out().flush();
        boolean failed = outputs.write(env, report::json, path -> report.html());
        failed |= write(target, outcome);
        failed |= writeAll(target, outcome);
        int code = failed ? ExitCodes.INVALID : !report.needsRepair()
                ? (report.original().status() == RepairReport.Status.FIX ? ExitCodes.OK : ExitCodes.LIMIT)
                : !report.fixes().isEmpty() ? ExitCodes.OK : report.undecided() ? ExitCodes.LIMIT : ExitCodes.MISMATCH;
        if (env.interruption().requested()) {
            env.err().println("trapcheck: interrupted; the candidates decided so far are reported");
            return ExitCodes.stronger(code, ExitCodes.INTERRUPTED);
        }
        return code;
    }

    /** Writes fix --fix as a spec, when asked; true when it could not. */
    private boolean write(CheckTarget original, Repair.Outcome outcome) {
        if (write == null) {
            return false;
        }
        List<RepairReport.Candidate> fixes = outcome.report().fixes();
        if (fix > fixes.size()) {
            env.err().println("trapcheck: " + (fixes.isEmpty() ? "no fix" : "no fix numbered " + fix + " (there are "
                    + fixes.size() + ")") + ": " + write + " not written");
            return true;
        }
        return write(original, outcome, fix, write);
    }

    /** Writes every fix into --write-all's folder, when asked; true when one could not be written. */
    private boolean writeAll(CheckTarget original, Repair.Outcome outcome) {
        if (writeAll == null) {
            return false;
        }
        try {
            java.nio.file.Files.createDirectories(writeAll);
        } catch (java.io.IOException e) {
            env.err().println("trapcheck: cannot create " + writeAll + ": " + e.getMessage());
            return true;
        }
        boolean failed = false;
        for (int n = 1; n <= outcome.report().fixes().size(); n++) {
            failed |= write(original, outcome, n, writeAll.resolve(original.name() + "-fix" + n + ".yaml"));
        }
        return failed;
    }

    private boolean write(CheckTarget original, Repair.Outcome outcome, int fix, Path file) {
        RepairReport.Candidate f = outcome.report().fixes().get(fix - 1);
        CheckTarget fixed = outcome.fixed().get(fix - 1);
        List<String> comments = new ArrayList<>();
        comments.add(original.name() + " (" + original.file() + ") repaired by trapcheck repair, fix " + fix + ":");
        f.edits().forEach(e -> comments.add("  " + e.diff() + " (" + e.operator() + ", " + e.where() + ")"));
        String diffs = String.join("; then ", f.edits().stream().map(RepairReport.EditLine::diff).toList());
        String text = fixed.specText(original.name() + "-repaired", original.name() + " repaired: " + diffs,
                new CheckTarget.Expectation(Verdict.HOLDS, null), comments).orElse(null);
        if (text == null) {
            env.err().println("trapcheck: the model cannot write specs: " + file + " not written");
            return true;
        }
        return ReviewOutputs.writeFile(env, file, () -> text);
    }
}
