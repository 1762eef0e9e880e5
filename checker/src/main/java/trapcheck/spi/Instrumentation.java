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

    /** Names of the event counters (e.g. "trap", "vcpu_load", "host_key_save"). */
    List<String> counters();

    /** Named workloads: a weight per action for random simulation (0: never chosen). */
    List<Workload> workloads();

    /** The same model, reporting coverage points and counted events of every step it takes to the probe. */
    Model instrumented(Probe probe);

    /** A named weighting of actions for random simulation. */
    record Workload(String name, String description, IntToDoubleFunction actionWeight) {
    }

    /** Receives instrumentation events; must be thread-safe. */
    interface Probe {
        void covered(int point);

        void counted(int counter);
    }
}
