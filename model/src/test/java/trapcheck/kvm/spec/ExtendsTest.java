package trapcheck.kvm.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trapcheck.spi.SourceFile;
import trapcheck.spi.SpecException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code extends: FILE}: what replaces what at each level (the result equals the spec written out
 * in full), where errors point, cycles, the depth bound, and the hashes a trace records.
 */
class ExtendsTest {
    @TempDir
    Path dir;

    static final String BASE = """
            spec: 1
            name: base
            description: the base
            topology:
              cpus: [ { name: cpu, count: 2, address: qarma5, generic: qarma5 } ]
              vms: [ { name: vm0, vcpus: 1, request: [address, generic] } ]
            guest: { keys: [APIA, APGA], key_versions: 2 }
            policy:
              lazy: true
              expose: { address: boot-cpu, require_both: false }
              id_registers: { hide_without_ptrauth: [APA, API] }
              hooks:
                vcpu_load: [ { if: vcpu_has_ptrauth, then: [ { clear_vcpu_hcr: [API, APK] } ] } ]
                switch_in: [ { if: vcpu_hcr.API, then: [ restore_guest_keys ] } ]
                switch_out: [ { if: vcpu_hcr.API, then: [ save_guest_keys, restore_host_keys ] } ]
                trap: { context: hyp, do: [ save_host_keys, { set_vcpu_hcr: [API, APK] } ] }
                trap_key_access: { context: host, do: [ inject_undef ] }
            check: { symmetry: false }
            expect: { verdict: violated, invariant: trap-bits-match-vcpu }
            """;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    private static Spec load(Path file) throws SpecException {
        return SpecLoader.load(file);
    }

    /** The spec without where its values stand: what the model is built from. */
    private static String meaning(Spec s) {
        return (s.name() + "|" + s.description() + "|" + s.topology() + "|" + s.guest() + "|" + s.policy() + "|"
                + s.check() + "|" + s.expect()).replaceAll(" \\(([^()]+ )?line \\d+\\)", "");
    }

    private void assertMeansTheSame(String extension, String writtenOut) throws Exception {
        write("base.yaml", BASE);
        Spec extended = load(write("ext.yaml", extension));
        Spec flat = load(write("flat.yaml", writtenOut));
        assertEquals(meaning(flat), meaning(extended));
    }

    @Test
    void anExtensionOfNothingButItsOwnFieldsIsTheBaseUnderItsName() throws Exception {
        assertMeansTheSame("""
                spec: 1
                extends: base.yaml
                name: ext
                """, BASE.replace("name: base", "name: ext").replace("description: the base\n", "")
                .replace("expect: { verdict: violated, invariant: trap-bits-match-vcpu }\n", ""));
    }

    @Test
    void sectionsOtherThanPolicyAreReplacedWhole() throws Exception {
        assertMeansTheSame("""
                spec: 1
                extends: base.yaml
                name: ext
                topology:
                  cpus: [ { name: big, address: qarma5, generic: qarma5 }, { name: little, address: qarma5, generic: none } ]
                  vms: [ { name: vm0, vcpus: 2, request: [address] } ]
                guest: { actions: [sign, auth] }
                check: { invariants: [no-key-leakage] }
                """, BASE.replace("name: base", "name: ext").replace("description: the base\n", "")
                .replace("""
                          cpus: [ { name: cpu, count: 2, address: qarma5, generic: qarma5 } ]
                          vms: [ { name: vm0, vcpus: 1, request: [address, generic] } ]
                        """, """
                          cpus: [ { name: big, address: qarma5, generic: qarma5 }, { name: little, address: qarma5, generic: none } ]
                          vms: [ { name: vm0, vcpus: 2, request: [address] } ]
                        """)
                .replace("guest: { keys: [APIA, APGA], key_versions: 2 }", "guest: { actions: [sign, auth] }")
                .replace("check: { symmetry: false }", "check: { invariants: [no-key-leakage] }")
                .replace("expect: { verdict: violated, invariant: trap-bits-match-vcpu }\n", ""));
    }

