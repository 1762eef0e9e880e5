package trapcheck.kvm;

/**
 * The packed state seen as records — one per pCPU, one per vCPU — whose fields are described by flat
 * arrays (word, shift, mask), so that copying and renaming a record is a loop over ints rather than
 * a walk through {@link Field} objects. Symmetry reduction reads and writes whole records many times
 * per transition; this is its fast path.
 *
 * <p>Fields, by offset within a record, and what each names (which decides how a renaming of
 * entities changes it):
 * <ul>
 *   <li>pCPU: {@link #CPU_THREAD} (a thread), the key registers and the host-context slots (key
 *       values: {@link #CPU_FIRST_KEY} to {@link #cpuKeysEnd}), then the plain {@link #cpuApi} and
 *       {@link #cpuApk}.
 *   <li>vCPU: the plain {@link #VCPU_INIT}, {@link #VCPU_LOC}, {@link #VCPU_TRAP_CLASS},
 *       {@link #VCPU_API}, {@link #VCPU_APK}; {@link #VCPU_TARGET} (a pCPU); the save area (key
 *       values: {@link #VCPU_SAVE} to {@link #vcpuKeysEnd}); then the plain intended and signed
 *       versions of each key; then the plain values invariants keep of their own
 *       ({@link #vcpuOwned}).
 * </ul>
 * Offsets follow the order {@link StateLayout} allocates the fields in, so a record's fields lie
 * in increasing words (a dead field, of width 0, says word 0 and adds nothing there).
 */
final class Records {
    static final int CPU_THREAD = 0;
    /** The first key-valued field of a pCPU record: key register 0. */
    static final int CPU_FIRST_KEY = 1;

    static final int VCPU_INIT = 0;
    static final int VCPU_LOC = 1;
    /** The pCPU whose host context a key op in progress resolved: 0 none, else pCPU + 1. */
    static final int VCPU_TARGET = 2;
    static final int VCPU_TRAP_CLASS = 3;
    static final int VCPU_API = 4;
    static final int VCPU_APK = 5;
    /** The vCPU fields before the per-key ones, {@link #VCPU_TARGET} among them. */
    static final int VCPU_HEADER = 6;
    /** The first key-valued field of a vCPU record: the save area of key 0. */
    static final int VCPU_SAVE = VCPU_HEADER;

    /** Modelled keys: each per-key group of fields has one per key, in key order. */
    final int keys;
    final int cpuFields;
    final int vcpuFields;
    /** End (exclusive) of a pCPU record's key-valued fields: the key registers, then host context. */
    final int cpuKeysEnd;
    final int cpuApi;
    final int cpuApk;
    /** End (exclusive) of a vCPU record's key-valued fields: its save area. */
    final int vcpuKeysEnd;

    private final int[] cpuWord;
    private final int[] cpuShift;
    private final long[] cpuMask;
    private final int[] vcpuWord;
    private final int[] vcpuShift;
    private final long[] vcpuMask;

    Records(World world, StateLayout layout) {
        keys = world.keys.length;
        cpuKeysEnd = CPU_FIRST_KEY + 2 * keys;
        cpuApi = cpuKeysEnd;
        cpuApk = cpuKeysEnd + 1;
        cpuFields = cpuApk + 1;
        vcpuKeysEnd = VCPU_SAVE + keys;
        vcpuFields = VCPU_HEADER + 3 * keys + layout.ownedPerVcpu();
        cpuWord = new int[world.cpus * cpuFields];
        cpuShift = new int[cpuWord.length];
        cpuMask = new long[cpuWord.length];
        vcpuWord = new int[world.vcpus * vcpuFields];
        vcpuShift = new int[vcpuWord.length];
        vcpuMask = new long[vcpuWord.length];
        for (int p = 0; p < world.cpus; p++) {
            int base = p * cpuFields;
            putCpu(base + CPU_THREAD, layout.cpuThread[p]);
            for (int k = 0; k < keys; k++) {
                putCpu(base + cpuReg(k), layout.cpuReg[p][k]);
                putCpu(base + cpuHostCtx(k), layout.cpuHostCtx[p][k]);
            }
            putCpu(base + cpuApi, layout.cpuApi[p]);
            putCpu(base + cpuApk, layout.cpuApk[p]);
        }
        for (int g = 0; g < world.vcpus; g++) {
            int base = g * vcpuFields;
            putVcpu(base + VCPU_INIT, layout.vcpuInit[g]);
            putVcpu(base + VCPU_LOC, layout.vcpuLoc[g]);
            putVcpu(base + VCPU_TARGET, layout.vcpuTarget[g]);
            putVcpu(base + VCPU_TRAP_CLASS, layout.vcpuTrapClass[g]);
            putVcpu(base + VCPU_API, layout.vcpuApi[g]);
            putVcpu(base + VCPU_APK, layout.vcpuApk[g]);
            for (int k = 0; k < keys; k++) {
                putVcpu(base + vcpuSave(k), layout.vcpuSave[g][k]);
                putVcpu(base + vcpuVersion(k), layout.vcpuVersion[g][k]);
                putVcpu(base + vcpuSigned(k), layout.vcpuSigned[g][k]);
            }
            for (int i = 0; i < layout.ownedPerVcpu(); i++) {
                putVcpu(base + vcpuOwned(i), layout.vcpuOwned[g][i]);
            }
        }
    }

