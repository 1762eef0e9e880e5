package trapcheck.kvm.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import trapcheck.engine.Explorer;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.engine.Verdict;
import trapcheck.kvm.KvmTarget;
import trapcheck.kvm.spec.Invariant;
import trapcheck.kvm.spec.Spec;

/**
 * Partial-order reduction against the independent reference explorer on random small specs: with
 * reduction, symmetry on and off, trapcheck gives the reference's verdict, shortest counterexample
 * length and vacuity, for all selected invariants and for each alone, and never stores more states
 * than the reference (without symmetry). The reduced search chooses among every qualifying
 * thread's ample set and takes grounded witnesses (ENGINE.md "Partial order").
 */
class ReducedReferenceAgreementPropertyTest {
    private static final long BUDGET = 12_000;

    @Property(tries = 100, shrinking = ShrinkingMode.OFF)   // a seed shrinks to nothing meaningful
    void reducedTrapcheckAgreesWithTheReference(@ForAll long seed) {
        RandomSpecs.Drawn d = RandomSpecs.draw(seed);
        ReferenceExplorer.Outcome ref = reference(d.spec());
        for (boolean symmetry : new boolean[] {false, true}) {
            agree(d, "all selected, reduced, " + (symmetry ? "symmetry" : "no symmetry"), ref, reduced(d.spec(), symmetry),
                    !symmetry);
        }
        Statistics.label("verdict").collect(ref.violated() ? "violated" : ref.neverEntered().isEmpty() ? "holds"
                : "holds vacuously");
        for (Invariant i : new RefWorld(d.spec()).checked) {
            Spec alone = Trapcheck.alone(d.spec(), i.id());
            ReferenceExplorer.Outcome refAlone = reference(alone);
            agree(d, i.id() + " alone, reduced, no symmetry", refAlone, reduced(alone, false), true);
        }
    }

    /** The reduced search's answer, in the reference's terms. */
    private static Reduced reduced(Spec spec, boolean symmetry) {
        KvmTarget target = new KvmTarget(spec);
        Result r = Explorer.explore(target.model(),
                Options.defaults().withThreads(2).withSymmetry(symmetry).withPartialOrder(true));
        if (r.verdict() == Verdict.INCOMPLETE) {
            throw new AssertionError("trapcheck did not finish: " + r.stoppedBy());
        }
        boolean violated = r.verdict() == Verdict.VIOLATED;
        List<String> never = violated ? List.of() : target.instrumentation().unreachedGoals(r.stats().actionFires())
                .stream().map(s -> s.replace(" never entered the guest", "")).toList();
        return new Reduced(violated, violated ? r.trace().length() : 0, r.stats().distinct(), never);
    }

    private record Reduced(boolean violated, int length, long states, List<String> neverEntered) {
    }

    private static ReferenceExplorer.Outcome reference(Spec spec) {
        try {
            return ReferenceExplorer.explore(spec, BUDGET);
        } catch (ReferenceExplorer.TooBig e) {
            Assume.that(false);
            throw e;
        }
    }

    private static void agree(RandomSpecs.Drawn d, String what, ReferenceExplorer.Outcome ref, Reduced tc,
                              boolean states) {
        String why = what + "\nreference: " + ref.broken() + " " + ref.trace() + "\n" + d;
        assertEquals(ref.violated(), tc.violated(), "verdict, " + why);
        assertEquals(ref.length(), tc.length(), "shortest counterexample, " + why);
        if (!ref.violated()) {
            assertEquals(ref.neverEntered(), tc.neverEntered(), "vacuity, " + why);
            if (states) {
                assertTrue(tc.states() <= ref.states(), "never more states than the reference, " + why);
            }
        }
    }
}
