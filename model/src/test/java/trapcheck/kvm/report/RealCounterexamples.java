package trapcheck.kvm.report;

import java.nio.file.Path;
import trapcheck.engine.Explorer;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.engine.Strategy;
import trapcheck.engine.Verdict;
import trapcheck.kvm.KvmTarget;
import trapcheck.kvm.spec.SpecLoader;
import trapcheck.report.Counterexample;
import trapcheck.report.SpecOutcome;
import trapcheck.spi.SpecException;

/** Runs the real engine on a shipped spec, as {@code check} does, for report tests. */
public final class RealCounterexamples {
    public static final Path SPECS = Path.of("..", "specs");
    public static final Counterexample.Tool TOOL = new Counterexample.Tool("trapcheck", "test");

    private RealCounterexamples() {
    }

    public record Checked(KvmTarget target, Result result, Counterexample counterexample) {
        public SpecOutcome outcome(String traceFile) {
            var exp = target.expectation();
            return new SpecOutcome(target.name(), target.file().toString(), result.verdict().word(),
                    counterexample == null ? java.util.List.of() : counterexample.violatedIds(),
                    new SpecOutcome.Expected(exp.verdict().word(), exp.invariant()), SpecOutcome.Status.MATCHED,
                    result.stats().distinct(), result.stats().generated(), result.stats().depth(), 0.1, traceFile,
                    null, 1, 0, null);
        }

        /** The outcome of a hold as check reports it: the actions that never fired and the goals never reached. */
        public SpecOutcome holdOutcome() {
            var exp = target.expectation();
            long[] fires = result.stats().actionFires();
            java.util.List<String> never = new java.util.ArrayList<>();
            for (int a = 0; a < fires.length; a++) {
                if (fires[a] == 0) {
                    never.add(target.model().actionName(a));
                }
            }
            SpecOutcome o = new SpecOutcome(target.name(), target.file().toString(), result.verdict().word(),
                    java.util.List.of(), new SpecOutcome.Expected(exp.verdict().word(), exp.invariant()),
                    SpecOutcome.Status.MATCHED, result.stats().distinct(), result.stats().generated(),
                    result.stats().depth(), 0.1, null, null, 1, 0, null, never);
            java.util.List<String> unreached = target.instrumentation().unreachedGoals(fires);
            return unreached == null ? o : o.withVacuous(unreached, false);
        }
    }

    /** BFS (shortest counterexample, deterministic for any thread count) with the spec's symmetry. */
    public static Checked check(String specFile) throws SpecException {
        return check(specFile, Options.defaults().withThreads(2));
    }

    /** DFS on one thread, as {@code check --strategy=dfs} explores: a long counterexample, not a short one. */
    public static Checked checkDfs(String specFile) throws SpecException {
        return check(specFile, Options.defaults().withStrategy(Strategy.DFS).withThreads(1));
    }

    private static Checked check(String specFile, Options options) throws SpecException {
        KvmTarget target = new KvmTarget(SpecLoader.load(SPECS.resolve(specFile)));
        Result r = Explorer.explore(target.model(), options.withSymmetry(target.settings().symmetry()));
        Counterexample cx = r.verdict() == Verdict.VIOLATED
                ? Counterexample.of(TOOL, target, r.trace(), r.violations()) : null;
        return new Checked(target, r, cx);
    }
}
