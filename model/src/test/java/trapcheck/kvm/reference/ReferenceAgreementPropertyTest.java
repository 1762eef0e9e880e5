package trapcheck.kvm.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.statistics.Statistics;
import trapcheck.kvm.spec.Invariant;
import trapcheck.kvm.spec.Spec;

/**
 * trapcheck and the independent reference explorer agree on random small specs: the verdict and
 * the shortest counterexample's length with symmetry on and off, in exact and fingerprint mode;
 * for each checked invariant alone its shortest counterexample (or that it holds); vacuity; and,
 * without symmetry, the number of states.
 */
class ReferenceAgreementPropertyTest {
    @Property(tries = 120, shrinking = ShrinkingMode.OFF)   // a seed shrinks to nothing meaningful
    void trapcheckAgreesWithTheReference(@ForAll long seed) {
        RandomSpecs.Drawn d = RandomSpecs.draw(seed);
        ReferenceExplorer.Outcome ref = RandomSpecs.referenceOrDiscard(d.spec());
        for (boolean symmetry : new boolean[] {false, true}) {
            for (boolean exact : new boolean[] {true, false}) {
                Trapcheck.Answer tc = Trapcheck.check(d.spec(), symmetry, exact);
                String where = (symmetry ? "symmetry" : "no symmetry") + (exact ? ", exact" : ", fingerprints");
                agree(d, "all selected, " + where, ref, tc, !symmetry);
            }
        }
        Statistics.label("verdict").collect(ref.violated() ? "violated" : ref.neverEntered().isEmpty() ? "holds"
                : "holds vacuously");
        for (Invariant i : new RefWorld(d.spec()).checked) {
            Spec alone = Trapcheck.alone(d.spec(), i.id());
            ReferenceExplorer.Outcome refAlone = RandomSpecs.referenceOrDiscard(alone);
            agree(d, i.id() + " alone, no symmetry", refAlone, Trapcheck.check(alone, false, true), true);
            agree(d, i.id() + " alone, symmetry", refAlone, Trapcheck.check(alone, true, false), false);
            Statistics.label("alone").collect(i.id() + (refAlone.violated() ? " violated" : " holds"));
        }
    }

    private static void agree(RandomSpecs.Drawn d, String what, ReferenceExplorer.Outcome ref, Trapcheck.Answer tc,
                              boolean states) {
        String why = what + "\nreference: " + ref.broken() + " " + ref.trace() + "\ntrapcheck: " + tc.trace() + "\n" + d;
        assertEquals(ref.violated(), tc.violated(), "verdict, " + why);
        assertEquals(ref.length(), tc.length(), "shortest counterexample, " + why);
        if (!ref.violated()) {
            assertEquals(ref.neverEntered(), tc.neverEntered(), "vacuity, " + why);
            if (states) {
                assertEquals(ref.states(), tc.states(), "states without symmetry, " + why);
            }
        }
    }
}
