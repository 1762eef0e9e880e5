package trapcheck.kvm.reference;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import trapcheck.kvm.spec.Algorithm;
import trapcheck.kvm.spec.AuthClass;
import trapcheck.kvm.spec.GuestAction;
import trapcheck.kvm.spec.IdField;
import trapcheck.kvm.spec.Invariant;
import trapcheck.kvm.spec.Key;
import trapcheck.kvm.spec.Op;
import trapcheck.kvm.spec.Policy;
import trapcheck.kvm.spec.Spec;
import trapcheck.kvm.spec.Topology;

/**
 * The fixed facts of a spec for the reference explorer, worked out from docs/model.md and
 * docs/spec-reference.md alone (no code of trapcheck.kvm): which pCPUs are online, what each vCPU
 * was given at init, what its ID registers advertise, the guest's instructions, and which optional
 * pieces of state the documentation says are kept.
 */
final class RefWorld {
    final Spec spec;
    final Policy policy;
    final List<Topology.Cpu> cpus;
    final boolean[] online;
    final int tasks;
    final List<String> vcpuNames = new ArrayList<>();
    final List<Integer> vcpuVm = new ArrayList<>();
    final List<Boolean> asked = new ArrayList<>();
    final List<Boolean> hasPtrauth = new ArrayList<>();
    /** [vcpu][class]: the algorithm the ID registers advertise (NONE: nothing). */
    final List<Algorithm[]> advertised = new ArrayList<>();
    /** [class]: the algorithm the exposure rule offers (NONE: not offered). */
    final Algorithm[] offered = new Algorithm[2];
    final List<Key> keys;
    final List<Insn> insns = new ArrayList<>();
    final Set<Invariant> checked;
    /** Tokens record the version a pointer was signed under (guest.signed_pointers, and the guest signs). */
    final boolean tokenVersion;
    /** Per modelled key: tokens record the algorithm (GKI checked, sign and auth, two or more online algorithms). */
    final boolean[] tokenAlgorithm;
    /** The trapped class is kept in a host handler only when some host handler can inject an UNDEF (model.md, the state). */
    final boolean keepsTrappedClass;

    /** One guest instruction on a modelled key; {@code version} for key_write. */
    record Insn(GuestAction action, Key key, int version) {
        boolean keyAccess() {
            return action == GuestAction.KEY_READ || action == GuestAction.KEY_WRITE;
        }
    }

