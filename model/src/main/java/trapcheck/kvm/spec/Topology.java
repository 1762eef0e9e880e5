package trapcheck.kvm.spec;

import java.util.List;

/**
 * @param inKernelPtrauth the host kernel uses ptrauth itself: host keys needed whenever host code runs
 * @param cpus            pCPUs after {@code count} expansion, in listing order; the first is the boot CPU
 * @param vms             the VMs
 * @param otherTasks      host tasks that are not vCPU threads
 */
public record Topology(boolean inKernelPtrauth, List<Cpu> cpus, List<Vm> vms, int otherTasks) {
    public Topology {
        cpus = List.copyOf(cpus);
        vms = List.copyOf(vms);
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
