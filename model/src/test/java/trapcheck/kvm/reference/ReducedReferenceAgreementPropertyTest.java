package trapcheck.kvm.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import trapcheck.engine.Options;
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
    @Property(tries = 100, shrinking = ShrinkingMode.OFF)   // a seed shrinks to nothing meaningful
    void reducedTrapcheckAgreesWithTheReference(@ForAll long seed) {
        RandomSpecs.Drawn d = RandomSpecs.draw(seed);
        ReferenceExplorer.Outcome ref = RandomSpecs.referenceOrDiscard(d.spec());
        for (boolean symmetry : new boolean[] {false, true}) {
            agree(d, "all selected, reduced, " + (symmetry ? "symmetry" : "no symmetry"), ref, reduced(d.spec(), symmetry),
                    !symmetry);
        }
        Statistics.label("verdict").collect(ref.violated() ? "violated" : ref.neverEntered().isEmpty() ? "holds"
                : "holds vacuously");
        for (Invariant i : new RefWorld(d.spec()).checked) {
            Spec alone = Trapcheck.alone(d.spec(), i.id());
            ReferenceExplorer.Outcome refAlone = RandomSpecs.referenceOrDiscard(alone);
            agree(d, i.id() + " alone, reduced, no symmetry", refAlone, reduced(alone, false), true);
        }
    }

    /** The reduced search's answer. */
    private static Trapcheck.Answer reduced(Spec spec, boolean symmetry) {
        return Trapcheck.check(spec, Options.defaults().withThreads(2).withSymmetry(symmetry).withPartialOrder(true));
    }

    private static void agree(RandomSpecs.Drawn d, String what, ReferenceExplorer.Outcome ref, Trapcheck.Answer tc,
                              boolean states) {
        String why = what + "\nreference: " + ref.broken() + " " + ref.trace() + "\ntrapcheck: " + tc.trace() + "\n" + d;
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