    @Test
    void policyIsReplacedFieldByFieldRuleByRuleAndHookByHook() throws Exception {
        assertMeansTheSame("""
                spec: 1
                extends: base.yaml
                name: ext
                description: the trap handled in the host
                policy:
                  lazy: false
                  expose: { generic: never }
                  id_registers: { hide_without_ptrauth: [] }
                  hooks:
                    trap: { context: host, do: [ { set_vcpu_hcr: [API, APK] }, save_host_keys ] }
                    vcpu_put: [ save_host_keys ]
                expect: { verdict: holds }
                """, BASE.replace("name: base", "name: ext")
                .replace("the base", "the trap handled in the host")
                .replace("lazy: true", "lazy: false")
                .replace("expose: { address: boot-cpu, require_both: false }",
                        "expose: { address: boot-cpu, generic: never, require_both: false }")
                .replace("hide_without_ptrauth: [APA, API]", "hide_without_ptrauth: []")
                .replace("trap: { context: hyp, do: [ save_host_keys, { set_vcpu_hcr: [API, APK] } ] }",
                        "trap: { context: host, do: [ { set_vcpu_hcr: [API, APK] }, save_host_keys ] }\n"
                                + "    vcpu_put: [ save_host_keys ]")
                .replace("expect: { verdict: violated, invariant: trap-bits-match-vcpu }", "expect: { verdict: holds }"));
    }

    @Test
    void aChainOfBasesAppliesNearestLast() throws Exception {
        write("base.yaml", BASE);
        write("mid/mid.yaml", """
                spec: 1
                extends: ../base.yaml
                name: mid
                policy: { expose: { address: uniform }, hooks: { vcpu_reset: [] } }
                """);
        Spec top = load(write("top.yaml", """
                spec: 1
                extends: mid/mid.yaml
                name: top
                policy: { expose: { generic: any-cpu } }
                """));
        assertEquals(Policy.Exposure.UNIFORM, top.policy().address());
        assertEquals(Policy.Exposure.ANY_CPU, top.policy().generic());
        assertEquals(false, top.policy().requireBoth());
        assertEquals(List.of(dir.resolve("top.yaml"), dir.resolve("mid/mid.yaml"), dir.resolve("mid/../base.yaml")),
                top.sources().stream().map(SourceFile::file).toList());
    }

    @Test
    void aJsonBaseIsReadAsJson() throws Exception {
        write("base.json", """
                {"spec": 1, "name": "base", "topology": {"cpus": [{"name": "cpu0", "address": "qarma5", "generic": "qarma5"}],
                 "vms": [{"name": "vm0", "vcpus": 1}]}, "policy": {"lazy": false}}
                """);
        Spec s = load(write("ext.yaml", "spec: 1\nextends: base.json\nname: ext\n"));
        assertEquals(false, s.policy().lazy());
        write("trailing.json", "{\"spec\": 1, \"name\": \"base\",}\n");
        assertFails(write("bad.yaml", "spec: 1\nextends: trailing.json\nname: ext\n"), "trailing.json:1:28: invalid JSON: "
                + "Unexpected character '}': was expecting double-quote to start field name (a trailing comma? JSON allows none)");
    }

    // --- errors point at the file and line they come from -------------------------------------------

    private void assertFails(Path file, String expected) {
        SpecException e = assertThrows(SpecException.class, () -> load(file));
        MalformedSpecTest.assertWellFormed(e.getMessage());
        assertEquals(dir + "/" + expected, e.getMessage());
    }

