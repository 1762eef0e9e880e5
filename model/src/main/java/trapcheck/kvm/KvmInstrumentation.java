package trapcheck.kvm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import trapcheck.engine.ForwardingModel;
import trapcheck.engine.Model;
import trapcheck.spi.Instrumentation;

/**
 * Coverage of the policy's ops and branches, and counts of costly events, for design review. Three
 * workloads weight the guest's ptrauth instructions against everything else a thread can do: never
 * (a guest without ptrauth code), sometimes, and always (a guest that uses ptrauth whenever it runs).
 */
final class KvmInstrumentation implements Instrumentation {
    private final KvmModel model;

    KvmInstrumentation(KvmModel model) {
        this.model = model;
    }

    @Override
    public List<String> coveragePoints() {
        return List.of(model.policy.coveragePoints);
    }

    @Override
    public List<String> counters() {
        return Arrays.stream(StepObserver.Counter.values()).map(c -> c.word).toList();
    }

    /** What a design review weighs: traps and host-key saves per vcpu_load, key-register accesses per world switch. */
    @Override
    public List<CostRatio> costRatios() {
        return List.of(
                new CostRatio("traps per vcpu_load", "trap", "vcpu_load"),
                new CostRatio("key-register accesses per world switch", "key_register_access", "world_switch"),
                new CostRatio("host-key saves per vcpu_load", "host_key_save", "vcpu_load"));
    }

    @Override
    public List<Workload> workloads() {
        return List.of(
                new Workload("never", "the guest never uses ptrauth", a -> weight(a, 0)),
                new Workload("sometimes", "the guest uses ptrauth now and then", a -> weight(a, 0.05)),
                new Workload("always", "the guest uses ptrauth whenever it runs", a -> weight(a, 20)));
    }

    private double weight(int action, double guestInsn) {
        return model.actions.kind[action] == Actions.INSN ? guestInsn : 1.0;
    }

    @Override
    public Model instrumented(Instrumentation.Probe probe) {
        StepObserver adapter = new StepObserver() {
            @Override
            public void covered(int point) {
                probe.covered(point);
            }

            @Override
            public void counted(StepObserver.Counter counter) {
                probe.counted(counter.ordinal());
            }
        };
        return new ForwardingModel(model) {
            @Override
            public Worker newWorker() {
                return new GoalWorker(model.newWorker(adapter), probe);
            }
        };
    }

    /**
     * Vacuity (docs/review.md): a hold means little if a vCPU that asked for ptrauth never ran its
     * guest. One goal per such vCPU: it enters the guest.
     */
    @Override
    public List<String> goals() {
        List<String> out = new ArrayList<>();
        for (int g : goalVcpus()) {
            out.add(model.world.vcpuNames[g] + " enters the guest");
        }
        return out;
    }

    /**
     * A goal vCPU entered the guest when its ENTER action fired, or that of a vCPU interchangeable with
     * it (same VM configuration, {@link World#vmClass}): under symmetry the stored representative may
     * show the class's entry on another member, and without reduction the whole state space is
     * symmetric, so the class-level answer is exact either way.
     */
    @Override
    public List<String> unreachedGoals(long[] actionFires) {
        World w = model.world;
        if (actionFires == null || actionFires.length != model.actions.count) {
            return null;
        }
        boolean[] classEntered = new boolean[w.vms];
        for (int a = 0; a < actionFires.length; a++) {
            int g = w.threadVcpu(model.actions.thread[a]);
            if (model.actions.kind[a] == Actions.ENTER && g >= 0 && actionFires[a] > 0) {
                classEntered[w.vmClass[w.vcpuVm[g]]] = true;
            }
        }
        List<String> out = new ArrayList<>();
        for (int g : goalVcpus()) {
            if (!classEntered[w.vmClass[w.vcpuVm[g]]]) {
                out.add(w.vcpuNames[g] + " never entered the guest");
            }
        }
        return out;
    }

    /** The vCPUs whose VM requested address or generic authentication. */
    private int[] goalVcpus() {
        return java.util.stream.IntStream.range(0, model.world.vcpus)
                .filter(g -> model.world.requestedAddress[g] || model.world.requestedGeneric[g]).toArray();
    }

    /**
     * Reports the goals of the vCPUs in the guest in every state a step reaches. Under symmetry one
     * state stands for all its renamings, so a vCPU entering the guest reaches the goal of every vCPU
     * interchangeable with it (the vCPUs of VMs of one configuration, {@link World#vmClass}): they
     * can all enter it. Without reduction the same holds of the full state space, which is symmetric.
     */
    private final class GoalWorker implements Model.Worker {
        private final Model.Worker inner;
        private final Instrumentation.Probe probe;
        private final int[] vcpus = goalVcpus();
        private final boolean[] reported = new boolean[vcpus.length];

        GoalWorker(Model.Worker inner, Instrumentation.Probe probe) {
            this.inner = inner;
            this.probe = probe;
        }

        private void look(long[] state) {
            for (int i = 0; i < vcpus.length; i++) {
                if (!reported[i] && model.layout.vcpuLoc[vcpus[i]].get(state) == StateLayout.LOC_GUEST) {
                    int vmClass = model.world.vmClass[model.world.vcpuVm[vcpus[i]]];
                    for (int j = 0; j < vcpus.length; j++) {
                        if (model.world.vmClass[model.world.vcpuVm[vcpus[j]]] == vmClass && !reported[j]) {
                            reported[j] = true;
                            probe.reached(j);
                        }
                    }
                }
            }
        }

        @Override
        public long check(long[] state) {
            look(state);
            return inner.check(state);
        }

        @Override
        public void successors(long[] state, Model.Successors sink) {
            inner.successors(state, (action, next, violations) -> {
                look(next);
                sink.accept(action, next, violations);
            });
        }

        @Override
        public long apply(long[] state, int action, long[] next) {
            long r = inner.apply(state, action, next);
            if (r != Model.NOT_ENABLED) {
                look(next);
            }
            return r;
        }

        @Override
        public void representative(long[] state, long[] out) {
            inner.representative(state, out);
        }
    }

}
