package trapcheck.spi;

import java.util.List;
import java.util.function.IntToDoubleFunction;
import trapcheck.engine.Model;

/**
 * Lets a design review see inside a model: which parts of a policy a run exercised (coverage points)
 * and how often costly events happened (counters), under named workloads that weight the actions of
 * a random simulation.
 */
public interface Instrumentation {

    Instrumentation NONE = new Instrumentation() {
        @Override
        public List<String> coveragePoints() {
            return List.of();
        }

        @Override
        public List<String> counters() {
            return List.of();
        }

        @Override
        public List<Workload> workloads() {
            return List.of();
        }

        @Override
        public Model instrumented(Probe probe) {
            throw new UnsupportedOperationException("no instrumentation");
        }
    };

    /** Names of the coverage points (e.g. "hooks.trap.do[0] if vcpu_has_ptrauth: then"). */
    List<String> coveragePoints();

    /**
     * What a hold must have reached to mean something (e.g. "vm0.vcpu0 enters the guest"): a check
     * that holds while some goal is never reached holds vacuously. Reported to the probe as they are
     * reached; empty (the default) when the model names none.
     */
    default List<String> goals() {
        return List.of();
    }

    /**
     * The goals a complete exploration left unreached, told from how often each action fired in it
     * ({@code Statistics.actionFires}, counted over the states stored, which under symmetry are
     * representatives), one sentence each ("vm0.vcpu0 never entered the guest"): empty when every
     * goal was reached, null when the fire counts cannot tell (then explore {@link #instrumented}).
     * Lets {@code check} say a hold is vacuous without a second exploration.
     */
    default List<String> unreachedGoals(long[] actionFires) {
        return null;
    }

    /** Names of the event counters (e.g. "trap", "vcpu_load", "host_key_save"). */
    List<String> counters();

    /** Named workloads: a weight per action for random simulation (0: never chosen). */
    List<Workload> workloads();

    /**
     * The same model, reporting coverage points and counted events of every step it computes to the
     * probe. A worker reports the events of a transition while computing it, before handing the
     * successor to the sink of {@code successors}, and an action that turns out not to be enabled
     * reports nothing: so the events between two successors belong to the second.
     */
    Model instrumented(Probe probe);

    /**
     * The costs a design review shows, as ratios of two counters (e.g. traps per load); empty (the
     * default) to show each counter per simulated step.
     */
    default List<CostRatio> costRatios() {
        return List.of();
    }

    /** "{@code numerator} per {@code denominator}", both names of {@link #counters()}. */
    record CostRatio(String name, String numerator, String denominator) {
    }

    /** A named weighting of actions for random simulation. */
    record Workload(String name, String description, IntToDoubleFunction actionWeight) {
    }

    /** Receives instrumentation events; must be thread-safe. */
    interface Probe {
        void covered(int point);

        void counted(int counter);

        /** A goal of {@link #goals()} was reached by the step being computed. */
        default void reached(int goal) {
        }
    }
}