    @Test
    void aNameTheFormatDoesNotHaveIsAnErrorInTheExtension() throws Exception {
        write("base.yaml", BASE);
        assertFails(write("ext.yaml", "spec: 1\nextends: base.yaml\nname: ext\npolicy:\n  hooks:\n    trapp: []\n"),
                "ext.yaml:6:5: policy.hooks.trapp: unknown field 'trapp' (did you mean 'trap'?)");
        assertFails(write("ext2.yaml", "spec: 1\nextends: base.yaml\nname: ext\npolicy:\n  expose: { adress: never }\n"),
                "ext2.yaml:5:13: policy.expose.adress: unknown field 'adress' (did you mean 'address'?)");
        assertFails(write("ext3.yaml", "spec: 1\nextends: base.yaml\nname: ext\ntopolgy: {}\n"),
                "ext3.yaml:4:1: topolgy: unknown field 'topolgy' (did you mean 'topology'?)");
    }

    @Test
    void aHookIsReplacedWholeSoAHalfHandlerIsAnErrorInTheExtension() throws Exception {
        write("base.yaml", BASE);
        assertFails(write("ext.yaml", "spec: 1\nextends: base.yaml\nname: ext\npolicy:\n  hooks:\n    trap: { context: host }\n"),
                "ext.yaml:6:11: policy.hooks.trap: missing field 'do' (the handler's ops; [] for none)");
    }

    @Test
    void anErrorInTheBaseIsReportedInTheBase() throws Exception {
        write("base.yaml", BASE.replace("key_versions: 2", "key_versions: 010"));
        assertFails(write("ext.yaml", "spec: 1\nextends: base.yaml\nname: ext\nguest: { key_versions: 1 }\n"),
                "base.yaml:7:44: guest.key_versions: expected an integer from 1 to 8, found 010: write integers in plain "
                        + "decimal (no leading 0, '_', 0x, 0o, 0b or ':')");
    }

    @Test
    void anErrorOfTheMergedSpecPointsAtTheNodeThatCausesIt() throws Exception {
        // The base's expect is its own; the extension's names an invariant its own check leaves out.
        write("base.yaml", BASE);
        assertFails(write("ext.yaml", """
                spec: 1
                extends: base.yaml
                name: ext
                check: { invariants: [no-key-leakage] }
                expect: { verdict: violated, invariant: host-keys-intact }
                """), "ext.yaml:5:41: expect.invariant: expects a violation of host-keys-intact, which check.invariants "
                + "leaves out");
    }

    @Test
    void eachFileSaysItsOwnVersionAndName() throws Exception {
        write("base.yaml", BASE);
        assertFails(write("ext.yaml", "extends: base.yaml\nname: ext\n"),
                "ext.yaml:1:1: missing field 'spec' (the spec format version: spec: 1)");
        assertFails(write("ext2.yaml", "spec: 1\nextends: base.yaml\n"),
                "ext2.yaml:1:1: missing field 'name' (the spec's name: letters, digits, '.', '_' or '-')");
    }

    @Test
    void aBadExtendsValueIsLocated() throws Exception {
        assertFails(write("a.yaml", "spec: 1\nextends: [base.yaml]\nname: a\n"),
                "a.yaml:2:10: extends: expected a string, found a list of 1 item");
        assertFails(write("b.yaml", "spec: 1\nextends: ''\nname: b\n"),
                "b.yaml:2:10: extends: expected the path of the spec to start from, found an empty string");
        assertFails(write("c.yaml", "spec: 1\nextends: nowhere.yaml\nname: c\n"),
                "c.yaml:2:10: extends: '" + dir.resolve("nowhere.yaml") + "': no such file");
        Files.createDirectories(dir.resolve("folder.yaml"));
        SpecException e = assertThrows(SpecException.class,
                () -> load(write("d.yaml", "spec: 1\nextends: folder.yaml\nname: d\n")));
        assertEquals(dir + "/d.yaml:2:10: extends: '" + dir.resolve("folder.yaml") + "': cannot read the file: Is a directory",
                e.getMessage());
    }

