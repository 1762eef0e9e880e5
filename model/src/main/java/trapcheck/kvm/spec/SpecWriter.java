package trapcheck.kvm.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link Spec} as a spec file of its own: YAML that {@link SpecLoader} reads back into the
 * same definition (topology, guest, policy, check and expectation; only source positions, the file
 * and its hash differ). Every field is written out, defaults included, and nothing is inherited, so
 * the text stands alone wherever it is saved. Used to save what a design review edited (a repaired
 * policy, a topology a sweep found).
 */
public final class SpecWriter {
    private final StringBuilder out = new StringBuilder();
    private final List<Key> modelledKeys;

    private SpecWriter(List<Key> modelledKeys) {
        this.modelledKeys = modelledKeys;
    }

    /**
     * The spec as YAML.
     *
     * @param header comment lines written first (each prefixed "# "), e.g. where the spec came from
     */
    public static String write(Spec spec, List<String> header) {
        SpecWriter w = new SpecWriter(spec.guest().keys());
        for (String line : header) {
            w.out.append(line.isEmpty() ? "#" : "# " + line.replace('\n', ' ')).append('\n');
        }
        w.spec(spec);
        return w.out.toString();
    }

    /** The policy alone as YAML (the {@code policy:} section), a canonical text to compare policies by. */
    public static String policyText(Policy policy, List<Key> modelledKeys) {
        SpecWriter w = new SpecWriter(modelledKeys);
        w.policy(policy);
        return w.out.toString();
    }

    private void spec(Spec s) {
        line(0, "spec: " + SpecLoader.VERSION);
        line(0, "name: " + quote(s.name()));
        line(0, "description: " + quote(s.description()));
        topology(s.topology());
        guest(s.guest());
        policy(s.policy());
        check(s.check());
        line(0, "expect:");
        if (s.expect().violated()) {
            line(1, "verdict: violated");
            line(1, "invariant: " + s.expect().invariant());
        } else {
            line(1, "verdict: holds");
        }
    }

    private void topology(Topology t) {
        line(0, "topology:");
        line(1, "in_kernel_ptrauth: " + t.inKernelPtrauth());
        if (t.parkMismatched()) {
            line(1, "mismatched_secondaries: park");
        }
        line(1, "cpus:");
        for (Topology.Cpu c : t.cpus()) {
            line(2, "- { name: " + quote(c.name()) + ", address: " + c.address().word() + ", generic: "
                    + c.generic().word() + " }");
        }
        line(1, "vms:");
        for (Topology.Vm vm : t.vms()) {
            List<String> request = new ArrayList<>();
            if (vm.requestAddress()) {
                request.add(AuthClass.ADDRESS.word());
            }
            if (vm.requestGeneric()) {
                request.add(AuthClass.GENERIC.word());
            }
            line(2, "- { name: " + quote(vm.name()) + ", vcpus: " + vm.vcpus() + ", request: " + request + " }");
        }
        line(1, "other_tasks: " + t.otherTasks());
    }

    private void guest(Guest g) {
        List<String> actions = new ArrayList<>();
        for (GuestAction a : GuestAction.values()) {
            if (g.actions().contains(a)) {
                actions.add(a.word());
            }
        }
        line(0, "guest:");
        line(1, "actions: " + actions);
        line(1, "keys: " + g.keys());
        line(1, "key_versions: " + g.keyVersions());
        line(1, "signed_pointers: " + g.signedPointers());
    }

    private void policy(Policy p) {
        line(0, "policy:");
        line(1, "lazy: " + p.lazy());
        line(1, "expose: { address: " + p.address().word() + ", generic: " + p.generic().word()
                + ", require_both: " + p.requireBoth() + " }");
        List<String> hidden = new ArrayList<>();
        for (IdField f : IdField.values()) {
            if (p.hideWithoutPtrauth().contains(f)) {
                hidden.add(f.name());
            }
        }
        line(1, "id_registers: { hide_without_ptrauth: " + hidden + " }");
        line(1, "hooks:");
        Policy.Hooks h = p.hooks();
        program(2, "vcpu_load", h.vcpuLoad());
        program(2, "vcpu_put", h.vcpuPut());
        program(2, "guest_enter", h.guestEnter());
        program(2, "switch_in", h.switchIn());
        program(2, "switch_out", h.switchOut());
        program(2, "guest_exit", h.guestExit());
        handler(2, "trap", h.trap());
        if (h.trapKeyAccess() != null) {
            handler(2, "trap_key_access", h.trapKeyAccess());
        }
        program(2, "vcpu_reset", h.vcpuReset());
    }

