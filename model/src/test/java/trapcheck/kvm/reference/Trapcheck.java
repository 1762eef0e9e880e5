package trapcheck.kvm.reference;

import java.util.List;
import trapcheck.engine.Explorer;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.engine.Verdict;
import trapcheck.kvm.KvmTarget;
import trapcheck.kvm.spec.CheckConfig;
import trapcheck.kvm.spec.Spec;

/** trapcheck's answers on a spec, in the terms the reference explorer gives its own. */
final class Trapcheck {
    private Trapcheck() {
    }

    /**
     * @param violated     a checked invariant broke
     * @param length       the counterexample's steps (0 when it holds)
     * @param states       distinct states stored
     * @param neverEntered when it holds: the vCPUs named in the vacuity sentences
     */
    record Answer(boolean violated, int length, long states, List<String> neverEntered, List<String> trace) {
    }

    static Answer check(Spec spec, boolean symmetry, boolean exact) {
        return check(spec, Options.defaults().withThreads(1).withSymmetry(symmetry).withExact(exact));
    }

    static Answer check(Spec spec, Options options) {
        KvmTarget target = new KvmTarget(spec);
        Result r = Explorer.explore(target.model(), options);
        if (r.verdict() == Verdict.INCOMPLETE) {
            throw new AssertionError("trapcheck did not finish: " + r.stoppedBy());
        }
        boolean violated = r.verdict() == Verdict.VIOLATED;
        List<String> never = violated ? List.of() : target.instrumentation().unreachedGoals(r.stats().actionFires())
                .stream().map(s -> s.replace(" never entered the guest", "")).toList();
        List<String> trace = violated ? r.trace().steps().stream().map(st -> target.model().actionName(st.action()))
                .toList() : List.of();
        return new Answer(violated, violated ? r.trace().length() : 0, r.stats().distinct(), never, trace);
    }

    /** The spec checking only the given invariant. */
    static Spec alone(Spec spec, String invariant) {
        CheckConfig c = spec.check();
        return new Spec(spec.file(), spec.sha256(), spec.name(), spec.description(), spec.topology(), spec.guest(),
                spec.policy(), new CheckConfig(List.of(invariant), c.symmetry(), c.maxDepth()), spec.expect(),
                spec.sources());
    }
}
