package trapcheck.kvm.reference;

import java.util.ArrayList;
import java.util.List;
import trapcheck.kvm.spec.Algorithm;
import trapcheck.kvm.spec.AuthClass;
import trapcheck.kvm.spec.Key;
import trapcheck.kvm.spec.Op;

/**
 * One state of the reference explorer: plain immutable records whose equals/hashCode are the
 * state's identity. Nothing is packed, nothing is renamed. {@link Scratch} is the mutable copy a
 * step works on.
 */
record RefState(List<Cpu> cpus, List<Vcpu> vcpus) {

    /** Whose key a register or a memory slot holds. */
    enum Owner { NOBODY, TASK, VMM, GUEST }

    /** A key value: its owner (a task, a VM's VMM, or a vCPU's guest key at a version). */
    record KeyVal(Owner owner, int index, int version) {
        static final KeyVal NOBODY = new KeyVal(Owner.NOBODY, 0, 0);

        static KeyVal guest(int vcpu, int version) {
            return new KeyVal(Owner.GUEST, vcpu, version);
        }

        @Override
        public String toString() {
            return owner == Owner.NOBODY ? "0" : owner == Owner.GUEST ? "g" + index + "v" + version
                    : owner.name().toLowerCase() + index;
        }
    }

    /** What runs on a pCPU: nothing (the idle task), an other task, or a vCPU's thread. */
    record Thread(boolean vcpu, int index) {
        @Override
        public String toString() {
            return (vcpu ? "vcpu" : "task") + index;
        }
    }

    record Cpu(Thread running, List<KeyVal> regs, List<KeyVal> hostContext, boolean api, boolean apk) {
    }

    enum Where { USER, HOST, GUEST, HANDLER }

    /** What the guest instruction that trapped into a host handler was (kind: true for a key access). */
    record Trapped(AuthClass cls, Boolean keyAccess) {
    }

    /** An outstanding signed pointer: what it was signed under (null: not recorded). */
    record Token(Integer version, Algorithm algorithm) {
    }

    /**
     * The rest of a host-context handler still to run: ops not started yet (an {@code if} only when
     * its own step decides it), or a key op part done, with the host context it resolved.
     */
    sealed interface Pending {
    }

    record Start(Op op) implements Pending {
    }

    record Moving(Op.KeyMove op, List<Key> left, Integer hostContextOf) implements Pending {
    }

    record Vcpu(boolean initialised, Where where, List<Pending> handler, Trapped trapped, boolean api, boolean apk,
                List<KeyVal> saved, List<Integer> written, List<Token> signed, boolean pacTrapTaken,
                boolean keyTrapTaken) {
    }

    /** A mutable copy of a state; {@link #freeze} gives the record back. */
    static final class Scratch {
        final Thread[] running;
        final KeyVal[][] regs;
        final KeyVal[][] hostContext;
        final boolean[] cpuApi;
        final boolean[] cpuApk;
        final boolean[] initialised;
        final Where[] where;
        final List<List<Pending>> handler = new ArrayList<>();
        final Trapped[] trapped;
        final boolean[] api;
        final boolean[] apk;
        final KeyVal[][] saved;
        final int[][] written;
        final Token[][] signed;
        final boolean[] pacTrapTaken;
        final boolean[] keyTrapTaken;

        Scratch(RefState s) {
            int n = s.cpus.size();
            int g = s.vcpus.size();
            running = new Thread[n];
            regs = new KeyVal[n][];
            hostContext = new KeyVal[n][];
            cpuApi = new boolean[n];
            cpuApk = new boolean[n];
            for (int p = 0; p < n; p++) {
                Cpu c = s.cpus.get(p);
                running[p] = c.running();
                regs[p] = c.regs().toArray(new KeyVal[0]);
                hostContext[p] = c.hostContext().toArray(new KeyVal[0]);
                cpuApi[p] = c.api();
                cpuApk[p] = c.apk();
            }
            initialised = new boolean[g];
            where = new Where[g];
            trapped = new Trapped[g];
            api = new boolean[g];
            apk = new boolean[g];
            saved = new KeyVal[g][];
            written = new int[g][];
            signed = new Token[g][];
            pacTrapTaken = new boolean[g];
            keyTrapTaken = new boolean[g];
            for (int v = 0; v < g; v++) {
                Vcpu c = s.vcpus.get(v);
                initialised[v] = c.initialised();
                where[v] = c.where();
                handler.add(c.handler());
                trapped[v] = c.trapped();
                api[v] = c.api();
                apk[v] = c.apk();
                saved[v] = c.saved().toArray(new KeyVal[0]);
                written[v] = c.written().stream().mapToInt(Integer::intValue).toArray();
                signed[v] = c.signed().toArray(new Token[0]);
                pacTrapTaken[v] = c.pacTrapTaken();
                keyTrapTaken[v] = c.keyTrapTaken();
            }
        }

        RefState freeze() {
            List<Cpu> cs = new ArrayList<>();
            for (int p = 0; p < running.length; p++) {
                cs.add(new Cpu(running[p], List.of(regs[p]), List.of(hostContext[p]), cpuApi[p], cpuApk[p]));
            }
            List<Vcpu> vs = new ArrayList<>();
            for (int v = 0; v < where.length; v++) {
                List<Integer> w = new ArrayList<>();
                for (int x : written[v]) {
                    w.add(x);
                }
                vs.add(new Vcpu(initialised[v], where[v], handler.get(v), trapped[v], api[v], apk[v], List.of(saved[v]),
                        List.copyOf(w), java.util.Collections.unmodifiableList(java.util.Arrays.asList(signed[v].clone())),
                        pacTrapTaken[v], keyTrapTaken[v]));
            }
            return new RefState(List.copyOf(cs), List.copyOf(vs));
        }

        /** The pCPU where a thread runs, or -1. */
        int cpuOf(Thread t) {
            for (int p = 0; p < running.length; p++) {
                if (t.equals(running[p])) {
                    return p;
                }
            }
            return -1;
        }
    }

    /** Every vCPU in userspace, uninitialised, its save area holding its initial keys (v0); every pCPU idle. */
    static RefState initial(RefWorld w) {
        List<Cpu> cs = new ArrayList<>();
        List<KeyVal> zero = new ArrayList<>();
        for (int k = 0; k < w.keys.size(); k++) {
            zero.add(KeyVal.NOBODY);
        }
        for (int p = 0; p < w.cpus.size(); p++) {
            cs.add(new Cpu(null, List.copyOf(zero), List.copyOf(zero), false, false));
        }
        List<Vcpu> vs = new ArrayList<>();
        for (int v = 0; v < w.vcpus(); v++) {
            List<KeyVal> save = new ArrayList<>();
            List<Integer> written = new ArrayList<>();
            List<Token> tokens = new ArrayList<>();
            for (int k = 0; k < w.keys.size(); k++) {
                save.add(KeyVal.guest(v, 0));
                written.add(0);
                tokens.add(null);
            }
            vs.add(new Vcpu(false, Where.USER, null, null, false, false, List.copyOf(save), List.copyOf(written),
                    java.util.Collections.unmodifiableList(tokens), false, false));
        }
        return new RefState(List.copyOf(cs), List.copyOf(vs));
    }
}