    private void handler(int depth, String hook, Policy.TrapHandler t) {
        line(depth, hook + ":");
        line(depth + 1, "context: " + t.context().word());
        program(depth + 1, "do", t.ops());
    }

    private void program(int depth, String field, List<Op> ops) {
        if (ops.isEmpty()) {
            line(depth, field + ": []");
            return;
        }
        line(depth, field + ":");
        for (Op o : ops) {
            op(depth + 1, o);
        }
    }

    private void op(int depth, Op o) {
        if (o instanceof Op.If f) {
            line(depth, "- if: " + condition(f.condition()));
            program(depth + 1, "then", f.then());
            if (!f.otherwise().isEmpty()) {
                program(depth + 1, "else", f.otherwise());
            }
        } else {
            line(depth, "- " + opText(o, modelledKeys));
        }
    }

    /**
     * An op other than an {@code if} as a spec writes it: {@code save_host_keys} (every modelled key),
     * {@code { save_host_keys: [APIA] }}, {@code { set_vcpu_hcr: [API, APK] }}, {@code activate_traps}.
     */
    public static String opText(Op o, List<Key> modelledKeys) {
        if (o instanceof Op.KeyMove km) {
            if (km.keys().equals(modelledKeys)) {
                return km.kind().word();
            }
            List<Key> keys = km.keys();
            if (keys.isEmpty()) {
                // Every key it named is unmodelled: any unmodelled key says the same.
                keys = List.of(unmodelledKey(modelledKeys));
            }
            return "{ " + km.kind().word() + ": " + keys + " }";
        }
        if (o instanceof Op.HcrWrite h) {
            List<String> bits = new ArrayList<>();
            for (Op.HcrBit b : Op.HcrBit.values()) {
                if (h.bits().contains(b)) {
                    bits.add(b.name());
                }
            }
            return "{ " + h.word() + ": " + bits + " }";
        }
        if (o instanceof Op.Simple s) {
            return s.kind().word();
        }
        throw new IllegalArgumentException("not a plain op: " + o);
    }

    private static Key unmodelledKey(List<Key> modelled) {
        for (Key k : Key.values()) {
            if (!modelled.contains(k)) {
                return k;
            }
        }
        throw new IllegalStateException("a key op with no key although every key is modelled");
    }

    /** A condition in flow style: {@code vcpu_has_ptrauth}, {@code { not: C }}, {@code { all: [C, C] }}. */
    public static String condition(Condition c) {
        if (c instanceof Condition.Atom a) {
            return a.name().word();
        }
        if (c instanceof Condition.Not n) {
            return "{ not: " + condition(n.operand()) + " }";
        }
        List<Condition> operands = c instanceof Condition.All a ? a.operands() : ((Condition.Any) c).operands();
        List<String> parts = operands.stream().map(SpecWriter::condition).toList();
        return "{ " + (c instanceof Condition.All ? "all" : "any") + ": [ " + String.join(", ", parts) + " ] }";
    }

    private void check(CheckConfig c) {
        line(0, "check:");
        line(1, "invariants: " + (c.invariants() == null ? "all" : c.invariants().toString()));
        line(1, "symmetry: " + c.symmetry());
        line(1, "max_depth: " + c.maxDepth());
        if (c.strict()) {
            line(1, "strict: true");
        }
    }

    private void line(int depth, String text) {
        out.append("  ".repeat(depth)).append(text).append('\n');
    }

    /** A double-quoted YAML string (JSON escapes), so that no name is ever read as a number or boolean. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
