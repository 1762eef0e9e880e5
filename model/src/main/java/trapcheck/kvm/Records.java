package trapcheck.kvm;

/**
 * The packed state seen as records — one per pCPU, one per vCPU — whose fields are described by flat
 * arrays (word, shift, mask, and what the value names), so that copying and renaming a record is a
 * loop over ints rather than a walk through {@link Field} objects. Symmetry reduction reads and
 * writes whole records many times per transition; this is its fast path.
 */
final class Records {
    /** What a field's value refers to, i.e. how a renaming changes it. */
    static final byte PLAIN = 0;
    static final byte KEY = 1;
    static final byte THREAD = 2;
    static final byte CPU_REF = 3; // 0: none, else pCPU + 1

    final int cpuFields;
    final int vcpuFields;
    final int[] cpuWord;
    final int[] cpuShift;
    final long[] cpuMask;
    final byte[] cpuKind;
    final int[] vcpuWord;
    final int[] vcpuShift;
    final long[] vcpuMask;
    final byte[] vcpuKind;

    Records(World w, StateLayout l) {
        int k = w.keys.length;
        cpuFields = 1 + 2 * k + 2;
        vcpuFields = 6 + 3 * k;
        cpuWord = new int[w.cpus * cpuFields];
        cpuShift = new int[cpuWord.length];
        cpuMask = new long[cpuWord.length];
        cpuKind = new byte[cpuFields];
        vcpuWord = new int[w.vcpus * vcpuFields];
        vcpuShift = new int[vcpuWord.length];
        vcpuMask = new long[vcpuWord.length];
        vcpuKind = new byte[vcpuFields];
        for (int p = 0; p < w.cpus; p++) {
            int f = p * cpuFields;
            f = put(cpuWord, cpuShift, cpuMask, f, l.cpuThread[p]);
            for (int i = 0; i < k; i++) {
                f = put(cpuWord, cpuShift, cpuMask, f, l.cpuReg[p][i]);
            }
            for (int i = 0; i < k; i++) {
                f = put(cpuWord, cpuShift, cpuMask, f, l.cpuHostCtx[p][i]);
            }
            f = put(cpuWord, cpuShift, cpuMask, f, l.cpuApi[p]);
            put(cpuWord, cpuShift, cpuMask, f, l.cpuApk[p]);
        }
        cpuKind[0] = THREAD;
        for (int i = 0; i < 2 * k; i++) {
            cpuKind[1 + i] = KEY;
        }
        for (int g = 0; g < w.vcpus; g++) {
            int f = g * vcpuFields;
            f = put(vcpuWord, vcpuShift, vcpuMask, f, l.vcpuInit[g]);
            f = put(vcpuWord, vcpuShift, vcpuMask, f, l.vcpuLoc[g]);
            f = put(vcpuWord, vcpuShift, vcpuMask, f, l.vcpuTarget[g]);
            f = put(vcpuWord, vcpuShift, vcpuMask, f, l.vcpuTrapClass[g]);
            f = put(vcpuWord, vcpuShift, vcpuMask, f, l.vcpuApi[g]);
            f = put(vcpuWord, vcpuShift, vcpuMask, f, l.vcpuApk[g]);
            for (int i = 0; i < k; i++) {
                f = put(vcpuWord, vcpuShift, vcpuMask, f, l.vcpuSave[g][i]);
            }
            for (int i = 0; i < k; i++) {
                f = put(vcpuWord, vcpuShift, vcpuMask, f, l.vcpuVersion[g][i]);
            }
            for (int i = 0; i < k; i++) {
                f = put(vcpuWord, vcpuShift, vcpuMask, f, l.vcpuSigned[g][i]);
            }
        }
        vcpuKind[2] = CPU_REF;
        for (int i = 0; i < k; i++) {
            vcpuKind[6 + i] = KEY;
        }
    }

    private static int put(int[] word, int[] shift, long[] mask, int at, Field f) {
        word[at] = f.word;
        shift[at] = f.shift;
        mask[at] = f.mask;
        return at + 1;
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

    void writeVcpu(long[] out, int h, int[] values, int from) {
        write(out, vcpuWord, vcpuShift, vcpuMask, h * vcpuFields, vcpuFields, values, from);
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
            int wd = word[base + f];
            if (wd != current) {
                out[current] |= acc;
                acc = 0;
                current = wd;
            }
            acc |= ((long) values[from + f] & mask[base + f]) << shift[base + f];
        }
        out[current] |= acc;
    }
}