    /** pCPU field: the key register of modelled key {@code key}. */
    int cpuReg(int key) {
        return CPU_FIRST_KEY + key;
    }

    /** pCPU field: the host-context slot of modelled key {@code key}. */
    int cpuHostCtx(int key) {
        return CPU_FIRST_KEY + keys + key;
    }

    /** vCPU field: the save area of modelled key {@code key}. */
    int vcpuSave(int key) {
        return VCPU_SAVE + key;
    }

    /** vCPU field: the version the guest last wrote to key {@code key}. */
    int vcpuVersion(int key) {
        return VCPU_SAVE + keys + key;
    }

    /** vCPU field: the version an outstanding pointer signed with key {@code key} was signed under. */
    int vcpuSigned(int key) {
        return VCPU_SAVE + 2 * keys + key;
    }

    /** vCPU field: the i-th value invariants keep of their own ({@link StateLayout#perVcpu}). */
    int vcpuOwned(int i) {
        return VCPU_SAVE + 3 * keys + i;
    }

    private void putCpu(int at, Field f) {
        cpuWord[at] = f.word;
        cpuShift[at] = f.shift;
        cpuMask[at] = f.mask;
    }

    private void putVcpu(int at, Field f) {
        vcpuWord[at] = f.word;
        vcpuShift[at] = f.shift;
        vcpuMask[at] = f.mask;
    }

    /** Reads every pCPU record into {@code out[p * cpuFields + f]}. */
    void readCpus(long[] s, int[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) ((s[cpuWord[i]] >>> cpuShift[i]) & cpuMask[i]);
        }
    }

    /** Reads every vCPU record into {@code out[g * vcpuFields + f]}. */
    void readVcpus(long[] s, int[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) ((s[vcpuWord[i]] >>> vcpuShift[i]) & vcpuMask[i]);
        }
    }

    /** ORs record values into a zeroed state: pCPU slot {@code q} gets {@code values[from .. from+cpuFields)}. */
    void writeCpu(long[] out, int q, int[] values, int from) {
        write(out, cpuWord, cpuShift, cpuMask, q * cpuFields, cpuFields, values, from);
    }

    /** ORs record values into a zeroed state: vCPU slot {@code g} gets {@code values[from .. from+vcpuFields)}. */
    void writeVcpu(long[] out, int g, int[] values, int from) {
        write(out, vcpuWord, vcpuShift, vcpuMask, g * vcpuFields, vcpuFields, values, from);
    }

    /*
     * A record's fields lie in increasing words, so they are gathered in a register and stored once
     * per word: ORing each into memory would chain every field through a store and a reload.
     */
    private static void write(long[] out, int[] word, int[] shift, long[] mask, int base, int fields, int[] values,
                              int from) {
        int current = word[base];
        long acc = 0;
        for (int f = 0; f < fields; f++) {
            int at = word[base + f];
            if (at != current) {
                out[current] |= acc;
                acc = 0;
                current = at;
            }
            acc |= ((long) values[from + f] & mask[base + f]) << shift[base + f];
        }
        out[current] |= acc;
    }
}