    /** A base that is a FIFO (its open would block) or a device that never ends is refused at once. */
    @Test
    @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.LINUX)
    void aBaseThatIsNotARegularFileIsRefusedWithoutReadingIt() throws Exception {
        Path fifo = dir.resolve("fifo.yaml");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        for (String base : List.of(fifo.toString(), "/dev/zero")) {
            Path spec = write("on-" + base.length() + ".yaml", "spec: 1\nextends: " + base + "\nname: x\n");
            SpecException e = assertThrows(SpecException.class, () -> org.junit.jupiter.api.Assertions
                    .assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> load(spec)));
            assertEquals(spec + ":2:10: extends: '" + base + "': not a regular file (a FIFO or a device is not read)",
                    e.getMessage());
        }
        SpecException top = assertThrows(SpecException.class, () -> org.junit.jupiter.api.Assertions
                .assertTimeoutPreemptively(java.time.Duration.ofSeconds(10), () -> load(fifo)));
        assertEquals(fifo + ": not a regular file (a FIFO or a device is not read)", top.getMessage());
    }

    @Test
    void aCycleIsAnErrorNamingTheChain() throws Exception {
        write("a.yaml", "spec: 1\nextends: b.yaml\nname: a\n");
        write("b.yaml", "spec: 1\nextends: sub/../a.yaml\nname: b\n");
        Files.createDirectories(dir.resolve("sub"));
        assertFails(dir.resolve("a.yaml"), "b.yaml:2:10: extends: a cycle of extends: " + q("a.yaml") + " -> "
                + q("b.yaml") + " -> " + q("sub/../a.yaml"));
        assertFails(write("self.yaml", "spec: 1\nextends: self.yaml\nname: s\n"),
                "self.yaml:2:10: extends: a cycle of extends: " + q("self.yaml") + " -> " + q("self.yaml"));
    }

    private String q(String name) {
        return "'" + dir.resolve(name) + "'";
    }

    @Test
    void theChainOfBasesIsBounded() throws Exception {
        write("d9.yaml", BASE);
        for (int i = 8; i >= 0; i--) {
            write("d" + i + ".yaml", "spec: 1\nextends: d" + (i + 1) + ".yaml\nname: d" + i + "\n");
        }
        assertEquals(Bases.MAX_DEPTH + 1, load(dir.resolve("d1.yaml")).sources().size(), "eight bases are fine");
        SpecException e = assertThrows(SpecException.class, () -> load(dir.resolve("d0.yaml")));
        assertEquals(dir + "/d8.yaml:2:10: extends: more than 8 specs extend one another (" + q("d0.yaml")
                + " -> " + q("d1.yaml") + " -> " + q("d2.yaml") + " -> " + q("d3.yaml") + " -> " + q("d4.yaml") + " -> "
                + q("d5.yaml") + " -> " + q("d6.yaml") + " -> " + q("d7.yaml") + " -> " + q("d8.yaml") + " -> " + q("d9.yaml")
                + "); the limit is 8", e.getMessage());
    }

    // --- hashes ------------------------------------------------------------------------------------

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSpecRecordsEveryFileAndAHashCoveringThemAll() throws Exception {
        String ext = "spec: 1\nextends: base.yaml\nname: ext\n";
        Path base = write("base.yaml", BASE);
        Path file = write("ext.yaml", ext);
        Spec s = load(file);
        assertEquals(List.of(new SourceFile(file, sha256(ext)), new SourceFile(base, sha256(BASE))), s.sources());
        assertEquals(sha256(sha256(ext) + "\n" + sha256(BASE) + "\n"), s.sha256());

        write("base.yaml", BASE.replace("description: the base", "description: edited"));
        assertNotEquals(s.sha256(), load(file).sha256(), "an edit to the base changes the extension's hash");
        Spec alone = load(base);
        assertEquals(List.of(new SourceFile(base, alone.sha256())), alone.sources());
        assertEquals(sha256(BASE.replace("description: the base", "description: edited")), alone.sha256(),
                "a spec that extends nothing keeps its file's hash, as traces written before extends recorded");
    }
}
