package trapcheck.kvm;

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
    private final KvmModel m;

    KvmInstrumentation(KvmModel m) {
        this.m = m;
    }

    @Override
    public List<String> coveragePoints() {
        return List.of(m.sem.policy.coveragePoints);
    }

    @Override
    public List<String> counters() {
        return Arrays.stream(trapcheck.kvm.Probe.Counter.values()).map(c -> c.word).toList();
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
        return m.actions.kind[action] == Actions.INSN ? guestInsn : 1.0;
    }

    @Override
    public Model instrumented(Instrumentation.Probe probe) {
        trapcheck.kvm.Probe adapter = new trapcheck.kvm.Probe() {
            @Override
            public void covered(int point) {
                probe.covered(point);
            }

            @Override
            public void counted(trapcheck.kvm.Probe.Counter counter) {
                probe.counted(counter.ordinal());
            }
        };
        return new ForwardingModel(m) {
            @Override
            public Worker newWorker() {
                return m.newWorker(adapter);
            }
        };
    }

}
