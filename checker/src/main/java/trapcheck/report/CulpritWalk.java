package trapcheck.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds a counterexample's culprit: the step that wrote the offending value, which is often far from
 * the step where the harm shows (a key saved into the wrong context, restored and used much later).
 *
 * <p>The walk starts from a field of the broken property's evidence ({@link Counterexample.Broken#evidence})
 * and goes back through the trace's writes ({@link Counterexample.Effect#moves}, in order within a
 * step): the last write to that field; if it copied the value from another field, the last write to
 * that one before it; and so on, until a write that made the value, or the initial state. That is the
 * value's way, every write of it. A write that made a value the field already held before the step
 * (a reset to what was there) did not bring it: the walk goes on past it. A step that changed the field
 * without the model naming a write is taken as having made the value there, so a model that names no
 * writes still gets the last step that changed the evidence.
 *
 * <p>The culprit is the last write that put the value into a field it then flowed from, on its way to
 * the evidence: the write before the one into the evidence field itself (that one is usually an
 * innocent restore), or that one when the value came straight from where it was made. The expected
 * property's evidence is followed first, then the others'; the first field whose value some step
 * wrote decides. When the model says that no field but the breaking step itself shows it (a feature
 * used that the ID registers hide), the culprit is that step, at the location the model gives; when
 * the model names no evidence at all, or only fields that no step wrote, there is no culprit.
 */
final class CulpritWalk {

    private CulpritWalk() {
    }

    /** One write of the value, with where the spec asks for it. */
    private record Write(int step, String field, String from, Counterexample.Location location) {
    }

    /**
     * @param expected   the invariant the spec expects broken, or null
     * @param evidenceAt by property id, for a property that no field shows but the breaking step itself:
     *                   where the spec asks for what broke it (null: nowhere in particular)
     * @return the culprit, or null for a counterexample of no steps
     */
    static Counterexample.Culprit find(List<Counterexample.Broken> broken, String expected,
                                       Map<String, Counterexample.Location> evidenceAt, Counterexample.Initial initial,
                                       List<Counterexample.Step> steps) {
        if (steps.isEmpty() || broken.isEmpty()) {
            return null;
        }
        List<Counterexample.Broken> order = new ArrayList<>(broken);
        order.sort((a, b) -> Boolean.compare(!a.id().equals(expected), !b.id().equals(expected)));
        for (Counterexample.Broken b : order) {
            for (String field : b.evidence()) {
                List<Write> way = way(field, initial, steps);
                if (!way.isEmpty()) {
                    Write culprit = way.size() >= 2 ? way.get(way.size() - 2) : way.get(0);
                    return new Counterexample.Culprit(b.id(), culprit.step(), culprit.field(), culprit.location(),
                            way.stream().map(w -> new Counterexample.Hop(w.step(), w.field(), w.from())).toList());
                }
            }
        }
        Counterexample.Broken first = null;
        for (Counterexample.Broken b : order) {
            if (evidenceAt.containsKey(b.id()) && (first == null || evidenceAt.get(first.id()) == null)) {
                first = b;
            }
        }
        if (first == null) {
            return null; // the model says nothing about what shows the violation
        }
        Counterexample.Location at = evidenceAt.get(first.id());
        return new Counterexample.Culprit(first.id(), steps.size(), null, at, List.of());
    }

    /** Every write of the value {@code field} holds at the end, oldest first; empty when no step wrote it. */
    static List<Write> way(String field, Counterexample.Initial initial, List<Counterexample.Step> steps) {
        String value = steps.get(steps.size() - 1).state().get(field);
        List<Write> way = new ArrayList<>();
        String f = field;
        int k = steps.size();
        int before = Integer.MAX_VALUE; // only moves of step k before this position are still to look at
        walk:
        while (k >= 1) {
            Counterexample.Step s = steps.get(k - 1);
            List<Counterexample.Effect> effects = s.effects();
            int position = 0;
            int foundEffect = -1;
            Counterexample.Move found = null;
            int foundPosition = -1;
            for (int e = 0; e < effects.size(); e++) {
                for (Counterexample.Move m : effects.get(e).moves()) {
                    if (position < before && m.to().equals(f)) {
                        found = m;
                        foundEffect = e;
                        foundPosition = position;
                    }
                    position++;
                }
            }
            if (found == null) {
                if (before == Integer.MAX_VALUE && s.changed().containsKey(f) && !writes(s, f)) {
                    way.add(new Write(k, f, null, null));
                    break;
                }
                k--;
                before = Integer.MAX_VALUE;
                continue;
            }
            Counterexample.Location location = effects.get(foundEffect).location();
            if (found.from() == null) {
                Map<String, String> previous = k == 1 ? initial.state() : steps.get(k - 2).state();
                if (Objects.equals(previous.get(f), value)) {
                    k--; // a write of what was already there: the value came from before the step
                    before = Integer.MAX_VALUE;
                    continue walk;
                }
                way.add(new Write(k, f, null, location));
                break;
            }
            way.add(new Write(k, f, found.from(), location));
            f = found.from();
            before = foundPosition;
        }
        Collections.reverse(way);
        return way;
    }

    private static boolean writes(Counterexample.Step s, String field) {
        Set<String> written = new LinkedHashSet<>();
        s.effects().forEach(e -> e.moves().forEach(m -> written.add(m.to())));
        return written.contains(field);
    }
}