    RefWorld(Spec spec) {
        this.spec = spec;
        this.policy = spec.policy();
        Topology t = spec.topology();
        cpus = t.cpus();
        online = new boolean[cpus.size()];
        for (int p = 0; p < cpus.size(); p++) {
            // park: a secondary whose address auth (or algorithm) differs from the boot CPU's never runs.
            online[p] = p == 0 || !t.parkMismatched() || cpus.get(p).address() == cpus.get(0).address();
        }
        tasks = t.otherTasks();
        for (AuthClass c : AuthClass.values()) {
            offered[c.ordinal()] = offer(policy.exposure(c), c);
        }
        for (int vm = 0; vm < t.vms().size(); vm++) {
            Topology.Vm v = t.vms().get(vm);
            for (int i = 0; i < v.vcpus(); i++) {
                vcpuNames.add(v.name() + ".vcpu" + i);
                vcpuVm.add(vm);
                asked.add(v.requestAddress() || v.requestGeneric());
                boolean a = v.requestAddress() && offered[0] != Algorithm.NONE;
                boolean g = v.requestGeneric() && offered[1] != Algorithm.NONE;
                boolean has = policy.requireBoth() ? a && g : a || g;
                hasPtrauth.add(has);
                Algorithm[] adv = new Algorithm[2];
                for (AuthClass c : AuthClass.values()) {
                    Algorithm o = offered[c.ordinal()];
                    IdField f = o.field(c);
                    adv[c.ordinal()] = !has && f != null && policy.hideWithoutPtrauth().contains(f) ? Algorithm.NONE : o;
                }
                advertised.add(adv);
            }
        }
        keys = spec.guest().keys();
        for (Key k : keys) {
            for (GuestAction a : GuestAction.values()) {
                if (!spec.guest().actions().contains(a)) {
                    continue;
                }
                int versions = a == GuestAction.KEY_WRITE ? spec.guest().keyVersions() : 1;
                for (int n = 0; n < versions; n++) {
                    insns.add(new Insn(a, k, n));
                }
            }
        }
        checked = EnumSet.noneOf(Invariant.class);
        if (spec.check().invariants() == null) {
            for (Invariant i : Invariant.values()) {
                if (i != Invariant.API_APK_CLEARED_ON_LOAD || policy.lazy()) {
                    checked.add(i);
                }
            }
        } else {
            spec.check().invariants().forEach(id -> checked.add(Invariant.byId(id)));
        }
        Set<GuestAction> actions = spec.guest().actions();
        boolean signs = actions.contains(GuestAction.SIGN);
        tokenVersion = spec.guest().signedPointers() && signs;
        tokenAlgorithm = new boolean[keys.size()];
        for (int k = 0; k < keys.size(); k++) {
            AuthClass c = keys.get(k).authClass();
            Set<Algorithm> algs = EnumSet.noneOf(Algorithm.class);
            for (int p = 0; p < cpus.size(); p++) {
                if (online[p] && cpus.get(p).algorithm(c) != Algorithm.NONE) {
                    algs.add(cpus.get(p).algorithm(c));
                }
            }
            tokenAlgorithm[k] = checked.contains(Invariant.GUEST_KEYS_INTACT) && signs
                    && actions.contains(GuestAction.AUTH) && algs.size() >= 2;
        }
        keepsTrappedClass = hostHandlerInjects(policy.hooks().trap()) || hostHandlerInjects(policy.hooks().trapKeyAccess());
    }

    private Algorithm offer(Policy.Exposure rule, AuthClass c) {
        switch (rule) {
            case NEVER:
                return Algorithm.NONE;
            case BOOT_CPU:
                return cpus.get(0).algorithm(c);
            case UNIFORM: {
                Algorithm a = cpus.get(0).algorithm(c);
                for (int p = 0; p < cpus.size(); p++) {
                    if (online[p] && cpus.get(p).algorithm(c) != a) {
                        return Algorithm.NONE;
                    }
                }
                return a;
            }
            default:
                for (int p = 0; p < cpus.size(); p++) {
                    if (online[p] && cpus.get(p).algorithm(c) != Algorithm.NONE) {
                        return cpus.get(p).algorithm(c);
                    }
                }
                return Algorithm.NONE;
        }
    }

    private static boolean hostHandlerInjects(Policy.TrapHandler h) {
        return h != null && h.context() == Policy.TrapContext.HOST && injects(h.ops());
    }

    private static boolean injects(List<Op> ops) {
        for (Op o : ops) {
            if (o instanceof Op.Simple s && s.kind() == Op.Simple.Kind.INJECT_UNDEF) {
                return true;
            }
            if (o instanceof Op.If f && (injects(f.then()) || injects(f.otherwise()))) {
                return true;
            }
        }
        return false;
    }

    int vcpus() {
        return vcpuNames.size();
    }

    boolean cpuHas(int p, AuthClass c) {
        return cpus.get(p).algorithm(c) != Algorithm.NONE;
    }

    /** Whether the online pCPUs differ in implementing a class (cpu_has_* then depends on where the thread runs). */
    boolean onlineDiffer(AuthClass c) {
        Boolean first = null;
        for (int p = 0; p < cpus.size(); p++) {
            if (online[p]) {
                if (first != null && first != cpuHas(p, c)) {
                    return true;
                }
                first = cpuHas(p, c);
            }
        }
        return false;
    }

    /** The handler of a trapped instruction: trap_key_access for key accesses when given, else trap. */
    Policy.TrapHandler handlerFor(Insn insn) {
        Policy.TrapHandler tka = policy.hooks().trapKeyAccess();
        return insn.keyAccess() && tka != null ? tka : policy.hooks().trap();
    }
}
