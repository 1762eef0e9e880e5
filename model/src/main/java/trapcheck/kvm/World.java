package trapcheck.kvm;

import java.util.ArrayList;
import java.util.List;
import trapcheck.kvm.spec.Algorithm;
import trapcheck.kvm.spec.AuthClass;
import trapcheck.kvm.spec.GuestAction;
import trapcheck.kvm.spec.IdField;
import trapcheck.kvm.spec.Key;
import trapcheck.kvm.spec.Policy;
import trapcheck.kvm.spec.Spec;
import trapcheck.kvm.spec.Topology;

/**
 * The static facts of one spec, computed once: who exists (pCPUs, VMs, vCPU threads, other tasks),
 * what each pCPU implements, what each vCPU was given at init (exposure rules, ID registers), and the
 * numbering of threads and key values that the packed state uses.
 *
 * <p>Numbering. Threads (what runs on a pCPU): 0 the idle task, {@code 1..T} the other tasks, then
 * one per vCPU. Key values (a register, a host-context slot, a save-area slot): 0 the all-zero key
 * that belongs to nobody (the idle task's, and never-written memory), {@code 1..T} the other tasks',
 * then one per VM (its VMM process), then per vCPU and version its guest key.
 */
final class World {
    final int cpus;
    final int vms;
    final int vcpus;
    final int otherTasks;
    final int keyVersions;
    final Key[] keys;               // modelled keys, in Key order
    final String[] cpuNames;
    final Algorithm[][] cpuAlg;     // [cpu][AuthClass.ordinal]
    final int[] cpuClass;           // pCPUs with equal features share a class
    /** Parked at boot (topology.mismatched_secondaries: park): never runs a thread. */
    final boolean[] parked;
    /** Bit p set: pCPU p is parked. */
    final long parkedMask;
    final String[] vmNames;
    final int[] vmFirstVcpu;        // vCPUs of VM i: vmFirstVcpu[i] .. vmFirstVcpu[i+1]-1
    final int[] vmClass;            // VMs with equal configuration share a class
    final int[] vcpuVm;
    final String[] vcpuNames;
    final boolean[] requestedAddress;
    final boolean[] requestedGeneric;
    final boolean[] hasPtrauth;     // vcpu_has_ptrauth, fixed at init
    final Algorithm[] systemAlg;    // exposed algorithm per class (NONE: not offered)
    final Algorithm[][] advertised; // [vcpu][class]: what the guest's ID registers show
    final List<GuestInsn> insns;    // guest instructions, in action order
    private final boolean[] executesKind = new boolean[TrapKind.COUNT];

