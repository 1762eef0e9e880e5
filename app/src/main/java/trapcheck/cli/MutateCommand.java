package trapcheck.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import trapcheck.review.CheckPool;
import trapcheck.review.MutationReport;
import trapcheck.review.Mutations;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.SpecException;

/**
 * {@code trapcheck mutate}: every single-edit mutant of each policy, checked against the properties the
 * policy keeps; a table per policy (killed by which property in how many steps, or survived as dead
 * code, behaviour-identical or a finding) and the mutation score. See {@link Mutations}.
 */
@Command(name = "mutate", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Checks every single-edit mutant of each policy against the properties the policy keeps.",
            "Mutants: an op dropped, two ops swapped, a key forgotten, a condition inverted, a trap handler"
                + " moved, ... Prints the mutants killed (by which property, in how many steps) and the"
                + " survivors: dead code, behaviour-identical, or findings. Markdown to stdout."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every mutant was decided and none is a finding",
            "1:some mutant is a finding: the policy changed and no property noticed",
            "2:an invalid spec, a model without mutants, or a usage error",
            "3:a limit (--max-states, --max-seconds) left some mutant undecided, and no finding",
            "70:internal error (a bug: rerun with --debug and report it)",
            "130:interrupted (SIGINT/SIGTERM); the mutants decided so far are reported",
            "When several apply the strongest wins: 70 > 130 > 2 > 1 > 3 > 0."})
final class MutateCommand implements Callable<Integer> {

    private final Environment env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC|DIR", arity = "1..*",
            description = "Spec files, or folders whose *.yaml, *.yml and *.json files are specs.")
    List<Path> inputs = new ArrayList<>();

    @CommandLine.Mixin
    ReviewOutputs outputs = new ReviewOutputs();

    @CommandLine.Mixin
    ReviewFlags flags = new ReviewFlags();

    @CommandLine.Mixin
    ReviewReductionFlag reduction = new ReviewReductionFlag();

    MutateCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        flags.validate(spec.commandLine());
        List<CheckTarget> targets = new ArrayList<>();
        boolean failed = load(targets);
        List<MutationReport.Policy> policies = new ArrayList<>();
        boolean interrupted;
        try (CheckPool pool = flags.pool(env, "mutate", reduction.on())) {
            Mutations mutations = new Mutations(pool);
            for (CheckTarget t : targets) {
                if (t.mutants().isEmpty()) {
                    env.err().println("trapcheck: " + t.name() + ": the model gives no mutants of this spec");
                    failed = true;
                    continue;
                }
                if (env.interruption().requested()) {
                    break;
                }
                policies.add(mutations.review(t));
            }
            interrupted = env.interruption().requested();
        }
        MutationReport report = new MutationReport(policies);
        env.out().print(report.markdown());
        env.out().flush();
        failed |= outputs.write(env, report::json, path -> report.html());
        if (interrupted) {
            env.err().println("trapcheck: interrupted; " + policies.size() + " of " + targets.size() + " policies mutated");
            return ExitCodes.INTERRUPTED;
        }
        if (failed) {
            return ExitCodes.INVALID;
        }
        return report.hasFindings() ? ExitCodes.MISMATCH : report.hasUndecided() ? ExitCodes.LIMIT : ExitCodes.OK;
    }

    /** Loads every spec given; true when one could not be loaded (its error printed). */
    private boolean load(List<CheckTarget> targets) {
        List<Path> files;
        try {
            files = SpecFiles.expand(inputs, env.providers().get(), env.err()::println);
        } catch (SpecFiles.UsageException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        boolean failed = false;
        for (Path file : files) {
            try {
                targets.add(SpecFiles.load(env.providers().get(), file));
            } catch (SpecException e) {
                env.err().println(e.getMessage());
                failed = true;
            }
        }
        return failed;
    }
}
