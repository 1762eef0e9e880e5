package trapcheck.kvm;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import trapcheck.kvm.spec.SourcePos;
import trapcheck.kvm.spec.Spec;

/**
 * The identity a {@link KvmModel} gives the engine ({@link trapcheck.engine.Model#identity()}), which a
 * checkpoint records: the revision of the model's semantics, then a canonical text of everything the
 * spec defines that the exploration depends on (topology, guest, policy, check), and nothing it does
 * not (name, description, expect, file, hash, source positions). Canonical: records by component in
 * declaration order, sets sorted, so two specs that define the same world have the same identity
 * whatever their layout, comments or key order, and two that differ in any such field do not.
 */
final class ModelIdentity {
    /**
     * The revision of the semantics: bump it whenever a step's meaning changes (a pinned count of
     * SmallTopologyCountsTest moves), so that no checkpoint of the older semantics is resumed.
     */
    static final int REVISION = 2;

    private ModelIdentity() {
    }

    static String of(Spec spec) {
        StringBuilder b = new StringBuilder("kvm-arm64-ptrauth semantics r").append(REVISION).append('\n');
        b.append("topology ").append(canonical(spec.topology())).append('\n');
        b.append("guest ").append(canonical(spec.guest())).append('\n');
        b.append("policy ").append(canonical(spec.policy())).append('\n');
        b.append("check ").append(canonical(spec.check())).append('\n');
        return b.toString();
    }

    /** The canonical text of a spec value; a type it does not know is a bug to fix here, not to guess at. */
    static String canonical(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return quote(s);
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof Enum<?>) {
            return v instanceof Enum<?> e ? e.name() : v.toString();
        }
        if (v instanceof Record r) {
            StringBuilder b = new StringBuilder(r.getClass().getSimpleName()).append('(');
            boolean first = true;
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                if (c.getType() == SourcePos.class || c.getType() == Path.class) {
                    continue; // where it was written, not what it says
                }
                b.append(first ? "" : ", ").append(c.getName()).append('=').append(canonical(component(c, r)));
                first = false;
            }
            return b.append(')').toString();
        }
        if (v instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(ModelIdentity::canonical).toList()) + "]";
        }
        if (v instanceof Set<?> set) {
            return "{" + String.join(", ", sorted(set)) + "}";
        }
        if (v instanceof Map<?, ?> map) {
            List<String> entries = new ArrayList<>();
            map.forEach((k, x) -> entries.add(canonical(k) + ": " + canonical(x)));
            return "{" + String.join(", ", entries.stream().sorted().toList()) + "}";
        }
        throw new IllegalStateException("ModelIdentity has no canonical form for " + v.getClass().getName());
    }

    private static List<String> sorted(Collection<?> c) {
        return c.stream().map(ModelIdentity::canonical).sorted().toList();
    }

    private static Object component(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + r.getClass().getSimpleName() + "." + c.getName(), e);
        }
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
