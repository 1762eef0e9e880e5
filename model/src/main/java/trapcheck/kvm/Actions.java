package trapcheck.kvm;

/**
 * The numbering of actions: for each thread, the steps it can take, in the order the engine prefers
 * them (which decides the shortest counterexample reported among equally short ones). Other tasks
 * first (switch in on each pCPU, preempted), then per vCPU thread: switch in on each pCPU, preempted,
 * KVM_ARM_VCPU_INIT, KVM_RUN, return to userspace, enter the guest, exit the guest, the next step of
 * a host-context trap handler, then each guest instruction.
 */
final class Actions {
    static final int SWITCH_IN = 0;
    static final int PREEMPT = 1;
    static final int INIT = 2;
    static final int RUN = 3;
    static final int RETURN = 4;
    static final int ENTER = 5;
    static final int EXIT = 6;
    static final int HANDLER = 7;
    static final int INSN = 8;

    final int count;
    final int[] kind;
    final int[] thread;
    final int[] cpu;       // SWITCH_IN
    final int[] insn;      // INSN: index into World.insns

    Actions(World world) {
        int perTask = world.cpus + 1;                                       // switch in anywhere, preempted
        int perVcpu = perTask + (HANDLER - INIT + 1) + world.insns.size();  // and the vCPU steps
        count = world.otherTasks * perTask + world.vcpus * perVcpu;
        kind = new int[count];
        thread = new int[count];
        cpu = new int[count];
        insn = new int[count];
        int a = 0;
        for (int t = 1; t <= world.otherTasks; t++) {
            a = schedulerActions(world, t, a);
        }
        for (int g = 0; g < world.vcpus; g++) {
            int t = world.vcpuThread(g);
            a = schedulerActions(world, t, a);
            for (int k = INIT; k <= HANDLER; k++) {
                kind[a] = k;
                thread[a] = t;
                a++;
            }
            for (int i = 0; i < world.insns.size(); i++) {
                kind[a] = INSN;
                thread[a] = t;
                insn[a] = i;
                a++;
            }
        }
    }

    private int schedulerActions(World world, int t, int a) {
        for (int p = 0; p < world.cpus; p++) {
            kind[a] = SWITCH_IN;
            thread[a] = t;
            cpu[a] = p;
            a++;
        }
        kind[a] = PREEMPT;
        thread[a] = t;
        return a + 1;
    }

    /** A name without state, for per-action statistics: "vm0.vcpu0 switch_in cpu1". */
    String name(World world, int a) {
        String who = world.threadName(thread[a]);
        return switch (kind[a]) {
            case SWITCH_IN -> who + " switch_in " + world.cpuNames[cpu[a]];
            case PREEMPT -> who + " preempted";
            case INIT -> who + " KVM_ARM_VCPU_INIT";
            case RUN -> who + " KVM_RUN";
            case RETURN -> who + " return_to_userspace";
            case ENTER -> who + " enter_guest";
            case EXIT -> who + " exit_guest";
            case HANDLER -> who + " trap_handler_step";
            default -> who + " guest " + world.insns.get(insn[a]).mnemonic();
        };
    }
}
