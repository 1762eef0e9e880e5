package trapcheck.review;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import trapcheck.engine.Result;
import trapcheck.engine.Verdict;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.Instrumentation;

/**
 * Whether a hold means something: every goal of the target's instrumentation
 * ({@link Instrumentation#goals()}, for the KVM model "each vCPU that asked for ptrauth enters the
 * guest") is reached by an exploration that goes past violations. A hold that leaves a goal
 * unreached is vacuous: whatever the properties say, the thing they are about never happened. The
 * exploration stops as soon as every goal is reached, usually after a few levels.
 */
final class Vacuity {
    private Vacuity() {
    }

    /** The goals no run reaches (empty: not vacuous), or null when the exploration stopped first. */
    static List<String> unreached(CheckTarget target, CheckPool pool) {
        Instrumentation inst = target.instrumentation();
        List<String> goals = inst.goals();
        if (goals.isEmpty()) {
            return List.of();
        }
        AtomicIntegerArray reached = new AtomicIntegerArray(goals.size());
        trapcheck.engine.StopSignal done = new trapcheck.engine.StopSignal();
        Result r = pool.explore(ReviewModels.goals(inst, reached, done), target.settings(), done);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < goals.size(); i++) {
            if (reached.get(i) == 0) {
                out.add(goals.get(i));
            }
        }
        if (!out.isEmpty() && r.verdict() == Verdict.INCOMPLETE) {
            // stopped before every state was seen: an unreached goal may be reachable
            return null;
        }
        return out;
    }

    /** "vacuous: vm0.vcpu0 never enters the guest", for a non-empty list of unreached goals. */
    static String describe(List<String> unreached) {
        return "vacuous: no run reaches " + String.join(", ", unreached.stream().map(g -> "\"" + g + "\"").toList());
    }
}
