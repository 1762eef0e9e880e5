package trapcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The culprit walk on hand-made traces of three registers r, s, t: each step a list of writes, the
 * states following from them, so every case says exactly which write carried the value.
 */
class CulpritWalkTest {

    static final Counterexample.Location OP = new Counterexample.Location("spec.yaml", 12, 9);

    /** A write: {@code to} takes {@code from}'s value, or (from a quoted 'literal') the literal. */
    record W(String to, String from) {
    }

    /** Steps of writes from r=s=t="-"; each step one effect per write, the effect's location OP. */
    static List<Counterexample.Step> steps(List<List<W>> writes) {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("r", "-");
        state.put("s", "-");
        state.put("t", "-");
        List<Counterexample.Step> out = new ArrayList<>();
        for (List<W> step : writes) {
            Map<String, String> before = new LinkedHashMap<>(state);
            List<Counterexample.Effect> effects = new ArrayList<>();
            for (W w : step) {
                boolean literal = w.from().startsWith("'");
                state.put(w.to(), literal ? w.from().substring(1) : state.get(w.from()));
                effects.add(new Counterexample.Effect(null, OP,
                        List.of(new Counterexample.Move(w.to(), literal ? null : w.from()))));
            }
            out.add(new Counterexample.Step(out.size() + 1, 0, "a", "step " + (out.size() + 1), List.of(),
                    state, Counterexample.diff(before, state), List.of(), effects, List.of()));
        }
        return out;
    }

    static Counterexample.Initial initial() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("r", "-");
        s.put("s", "-");
        s.put("t", "-");
        return new Counterexample.Initial(s, List.of());
    }

    static Counterexample.Culprit culprit(List<Counterexample.Step> steps, String... evidence) {
        return CulpritWalk.find(List.of(new Counterexample.Broken("p", "", "", List.of(evidence))), "p", Map.of(),
                initial(), steps);
    }

    @Test
    void theCulpritIsTheWriteBeforeTheOneIntoTheEvidence() {
        // 1 r:=X (made), 2 s:=r (the bad copy), 3 t:=s (the innocent restore), 4 nothing of it
        var steps = steps(List.of(List.of(new W("r", "'X")), List.of(new W("s", "r")), List.of(new W("t", "s")),
                List.of(new W("r", "'Y"))));
        var c = culprit(steps, "t");
        assertEquals(2, c.step());
        assertEquals("s", c.field());
        assertEquals(OP, c.location());
        assertEquals(List.of(new Counterexample.Hop(1, "r", null), new Counterexample.Hop(2, "s", "r"),
                new Counterexample.Hop(3, "t", "s")), c.flow());
    }

    @Test
    void writesWithinAStepAreFollowedInTheirOrder() {
        // 1 r:=X, s:=Y; 2 t:=s then s:=r (t got Y, the old s); the evidence t leads to s at step 1
        var steps = steps(List.of(List.of(new W("r", "'X"), new W("s", "'Y")),
                List.of(new W("t", "s"), new W("s", "r"))));
        assertEquals("Y", steps.get(1).state().get("t"));
        var c = culprit(steps, "t");
        assertEquals(List.of(new Counterexample.Hop(1, "s", null), new Counterexample.Hop(2, "t", "s")), c.flow());
        assertEquals(1, c.step());
        // and in the other order (s:=r then t:=s) t got X through s, written in the same step
        var other = steps(List.of(List.of(new W("r", "'X"), new W("s", "'Y")),
                List.of(new W("s", "r"), new W("t", "s"))));
        assertEquals("X", other.get(1).state().get("t"));
        var c2 = culprit(other, "t");
        assertEquals(List.of(new Counterexample.Hop(1, "r", null), new Counterexample.Hop(2, "s", "r"),
                new Counterexample.Hop(2, "t", "s")), c2.flow());
        assertEquals(2, c2.step());
        assertEquals("s", c2.field());
    }

    @Test
    void aValueMadeWhereItHarmsIsItsOwnCulprit() {
        var steps = steps(List.of(List.of(new W("r", "'X")), List.of(new W("s", "'Z"))));
        var c = culprit(steps, "r");
        assertEquals(1, c.step());
        assertEquals("r", c.field());
    }

    @Test
    void aResetToWhatWasThereDidNotBringTheValue() {
        // 1 s:=X, 2 t:=s, 3 s:=X again (a reset), 4 r:=s: the value came to s at step 1, not 3
        var steps = steps(List.of(List.of(new W("s", "'X")), List.of(new W("t", "'Q")), List.of(new W("s", "'X")),
                List.of(new W("r", "s"))));
        var c = culprit(steps, "r");
        assertEquals(1, c.step());
        assertEquals(List.of(new Counterexample.Hop(1, "s", null), new Counterexample.Hop(4, "r", "s")), c.flow());
    }

    @Test
    void withoutNamedWritesTheLastChangeOfTheEvidenceIsTheCulprit() {
        var steps = new ArrayList<Counterexample.Step>();
        for (var s : steps(List.of(List.of(new W("r", "'X")), List.of(new W("s", "'Y")), List.of(new W("r", "'Z"))))) {
            steps.add(new Counterexample.Step(s.index(), 0, s.label(), List.of(), s.state(), s.changed(), List.of()));
        }
        var c = culprit(steps, "r");
        assertEquals(3, c.step());
        assertNull(c.location());
    }

    @Test
    void evidenceNoStepWroteLeavesTheBreakingStepAtTheNamedLocation() {
        var steps = steps(List.of(List.of(new W("r", "'X")), List.of(new W("s", "'Y"))));
        var broken = List.of(new Counterexample.Broken("other", "", "", List.of("r")),
                new Counterexample.Broken("p", "", "", List.of("t")));
        // the expected property p is followed first: t was never written, so r (other's) decides
        var c = CulpritWalk.find(broken, "p", Map.of(), initial(), steps);
        assertEquals("other", c.property());
        assertEquals(1, c.step());
        // nothing written at all: the breaking step, at the location the evidence names
        var none = CulpritWalk.find(List.of(new Counterexample.Broken("p", "", "", List.of("t"))), "p",
                Map.of("p", OP), initial(), steps);
        assertEquals(2, none.step());
        assertNull(none.field());
        assertEquals(OP, none.location());
        // no field shows it, the step itself did: that step, nowhere in particular
        var itself = new java.util.HashMap<String, Counterexample.Location>();
        itself.put("p", null);
        var step = CulpritWalk.find(List.of(new Counterexample.Broken("p", "", "")), "p", itself, initial(), steps);
        assertEquals(2, step.step());
        assertNull(step.location());
        // and no evidence at all: no culprit
        assertNull(CulpritWalk.find(List.of(new Counterexample.Broken("p", "", "")), "p", Map.of(), initial(), steps));
    }
}