    World(Spec spec) {
        Topology t = spec.topology();
        cpus = t.cpus().size();
        vms = t.vms().size();
        otherTasks = t.otherTasks();
        keyVersions = spec.guest().keyVersions();
        keys = spec.guest().keys().toArray(new Key[0]);
        cpuNames = new String[cpus];
        cpuAlg = new Algorithm[cpus][2];
        cpuClass = new int[cpus];
        for (int p = 0; p < cpus; p++) {
            Topology.Cpu c = t.cpus().get(p);
            cpuNames[p] = c.name();
            cpuAlg[p][0] = c.address();
            cpuAlg[p][1] = c.generic();
            cpuClass[p] = p;
            for (int q = 0; q < p; q++) {
                if (cpuAlg[q][0] == c.address() && cpuAlg[q][1] == c.generic()) {
                    cpuClass[p] = cpuClass[q];
                    break;
                }
            }
        }
        parked = t.parked();
        long mask = 0;
        for (int p = 0; p < cpus; p++) {
            mask |= parked[p] ? 1L << p : 0;
        }
        parkedMask = mask;
        vmNames = new String[vms];
        vmFirstVcpu = new int[vms + 1];
        vmClass = new int[vms];
        int g = 0;
        for (int i = 0; i < vms; i++) {
            Topology.Vm vm = t.vms().get(i);
            vmNames[i] = vm.name();
            vmFirstVcpu[i] = g;
            g += vm.vcpus();
            vmClass[i] = i;
            for (int j = 0; j < i; j++) {
                Topology.Vm o = t.vms().get(j);
                if (o.vcpus() == vm.vcpus() && o.requestAddress() == vm.requestAddress()
                        && o.requestGeneric() == vm.requestGeneric()) {
                    vmClass[i] = vmClass[j];
                    break;
                }
            }
        }
        vmFirstVcpu[vms] = g;
        vcpus = g;
        vcpuVm = new int[g];
        vcpuNames = new String[g];
        requestedAddress = new boolean[g];
        requestedGeneric = new boolean[g];
        hasPtrauth = new boolean[g];
        advertised = new Algorithm[g][2];
        Policy policy = spec.policy();
        systemAlg = new Algorithm[] {exposed(policy.address(), AuthClass.ADDRESS),
            exposed(policy.generic(), AuthClass.GENERIC)};
        for (int i = 0; i < vms; i++) {
            Topology.Vm vm = t.vms().get(i);
            for (int v = vmFirstVcpu[i]; v < vmFirstVcpu[i + 1]; v++) {
                vcpuVm[v] = i;
                vcpuNames[v] = vm.name() + ".vcpu" + (v - vmFirstVcpu[i]);
                requestedAddress[v] = vm.requestAddress();
                requestedGeneric[v] = vm.requestGeneric();
                boolean addr = vm.requestAddress() && systemAlg[0] != Algorithm.NONE;
                boolean gen = vm.requestGeneric() && systemAlg[1] != Algorithm.NONE;
                hasPtrauth[v] = policy.requireBoth() ? addr && gen : addr || gen;
                for (AuthClass c : AuthClass.values()) {
                    Algorithm a = systemAlg[c.ordinal()];
                    IdField f = a.field(c);
                    boolean hidden = f != null && !hasPtrauth[v] && policy.hideWithoutPtrauth().contains(f);
                    advertised[v][c.ordinal()] = hidden ? Algorithm.NONE : a;
                }
            }
        }
        insns = guestInstructions(spec);
        for (GuestInsn i : insns) {
            executesKind[TrapKind.of(i.action())] = true;
        }
    }

    /** The algorithm a class is offered with under an exposure rule, over the online pCPUs (NONE: not offered). */
    private Algorithm exposed(Policy.Exposure rule, AuthClass c) {
        int k = c.ordinal();
        switch (rule) {
            case NEVER:
                return Algorithm.NONE;
            case BOOT_CPU:
                return cpuAlg[0][k];
            case UNIFORM: {
                Algorithm a = cpuAlg[0][k];
                for (int p = 1; p < cpus; p++) {
                    if (!parked[p] && cpuAlg[p][k] != a) {
                        return Algorithm.NONE;
                    }
                }
                return a;
            }
            case ANY_CPU:
            default:
                // The first pCPU listed that implements it (the boot CPU when it does).
                for (int p = 0; p < cpus; p++) {
                    if (!parked[p] && cpuAlg[p][k] != Algorithm.NONE) {
                        return cpuAlg[p][k];
                    }
                }
                return Algorithm.NONE;
        }
    }

    private List<GuestInsn> guestInstructions(Spec spec) {
        List<GuestInsn> out = new ArrayList<>();
        for (int k = 0; k < keys.length; k++) {
            for (GuestAction a : GuestAction.values()) {
                if (!spec.guest().actions().contains(a)) {
                    continue;
                }
                if (a == GuestAction.KEY_WRITE) {
                    for (int n = 0; n < keyVersions; n++) {
                        out.add(new GuestInsn(a, k, keys[k], n));
                    }
                } else {
                    out.add(new GuestInsn(a, k, keys[k], 0));
                }
            }
        }
        return List.copyOf(out);
    }

    /** One guest instruction: what it does, on which modelled key (index into {@link #keys}), which version it writes. */
    record GuestInsn(GuestAction action, int keyIndex, Key key, int version) {
        AuthClass authClass() {
            return key.authClass();
        }

