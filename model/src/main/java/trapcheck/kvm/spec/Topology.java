package trapcheck.kvm.spec;

import java.util.List;

/**
 * @param parkMismatched  mismatched_secondaries: park (see {@link #parked})
 * @param inKernelPtrauth the host kernel uses ptrauth itself: host keys needed whenever host code runs
 * @param cpus            pCPUs after {@code count} expansion, in listing order; the first is the boot CPU
 * @param vms             the VMs
 * @param otherTasks      host tasks that are not vCPU threads
 */
public record Topology(boolean inKernelPtrauth, List<Cpu> cpus, List<Vm> vms, int otherTasks,
                       boolean parkMismatched) {
    public Topology {
        cpus = List.copyOf(cpus);
        vms = List.copyOf(vms);
    }

    /** Every pCPU runs (mismatched_secondaries: run, the default). */
    public Topology(boolean inKernelPtrauth, List<Cpu> cpus, List<Vm> vms, int otherTasks) {
        this(inKernelPtrauth, cpus, vms, otherTasks, false);
    }

    /**
     * The pCPUs the kernel parks at boot with {@code mismatched_secondaries: park}: a secondary whose
     * address auth (implemented or not, and its algorithm) differs from the boot CPU's, the first
     * listed (has_address_auth_cpucap accepts a secondary only when sec_val == boot_val). Generic
     * auth is a system feature and parks nothing. Empty with {@code run}.
     */
    public boolean[] parked() {
        boolean[] out = new boolean[cpus.size()];
        for (int p = 1; p < cpus.size() && parkMismatched; p++) {
            out[p] = cpus.get(p).address() != cpus.get(0).address();
        }
        return out;
    }

    /** One pCPU: its name and the algorithm it implements for each class (NONE: not implemented). */
    public record Cpu(String name, Algorithm address, Algorithm generic, SourcePos pos) {
        public Algorithm algorithm(AuthClass c) {
            return c == AuthClass.ADDRESS ? address : generic;
        }
    }

    /** One VM: its name, number of vCPUs and what its VMM asks for at KVM_ARM_VCPU_INIT. */
    public record Vm(String name, int vcpus, boolean requestAddress, boolean requestGeneric, SourcePos pos) {
        public boolean requested(AuthClass c) {
            return c == AuthClass.ADDRESS ? requestAddress : requestGeneric;
        }
    }
}
