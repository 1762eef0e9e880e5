package trapcheck.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import trapcheck.review.Sweep;
import trapcheck.review.SweepReport;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.SpecException;

/**
 * {@code trapcheck sweep}: a spec on every machine within the bounds, smallest first; the smallest that
 * violates with its counterexample, the largest proven to hold, the table of machines checked. See
 * {@link Sweep}.
 */
@Command(name = "sweep", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Checks a spec on every machine within the bounds, smallest first.",
            "Reports the smallest machine that violates, with its counterexample, the largest proven to hold,"
                + " and the table of machines checked (the model names the bounds and their defaults; the report"
                + " lists them). Markdown to stdout; --json, --html and --write-smallest take one spec."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every machine checked holds",
            "1:some machine violates",
            "2:an invalid spec, an unknown bound, a model without machines, or a usage error",
            "3:a limit (--max-states, --max-seconds) left some machine undecided, and none violates",
            "70:internal error (a bug: rerun with --debug and report it)",
            "130:interrupted (SIGINT/SIGTERM); the machines checked so far are reported",
            "When several apply the strongest wins: 70 > 130 > 2 > 1 > 3 > 0."})
final class SweepCommand implements Callable<Integer> {

    private final Environment env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC", arity = "1..*", description = "Spec files.")
    List<Path> inputs = new ArrayList<>();

    @Option(names = "--max", paramLabel = "BOUND=N", mapFallbackValue = "",
            description = "The largest value of a bound the model names (repeatable; a bound not given takes the "
                    + "model's default; the report lists every bound).")
    Map<String, String> max = new LinkedHashMap<>();

    @Option(names = "--first", description = "Stop after the first size at which some machine violates.")
    boolean first;

    @Option(names = "--write-smallest", paramLabel = "FILE",
            description = "Write the smallest violating machine as a spec file of its own (one spec only).")
    Path writeSmallest;

    @CommandLine.Mixin
    ReviewOutputs outputs = new ReviewOutputs();

    @CommandLine.Mixin
    ReviewFlags flags = new ReviewFlags();

    @CommandLine.Mixin
    ReviewReductionFlag reduction = new ReviewReductionFlag();

    SweepCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        flags.validate(spec.commandLine());
        Map<String, Integer> bounds = bounds();
        if (inputs.size() > 1 && (outputs.any() || writeSmallest != null)) {
            throw new ParameterException(spec.commandLine(), "--json, --html and --write-smallest take one spec");
        }
        int code = ExitCodes.OK;
        try (CheckPool pool = flags.pool(env, "sweep", reduction.on())) {
            Sweep sweep = new Sweep(pool, new Counterexample.Tool(Version.NAME, Version.VERSION));
            for (Path file : inputs) {
                if (env.interruption().requested()) {
                    break;
                }
                CheckTarget target;
                try {
                    target = SpecFiles.load(env.providers().get(), file);
                } catch (SpecException e) {
                    env.err().println(e.getMessage());
                    code = ExitCodes.stronger(code, ExitCodes.INVALID);
                    continue;
                }
                SweepReport report;
                try {
                    report = sweep.run(target, bounds, first);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage());
                }
                env.out().print(report.markdown());
                env.out().flush();
                boolean failed = outputs.write(env, report::json, path -> report.html());
                failed |= writeSmallest(target, report);
                code = ExitCodes.stronger(code, failed ? ExitCodes.INVALID : report.smallestViolating() != null
                        ? ExitCodes.MISMATCH : report.undecided() ? ExitCodes.LIMIT : ExitCodes.OK);
            }
        }
        if (env.interruption().requested()) {
            env.err().println("trapcheck: interrupted; the machines checked so far are reported");
            return ExitCodes.stronger(code, ExitCodes.INTERRUPTED);
        }
        return code;
    }

    private Map<String, Integer> bounds() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : max.entrySet()) {
            try {
                out.put(e.getKey(), Integer.parseInt(e.getValue()));
            } catch (NumberFormatException ex) {
                throw new ParameterException(spec.commandLine(), "--max " + e.getKey() + "=" + e.getValue()
                        + ": expected a whole number");
            }
        }
        return out;
    }

    /** Writes the smallest violating machine as a spec, when asked and there is one; true when it could not. */
    private boolean writeSmallest(CheckTarget target, SweepReport report) {
        SweepReport.Row smallest = report.smallestViolating();
        if (writeSmallest == null) {
            return false;
        }
        if (smallest == null) {
            env.err().println("trapcheck: no machine violates: " + writeSmallest + " not written");
            return false;
        }
        CheckTarget at = target.topologies().orElseThrow().within(bounds()).stream()
                .filter(p -> p.label().equals(smallest.label())).findFirst().orElseThrow().target().get();
        String text = at.specText(at.name().replaceAll("[^A-Za-z0-9._-]", "-"), target.name() + " on " + smallest.label(),
                new CheckTarget.Expectation(Verdict.VIOLATED, smallest.broken().contains(target.expectation().invariant())
                        ? target.expectation().invariant() : smallest.broken().get(0)),
                List.of("The smallest machine on which " + target.name() + " (" + target.file() + ") violates,",
                        "written by trapcheck sweep.")).orElse(null);
        if (text == null) {
            env.err().println("trapcheck: the model cannot write specs: " + writeSmallest + " not written");
            return true;
        }
        return ReviewOutputs.writeFile(env, writeSmallest, () -> text);
    }
}
