package trapcheck.kvm;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each variable of the world lives in the packed {@code long[]} state, computed once per spec
 * (Rumur's {@code Model::size_bits}): the hot loop reads no configuration. Widths are the fewest bits
 * that hold every value; variables a spec cannot change (no key_write: no intended versions; no host
 * trap handler: no handler position) get width 0.
 *
 * <p>Per pCPU: the thread running there, each modelled key register, the per-CPU host context (one
 * slot per modelled key), physical HCR_EL2.API and .APK. Per vCPU: initialised, location (userspace,
 * host, guest, or a position inside a host-context trap handler), the pCPU whose host context a key
 * op in progress resolved, the class of the instruction that trapped, its copy of API/APK, its key
 * save area, the version it last wrote to each key, and (optionally) the version an outstanding
 * signed pointer was signed under. After all of these, the fields the selected invariants keep of
 * their own ({@link #perVcpu}).
 */
final class StateLayout {
    /** Locations of a vCPU thread; handler positions follow {@link #LOC_HANDLER}. */
    static final int LOC_OUT = 0;
    static final int LOC_HOST = 1;
    static final int LOC_GUEST = 2;
    static final int LOC_HANDLER = 3;

    final int words;
    final int bits;
    final Field[] cpuThread;
    final Field[][] cpuReg;        // [cpu][key index]
    final Field[][] cpuHostCtx;    // [cpu][key index]
    final Field[] cpuApi;
    final Field[] cpuApk;
    final Field[] vcpuInit;
    final Field[] vcpuLoc;
    final Field[] vcpuTarget;      // 0: none, else pCPU + 1
    final Field[] vcpuTrapClass;   // AuthClass ordinal of the trapped instruction (+ 2 * TrapKind when 2 bits wide)
    final Field[] vcpuApi;
    final Field[] vcpuApk;
    final Field[][] vcpuSave;      // [vcpu][key index]
    final Field[][] vcpuVersion;   // [vcpu][key index]: intended version
    final Field[][] vcpuSigned;    // [vcpu][key index]: 0 none, else a SignedPointers token
    /** Which outstanding signed pointers {@link #vcpuSigned} holds, and their tokens. */
    final SignedPointers signed;
    /** [vcpu][i]: the fields invariants keep of their own, in the order they were taken. */
    final Field[][] vcpuOwned;

    private final int vcpus;
    private final List<Field[]> owned = new ArrayList<>();
    private boolean declaring;
    private int word;
    private int used;

    /**
     * @param policy  the compiled policy: how many handler positions, and whether a resolved host
     *                context and the trapped class are state
     * @param checks  the selected invariants, each asked for the fields it keeps of its own
     */
    StateLayout(World world, CompiledPolicy policy, boolean tracksVersions, SignedPointers signed,
                List<InvariantCheck> checks) {
        this.signed = signed;
        int handlerPositions = policy.handlerPositions;
        boolean needsTarget = policy.resolvesHostContext;
        boolean needsTrapClass = policy.remembersTrapClass;
        // trap-makes-progress must tell which kind of trap a host-context handler's UNDEF answers:
        // the trapped kind is stored beside the class when one handler serves both kinds.
        boolean needsTrapKind = needsTrapClass && policy.program(Hook.TRAP_KEY_ACCESS) == null
                && world.executes(TrapKind.PAC_INSTRUCTION) && world.executes(TrapKind.KEY_ACCESS)
                && checks.stream().anyMatch(c -> c.invariant == trapcheck.kvm.spec.Invariant.TRAP_MAKES_PROGRESS);
        vcpus = world.vcpus;
        int k = world.keys.length;
        int threadBits = bitsFor(world.threadCount());
        int keyBits = bitsFor(world.keyValueCount());
        cpuThread = new Field[world.cpus];
        cpuReg = new Field[world.cpus][k];
        cpuHostCtx = new Field[world.cpus][k];
        cpuApi = new Field[world.cpus];
        cpuApk = new Field[world.cpus];
        for (int p = 0; p < world.cpus; p++) {
            cpuThread[p] = take(threadBits);
            for (int i = 0; i < k; i++) {
                cpuReg[p][i] = take(keyBits);
            }
            for (int i = 0; i < k; i++) {
                cpuHostCtx[p][i] = take(keyBits);
            }
            cpuApi[p] = take(1);
            cpuApk[p] = take(1);
        }
        int g = world.vcpus;
        vcpuInit = new Field[g];
        vcpuLoc = new Field[g];
        vcpuTarget = new Field[g];
        vcpuTrapClass = new Field[g];
        vcpuApi = new Field[g];
        vcpuApk = new Field[g];
        vcpuSave = new Field[g][k];
        vcpuVersion = new Field[g][k];
        vcpuSigned = new Field[g][k];
        for (int v = 0; v < g; v++) {
            vcpuInit[v] = take(1);
            vcpuLoc[v] = take(bitsFor(LOC_HANDLER + handlerPositions));
            vcpuTarget[v] = needsTarget ? take(bitsFor(world.cpus + 1)) : Field.absent();
            vcpuTrapClass[v] = needsTrapClass ? take(needsTrapKind ? 2 : 1) : Field.absent();
            vcpuApi[v] = take(1);
            vcpuApk[v] = take(1);
            for (int i = 0; i < k; i++) {
                vcpuSave[v][i] = take(keyBits);
            }
            for (int i = 0; i < k; i++) {
                vcpuVersion[v][i] = tracksVersions ? take(bitsFor(world.keyVersions)) : Field.absent();
            }
            for (int i = 0; i < k; i++) {
                vcpuSigned[v][i] = signed.tracked(i) ? take(bitsFor(signed.values(i))) : Field.absent();
            }
        }
        declaring = true;
        for (InvariantCheck c : checks) {
            c.declareState(this);
        }
        declaring = false;
        vcpuOwned = new Field[g][owned.size()];
        for (int i = 0; i < owned.size(); i++) {
            for (int v = 0; v < g; v++) {
                vcpuOwned[v][i] = owned.get(i)[v];
            }
        }
        words = Math.max(1, word + (used > 0 ? 1 : 0));
        bits = word * 64 + used;
    }

    /** How many fields per vCPU the invariants keep of their own. */
    int ownedPerVcpu() {
        return owned.size();
    }

    /**
     * One field of {@code width} bits per vCPU, which an invariant keeps of its own: taken in
     * {@link InvariantCheck#declareState} while the layout is built. Symmetry moves it with its vCPU.
     */
    Field[] perVcpu(int width) {
        if (!declaring) {
            throw new IllegalStateException("an invariant's fields are taken while the layout is built");
        }
        Field[] fields = new Field[vcpus];
        for (int v = 0; v < vcpus; v++) {
            fields[v] = take(width);
        }
        owned.add(fields);
        return fields;
    }

    private Field take(int width) {
        if (width == 0) {
            return Field.absent();
        }
        if (used + width > 64) {
            word++;
            used = 0;
        }
        Field f = new Field(word, used, width);
        used += width;
        return f;
    }

    /** The fewest bits that distinguish {@code values} values (0 for one value). */
    static int bitsFor(int values) {
        return values <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(values - 1);
    }
}