        String mnemonic() {
            String k = key.name();
            return switch (action) {
                case SIGN -> key == Key.APGA ? "PACGA" : "PAC" + k.substring(2, 4);
                case AUTH -> key == Key.APGA ? "PACGA (compare)" : "AUT" + k.substring(2, 4);
                case KEY_READ -> "MRS " + k + "Key";
                case KEY_WRITE -> "MSR " + k + "Key := v" + version;
            };
        }
    }

    // ---- threads ----

    int threadCount() {
        return 1 + otherTasks + vcpus;
    }

    int vcpuThread(int g) {
        return 1 + otherTasks + g;
    }

    /** The vCPU whose thread this is, or -1. */
    int threadVcpu(int thread) {
        return thread > otherTasks ? thread - 1 - otherTasks : -1;
    }

    String threadName(int thread) {
        if (thread == 0) {
            return "idle";
        }
        if (thread <= otherTasks) {
            return "task" + (thread - 1);
        }
        return vcpuNames[thread - 1 - otherTasks];
    }

    /** The key value a thread's context switch installs: its process's keys. */
    int threadKey(int thread) {
        if (thread == 0) {
            return 0;
        }
        if (thread <= otherTasks) {
            return thread;
        }
        return vmmKey(vcpuVm[threadVcpu(thread)]);
    }

    /** Owner phrase of a thread's own keys: "vm0's VMM", "task0", "the idle task". */
    String threadKeyOwner(int thread) {
        if (thread == 0) {
            return "the idle task";
        }
        if (thread <= otherTasks) {
            return "task" + (thread - 1);
        }
        return vmNames[vcpuVm[threadVcpu(thread)]] + "'s VMM";
    }

    // ---- key values ----

    int keyValueCount() {
        return 1 + otherTasks + vms + vcpus * keyVersions;
    }

    int otherKey(int task) {
        return 1 + task;
    }

    int vmmKey(int vm) {
        return 1 + otherTasks + vm;
    }

    int guestKey(int vcpu, int version) {
        return 1 + otherTasks + vms + vcpu * keyVersions + version;
    }

    /** The vCPU whose guest key this is, or -1. */
    int guestKeyVcpu(int value) {
        int base = 1 + otherTasks + vms;
        return value >= base ? (value - base) / keyVersions : -1;
    }

    int guestKeyVersion(int value) {
        return (value - 1 - otherTasks - vms) % keyVersions;
    }

    /** The VM whose VMM's key this is, or -1. */
    int vmmKeyVm(int value) {
        int base = 1 + otherTasks;
        return value >= base && value < base + vms ? value - base : -1;
    }

    /** The other task whose key this is, or -1. */
    int otherKeyTask(int value) {
        return value >= 1 && value <= otherTasks ? value - 1 : -1;
    }

    /** A key value as a person reads it: "nobody", "task0", "vm0's VMM", "vm1.vcpu0 v2". */
    String keyName(int value) {
        if (value == 0) {
            return "nobody";
        }
        int t = otherKeyTask(value);
        if (t >= 0) {
            return "task" + t;
        }
        int m = vmmKeyVm(value);
        if (m >= 0) {
            return vmNames[m] + "'s VMM";
        }
        return vcpuNames[guestKeyVcpu(value)] + " v" + guestKeyVersion(value);
    }

    /** Whether the online pCPUs differ in implementing a class (so cpu_has_* depends on where a thread runs). */
    boolean onlineDiffer(AuthClass c) {
        Boolean first = null;
        for (int p = 0; p < cpus; p++) {
            if (!parked[p]) {
                boolean has = cpuHas(p, c);
                if (first != null && first != has) {
                    return true;
                }
                first = has;
            }
        }
        return false;
    }

    /** Whether the guest can execute an instruction of this {@link TrapKind}. */
    boolean executes(int trapKind) {
        return executesKind[trapKind];
    }

    boolean cpuHas(int cpu, AuthClass c) {
        return cpuAlg[cpu][c.ordinal()] != Algorithm.NONE;
    }
}
