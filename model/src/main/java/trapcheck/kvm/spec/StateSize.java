package trapcheck.kvm.spec;

/**
 * The size of the packed state vector a spec needs, and the limits the loader enforces on it, so
 * that a topology too large to explore is refused when it is loaded rather than after an hour of
 * exploration. The formula follows the layout of the model's packed state (its StateLayout), before
 * the policy is compiled:
 *
 * <pre>
 * T = other tasks, G = vCPUs in all VMs, N = pCPUs, K = modelled keys, V = key versions
 * keyValues = 1 + T + VMs + G*V                (nobody's, each task's, each VMM's, each guest version)
 * bitsFor(x) = ceil(log2(x)), 0 when x &lt;= 1
 * per pCPU:  bitsFor(1 + T + G)                 running thread (idle, a task, a vCPU thread)
 *            + 2*K*bitsFor(keyValues)           key registers and the host context
 *            + 2                                physical API, APK
 * per vCPU:  1                                  initialised
 *            + bitsFor(3 + 64)                  location: userspace, host, guest, or one of up to 64
 *                                               positions in host-context trap handlers
 *            + bitsFor(N + 1)                   the pCPU whose host context a key op in progress
 *                                               resolved, or none
 *            + 2                                its copy of API, APK
 *            + K*bitsFor(keyValues)             save area
 *            + K*bitsFor(V)                     latest version written per key
 *            + (signed_pointers ? K*bitsFor(V + 1) : 0)   version each outstanding signed pointer
 *                                               was signed under, or none
 * </pre>
 *
 * An estimate: the layout leaves out what a spec cannot change (fewer bits), but it also has one
 * bit per vCPU for the class of a trapped instruction when a host-context handler injects an UNDEF,
 * more positions for long handlers, and no field straddles two 64-bit words.
 */
public final class StateSize {
    public static final int MAX_BITS = 1024;
    public static final int MAX_CPUS = 16;
    public static final int MAX_VCPUS = 16;
    public static final int MAX_OTHER_TASKS = 8;

    private static final int LOCATIONS = 3 + 64;

    private StateSize() {
    }

    /** The packed state-vector size of a loaded spec, in bits. */
    public static int bits(Spec spec) {
        Topology t = spec.topology();
        int vcpus = t.vms().stream().mapToInt(Topology.Vm::vcpus).sum();
        Guest g = spec.guest();
        return (int) bits(t.cpus().size(), vcpus, t.otherTasks(), t.vms().size(), g.keys().size(), g.keyVersions(),
                g.signedPointers());
    }

    /**
     * The same from the counts; long because the loader asks before it has refused absurd
     * topologies.
     */
    static long bits(long cpus, long vcpus, long otherTasks, long vms, int keys, int keyVersions, boolean signedPointers) {
        long keyValues = 1 + otherTasks + vms + vcpus * keyVersions;
        long perCpu = bitsFor(1 + otherTasks + vcpus) + 2L * keys * bitsFor(keyValues) + 2;
        long perVcpu = 1 + bitsFor(LOCATIONS) + bitsFor(cpus + 1) + 2 + keys * bitsFor(keyValues)
                + (long) keys * bitsFor(keyVersions) + (signedPointers ? (long) keys * bitsFor(keyVersions + 1L) : 0);
        return cpus * perCpu + vcpus * perVcpu;
    }

    /**
     * Why a spec's topology is past a limit ("3 pCPUs x 20 vCPUs ... need a ...-bit state vector; the limit
     * is ..."), or null when it is within every limit. For specs built in code rather than loaded (the
     * loader refuses such topologies with a located error).
     */
    public static String refusal(Spec spec) {
        Topology t = spec.topology();
        long vcpus = t.vms().stream().mapToLong(Topology.Vm::vcpus).sum();
        long bits = bits(spec);
        return fits(t.cpus().size(), vcpus, t.otherTasks(), bits) ? null
                : refusal(t.cpus().size(), vcpus, t.otherTasks(), bits);
    }

    /** ceil(log2(x)); 0 when x &lt;= 1 (a field with one possible value needs no bits). */
    static int bitsFor(long x) {
        return x <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(x - 1);
    }

    /** Whether counts are within every limit. */
    static boolean fits(long cpus, long vcpus, long otherTasks, long bits) {
        return cpus <= MAX_CPUS && vcpus <= MAX_VCPUS && otherTasks <= MAX_OTHER_TASKS && bits <= MAX_BITS;
    }

    /** The refusal: "40 pCPUs x 30 vCPUs need a 2310-bit state vector; the limit is 1024 bits (...)". */
    static String refusal(long cpus, long vcpus, long otherTasks, long bits) {
        String tasks = otherTasks == 0 ? "" : " and " + otherTasks + (otherTasks == 1 ? " other task" : " other tasks");
        return cpus + " pCPU" + (cpus == 1 ? "" : "s") + " x " + vcpus + " vCPU" + (vcpus == 1 ? "" : "s") + tasks
                + " need a " + bits + "-bit state vector; the limit is " + MAX_BITS + " bits (" + MAX_CPUS + " pCPUs, "
                + MAX_VCPUS + " vCPUs, " + MAX_OTHER_TASKS + " other tasks)";
    }
}
