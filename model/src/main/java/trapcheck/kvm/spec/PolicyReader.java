package trapcheck.kvm.spec;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

/**
 * {@code policy:} — laziness, exposure, ID-register masking and the hook programs. Every field has
 * a default; a hook left out does nothing.
 */
final class PolicyReader {
    static final Map<String, Policy.Exposure> EXPOSURES = Values.vocabulary(Policy.Exposure.values(), Policy.Exposure::word);
    static final Map<String, IdField> ID_FIELDS = Values.vocabulary(IdField.values(), IdField::name);
    static final Map<String, Policy.TrapContext> CONTEXTS =
            Values.vocabulary(Policy.TrapContext.values(), Policy.TrapContext::word);
    static final List<String> FIELDS = List.of("lazy", "expose", "id_registers", "hooks");
    static final List<String> EXPOSE_FIELDS = List.of("address", "generic", "require_both");
    static final List<String> ID_REGISTER_FIELDS = List.of("hide_without_ptrauth");
    static final List<String> HOOKS = List.of("vcpu_load", "vcpu_put", "guest_enter", "switch_in", "switch_out",
            "guest_exit", "trap", "trap_key_access", "vcpu_reset");
    static final List<String> TRAP_FIELDS = List.of("context", "do");

    private PolicyReader() {
    }

    static Policy read(YamlNode node, String path, Guest guest) {
        MapFields f = new MapFields(node, path, "a map of policy fields (" + String.join(", ", FIELDS) + ")", FIELDS);
        boolean lazy = f.bool("lazy", true);

        Policy.Exposure address = Policy.Exposure.UNIFORM;
        Policy.Exposure generic = Policy.Exposure.UNIFORM;
        boolean requireBoth = true;
        if (f.has("expose")) {
            MapFields e = new MapFields(f.get("expose"), f.pathOf("expose"), "a map of exposure rules ("
                    + String.join(", ", EXPOSE_FIELDS) + ")", EXPOSE_FIELDS);
            address = exposure(e, "address");
            generic = exposure(e, "generic");
            requireBoth = e.bool("require_both", true);
        }

        EnumSet<IdField> hidden = EnumSet.allOf(IdField.class);
        if (f.has("id_registers")) {
            MapFields r = new MapFields(f.get("id_registers"), f.pathOf("id_registers"),
                    "a map of ID register settings (hide_without_ptrauth)", ID_REGISTER_FIELDS);
            if (r.has("hide_without_ptrauth")) {
                hidden.clear();
                hidden.addAll(Values.words(r.get("hide_without_ptrauth"), r.pathOf("hide_without_ptrauth"),
                        "ID field", ID_FIELDS, false));
            }
        }

        Policy.Hooks hooks = f.has("hooks")
                ? hooks(new MapFields(f.get("hooks"), f.pathOf("hooks"), "a map of hooks (" + String.join(", ", HOOKS) + ")",
                        HOOKS), guest)
                : hooks(null, guest);
        return new Policy(lazy, address, generic, requireBoth, hidden, hooks);
    }

    private static Policy.Exposure exposure(MapFields e, String name) {
        YamlNode node = e.get(name);
        return node == null ? Policy.Exposure.UNIFORM : Values.word(node, e.pathOf(name), "exposure rule", EXPOSURES);
    }

    /** All hooks; {@code f} null when the policy gives none. */
    private static Policy.Hooks hooks(MapFields f, Guest guest) {
        OpReader plain = new OpReader(guest.keys(), OpReader.Place.HOOK);
        OpReader reset = new OpReader(guest.keys(), OpReader.Place.RESET);
        Policy.TrapHandler trap = f != null && f.has("trap")
                ? trap(f.get("trap"), f.pathOf("trap"), guest)
                // No trap handler given: the trap leaves the guest for the host and does nothing
                // there, the guest instruction then retries. Null would push a special case on every user.
                : new Policy.TrapHandler(Policy.TrapContext.HOST, List.of(),
                        new SourcePos(0, 0, f == null ? "policy.hooks.trap" : f.pathOf("trap")));
        Policy.TrapHandler trapKeyAccess = f != null && f.has("trap_key_access")
                ? trap(f.get("trap_key_access"), f.pathOf("trap_key_access"), guest)
                : null;
        return new Policy.Hooks(program(f, "vcpu_load", plain), program(f, "vcpu_put", plain),
                program(f, "guest_enter", plain), program(f, "switch_in", plain), program(f, "switch_out", plain),
                program(f, "guest_exit", plain), trap, trapKeyAccess, program(f, "vcpu_reset", reset));
    }

    private static List<Op> program(MapFields f, String hook, OpReader reader) {
        return f == null || !f.has(hook) ? List.of() : reader.program(f.get(hook), f.pathOf(hook));
    }

    private static Policy.TrapHandler trap(YamlNode node, String path, Guest guest) {
        MapFields t = new MapFields(node, path, "a trap handler, a map such as { context: host, do: [ops] }", TRAP_FIELDS);
        Policy.TrapContext context = Values.word(t.required("context", "host or hyp: where the handler runs"),
                t.pathOf("context"), "trap context", CONTEXTS);
        List<Op> ops = new OpReader(guest.keys(), OpReader.Place.TRAP)
                .program(t.required("do", "the handler's ops; [] for none"), t.pathOf("do"));
        return new Policy.TrapHandler(context, ops, t.pos());
    }
}
