package trapcheck.kvm.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import trapcheck.spi.SpecException;

/** A written spec loads back into the same definition: every library spec, and the corner cases of the writer. */
class SpecWriterTest {

    static Stream<Path> library() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "specs"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("library")
    void everyLibrarySpecRoundTrips(Path file) throws SpecException {
        Spec original = SpecLoader.load(file);
        String text = SpecWriter.write(original, List.of("written from " + file.getFileName()));
        Spec back = parse(text);
        assertSameDefinition(original, back, file.toString());
        assertEquals(text, SpecWriter.write(back, List.of("written from " + file.getFileName())), "writing is idempotent");
    }

    @Test
    void keyListsKeepTheirOrderAndAKeyOpOfOnlyUnmodelledKeysStaysEmpty() throws SpecException {
        Spec s = parse("""
                spec: 1
                name: "2020"
                description: "quotes \\" and a backslash \\\\"
                topology:
                  cpus: [ { name: "true", address: qarma5, generic: none } ]
                  vms: [ { name: vm0, vcpus: 2, request: [generic] } ]
                guest: { keys: [APIA, APGA], actions: [sign] }
                policy:
                  hooks:
                    vcpu_load: [ { save_host_keys: [APGA, APIA] }, { restore_host_keys: [APDB] }, save_guest_keys ]
                    trap_key_access: { context: hyp, do: [] }
                    vcpu_reset:
                      - if: { any: [ requested_generic, { all: [ cpu_hcr.APK, { not: vcpu_hcr.API } ] } ] }
                        then: []
                        else: [ return_einval ]
                check: { invariants: [no-key-leakage], symmetry: false, max_depth: 7 }
                expect: { verdict: violated, invariant: no-key-leakage }
                """);
        String text = SpecWriter.write(s, List.of());
        assertTrue(text.contains("- { save_host_keys: [APGA, APIA] }"), text);
        assertTrue(text.contains("- { restore_host_keys: [APIB] }"), "an op of unmodelled keys only stays a no-op: " + text);
        assertTrue(text.contains("- save_guest_keys"), "every modelled key in order is the bare op: " + text);
        Spec back = parse(text);
        assertSameDefinition(s, back, "corner cases");
        assertEquals("2020", back.name());
        assertEquals("true", back.topology().cpus().get(0).name());
        assertEquals("quotes \" and a backslash \\", back.description());
        assertEquals(List.of(), back.policy().hooks().vcpuLoad().get(1) instanceof Op.KeyMove km ? km.keys() : null);
    }

    @Test
    void aDifferentPolicyIsADifferentDefinition() throws SpecException {
        Spec a = SpecLoader.load(Path.of("..", "specs", "v5.2-lazy-host-trap.yaml"));
        Spec b = SpecLoader.load(Path.of("..", "specs", "v5.7-stable-fix.yaml"));
        assertFalse(differences(a.policy(), b.policy(), "policy").isEmpty());
        assertFalse(SpecWriter.policyText(a.policy(), a.guest().keys()).equals(SpecWriter.policyText(b.policy(), b.guest().keys())));
    }

    static Spec parse(String text) throws SpecException {
        return SpecLoader.parse(Path.of("written.yaml"), text.getBytes(StandardCharsets.UTF_8));
    }

    /** Equal topology, guest, policy, check and expectation, source positions aside. */
    static void assertSameDefinition(Spec a, Spec b, String what) {
        List<String> diffs = new ArrayList<>();
        diffs.addAll(differences(a.topology(), b.topology(), "topology"));
        diffs.addAll(differences(a.guest(), b.guest(), "guest"));
        diffs.addAll(differences(a.policy(), b.policy(), "policy"));
        diffs.addAll(differences(a.check(), b.check(), "check"));
        diffs.addAll(differences(a.expect().violated(), b.expect().violated(), "expect.violated"));
        diffs.addAll(differences(a.expect().invariant(), b.expect().invariant(), "expect.invariant"));
        assertEquals(a.name(), b.name());
        assertEquals(a.description(), b.description());
        assertTrue(diffs.isEmpty(), what + ": " + diffs);
    }

    /** Where two values differ, comparing records component by component and ignoring every SourcePos. */
    static List<String> differences(Object a, Object b, String path) {
        List<String> out = new ArrayList<>();
        if (a instanceof SourcePos || b instanceof SourcePos) {
            return out;
        }
        if (a == null || b == null) {
            if (a != b) {
                out.add(path + ": " + a + " vs " + b);
            }
            return out;
        }
        if (a.getClass().isRecord() && a.getClass() == b.getClass()) {
            for (RecordComponent c : a.getClass().getRecordComponents()) {
                try {
                    out.addAll(differences(c.getAccessor().invoke(a), c.getAccessor().invoke(b), path + "." + c.getName()));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
            return out;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                out.add(path + ": " + la.size() + " vs " + lb.size() + " elements");
                return out;
            }
            for (int i = 0; i < la.size(); i++) {
                out.addAll(differences(la.get(i), lb.get(i), path + "[" + i + "]"));
            }
            return out;
        }
        if (a instanceof Map<?, ?> || a instanceof Collection<?>) {
            if (!a.equals(b)) {
                out.add(path + ": " + a + " vs " + b);
            }
            return out;
        }
        if (!a.equals(b)) {
            out.add(path + ": " + a + " vs " + b);
        }
        return out;
    }
}
