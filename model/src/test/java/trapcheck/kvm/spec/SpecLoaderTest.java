package trapcheck.kvm.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trapcheck.spi.SpecException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A spec using every section loads to what it says, and the defaults are the documented ones (docs/spec-reference.md). */
class SpecLoaderTest {

    /** A spec that uses every section of the format. */
    static final String SPEC_MD_EXAMPLE = """
            spec: 1
            name: v5.2-lazy-host-trap
            description: ptrauth switch as posted in v7 7/10 and merged in 5.2 (384b40caa8af)

            topology:
              in_kernel_ptrauth: false          # host kernel uses ptrauth itself (5.7+): host keys needed always
              cpus:                             # one entry per pCPU, or an entry with count
                - { name: cpu0, address: qarma5, generic: qarma5 }
                - { name: little, count: 2, address: impdef, generic: none }
              vms:
                - { name: vm0, vcpus: 2, request: [address, generic] }   # KVM_ARM_VCPU_PTRAUTH_* asked at init
                - { name: vm1, vcpus: 1, request: [] }
              other_tasks: 1                    # host tasks that are not vCPU threads (each its own keys)

            guest:                              # what guests may do; all by default
              actions: [sign, auth, key_read, key_write]
              keys: [APIA, APIB, APDA, APDB, APGA]   # the key registers modelled; ops naming others skip them
              key_versions: 2                   # distinct values a guest may write to a key, per key

            policy:
              lazy: true                        # true: the api-apk-cleared-on-load invariant applies
              expose:                           # what a vCPU that asked for ptrauth is given
                address: uniform                # uniform | boot-cpu | any-cpu | never
                generic: uniform
                require_both: true              # ptrauth only when both are available (and both requested)
              id_registers:
                hide_without_ptrauth: [APA, API, APA3, GPA, GPI, GPA3]   # fields masked for a vCPU without it
              hooks:
                vcpu_load:
                  - if: vcpu_has_ptrauth
                    then: [ { clear_vcpu_hcr: [API, APK] } ]
                vcpu_put: []
                guest_enter:                    # C, once per entry from the host (__kvm_vcpu_run)
                  - activate_traps
                switch_in:                      # asm, every entry to the guest (__guest_enter)
                  - if: vcpu_hcr.API
                    then: [ restore_guest_keys ]
                switch_out:                     # asm, every exit from the guest
                  - if: vcpu_hcr.API
                    then: [ save_guest_keys, restore_host_keys ]
                guest_exit: []                  # C, back in the host
                trap:                           # both trap paths, unless trap_key_access is given
                  context: host                 # host: handle_exit, preemptible | hyp: inside the world switch
                  do:
                    - if: vcpu_has_ptrauth
                      then: [ { set_vcpu_hcr: [API, APK] }, save_host_keys ]
                      else: [ inject_undef ]
                # trap_key_access: { context: ..., do: [...] }   # the EC_SYS64 path on its own
                vcpu_reset:
                  - if: { all: [ requested_ptrauth, { not: vcpu_has_ptrauth } ] }
                    then: [ return_einval ]

            check:
              invariants: all                   # or a list of invariant ids
              symmetry: true                    # identical pCPUs, vCPUs and VMs are interchangeable
              max_depth: 0                      # 0: unbounded

            expect:                             # what the author believes; `check` reports a mismatch
              verdict: violated                 # holds | violated
              invariant: host-keys-intact       # required when violated
            """;

    @TempDir
    Path dir;

    private Spec load(String yaml) throws Exception {
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, yaml);
        return SpecLoader.load(file);
    }

    @Test
    void specMdExampleLoads() throws Exception {
        Spec spec = load(SPEC_MD_EXAMPLE);
        assertEquals("v5.2-lazy-host-trap", spec.name());
        assertTrue(spec.description().startsWith("ptrauth switch as posted in v7 7/10"));
        byte[] bytes = SPEC_MD_EXAMPLE.getBytes(StandardCharsets.UTF_8);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), spec.sha256());
        assertEquals(dir.resolve("spec.yaml"), spec.file());

        Topology t = spec.topology();
        assertFalse(t.inKernelPtrauth());
        assertEquals(List.of("cpu0", "little0", "little1"), t.cpus().stream().map(Topology.Cpu::name).toList());
        assertEquals(Algorithm.QARMA5, t.cpus().get(0).address());
        assertEquals(Algorithm.IMPDEF, t.cpus().get(2).address());
        assertEquals(Algorithm.NONE, t.cpus().get(2).generic());
        assertEquals(new SourcePos(9, 7, "topology.cpus[1]"), t.cpus().get(1).pos());
        assertEquals(t.cpus().get(1).pos(), t.cpus().get(2).pos(), "expanded pCPUs share their entry's position");
        assertEquals(2, t.vms().size());
        assertEquals(new Topology.Vm("vm0", 2, true, true, new SourcePos(11, 7, "topology.vms[0]")), t.vms().get(0));
        assertEquals(new Topology.Vm("vm1", 1, false, false, new SourcePos(12, 7, "topology.vms[1]")), t.vms().get(1));
        assertEquals(1, t.otherTasks());

        Guest g = spec.guest();
        assertEquals(EnumSet.allOf(GuestAction.class), g.actions());
        assertEquals(List.of(Key.values()), g.keys());
        assertEquals(2, g.keyVersions());
        assertFalse(g.signedPointers());

        Policy p = spec.policy();
        assertTrue(p.lazy());
        assertEquals(Policy.Exposure.UNIFORM, p.address());
        assertEquals(Policy.Exposure.UNIFORM, p.generic());
        assertTrue(p.requireBoth());
        assertEquals(EnumSet.allOf(IdField.class), p.hideWithoutPtrauth());

        Policy.Hooks h = p.hooks();
        Op.If load = (Op.If) h.vcpuLoad().get(0);
        assertEquals(new Condition.Atom(Condition.Name.VCPU_HAS_PTRAUTH), load.condition());
        assertEquals(new Op.HcrWrite(false, false, Set.of(Op.HcrBit.API, Op.HcrBit.APK),
                new SourcePos(31, 17, "policy.hooks.vcpu_load[0].then[0]")), load.then().get(0));
        assertEquals(new SourcePos(30, 9, "policy.hooks.vcpu_load[0]"), load.pos());
        assertTrue(h.vcpuPut().isEmpty());
        assertEquals(List.of(new Op.Simple(Op.Simple.Kind.ACTIVATE_TRAPS, new SourcePos(34, 9, "policy.hooks.guest_enter[0]"))),
                h.guestEnter());
        Op.If out = (Op.If) h.switchOut().get(0);
        assertEquals(new Condition.Atom(Condition.Name.VCPU_HCR_API), out.condition());
        assertEquals(new Op.KeyMove(Op.KeyMove.Kind.SAVE_GUEST_KEYS, List.of(Key.values()),
                new SourcePos(40, 17, "policy.hooks.switch_out[0].then[0]")), out.then().get(0));
        assertEquals(Op.KeyMove.Kind.RESTORE_HOST_KEYS, ((Op.KeyMove) out.then().get(1)).kind());
        assertTrue(h.guestExit().isEmpty());

        assertEquals(Policy.TrapContext.HOST, h.trap().context());
        assertEquals(new SourcePos(43, 7, "policy.hooks.trap"), h.trap().pos());
        Op.If trapIf = (Op.If) h.trap().ops().get(0);
        assertEquals(List.of(new Op.Simple(Op.Simple.Kind.INJECT_UNDEF, new SourcePos(47, 19, "policy.hooks.trap.do[0].else[0]"))),
                trapIf.otherwise());
        assertNull(h.trapKeyAccess());

        Op.If reset = (Op.If) h.vcpuReset().get(0);
        assertEquals(new Condition.All(List.of(new Condition.Atom(Condition.Name.REQUESTED_PTRAUTH),
                new Condition.Not(new Condition.Atom(Condition.Name.VCPU_HAS_PTRAUTH)))), reset.condition());
        assertEquals(Op.Simple.Kind.RETURN_EINVAL, ((Op.Simple) reset.then().get(0)).kind());

        assertNull(spec.check().invariants());
        assertTrue(spec.check().symmetry());
        assertEquals(0, spec.check().maxDepth());
        assertTrue(spec.expect().violated());
        assertEquals("host-keys-intact", spec.expect().invariant());
        assertEquals(new SourcePos(58, 1, "expect"), spec.expect().pos(), "the expect key");
    }

    static final String MINIMAL = """
            spec: 1
            name: minimal
            topology:
              cpus: [ { name: cpu0, address: qarma5, generic: qarma5 } ]
              vms: [ { name: vm0, vcpus: 1 } ]
            policy: {}
            """;

    @Test
    void defaults() throws Exception {
        Spec spec = load(MINIMAL);
        assertEquals("", spec.description());
        assertFalse(spec.topology().inKernelPtrauth());
        assertEquals(0, spec.topology().otherTasks());
        assertFalse(spec.topology().vms().get(0).requestAddress());
        assertEquals(new Guest(EnumSet.allOf(GuestAction.class), List.of(Key.values()), 2, false), spec.guest());
        Policy p = spec.policy();
        assertTrue(p.lazy());
        assertTrue(p.requireBoth());
        assertEquals(EnumSet.allOf(IdField.class), p.hideWithoutPtrauth());
        assertEquals(Policy.TrapContext.HOST, p.hooks().trap().context());
        assertTrue(p.hooks().trap().ops().isEmpty());
        assertNull(p.hooks().trapKeyAccess());
        assertTrue(p.hooks().vcpuLoad().isEmpty());
        assertEquals(new CheckConfig(null, true, 0), spec.check());
        assertFalse(spec.expect().violated());
        assertNull(spec.expect().invariant());
    }

    /** YAML 1.2 core spellings that every reader agrees on keep loading (the format's compatibility promise). */
    @Test
    void coreSchemaBooleansAndSignedDecimalsLoad() throws Exception {
        Spec spec = load(MINIMAL.replace("vcpus: 1", "vcpus: +2").replace("policy: {}",
                "policy: { lazy: FALSE, expose: { require_both: False } }\ncheck: { symmetry: True }"));
        assertEquals(2, spec.topology().vms().get(0).vcpus());
        assertFalse(spec.policy().lazy());
        assertFalse(spec.policy().requireBoth());
        assertTrue(spec.check().symmetry());
        assertTrue(load(MINIMAL.replace("policy: {}", "policy: { lazy: TRUE }")).policy().lazy());
    }

    @Test
    void keyOpsKeepTheWrittenOrderAndSkipUnmodelledKeys() throws Exception {
        Spec spec = load(MINIMAL.replace("policy: {}", """
                guest: { keys: [APGA, APIA], key_versions: 3, actions: [sign, auth], signed_pointers: true }
                policy:
                  hooks:
                    vcpu_load: [ { save_host_keys: [APGA, APDB, APIA] }, restore_guest_keys ]
                    trap_key_access: { context: hyp, do: [ { set_cpu_hcr: [APK] } ] }
                check: { invariants: [trap-bits-match-vcpu, no-key-leakage], symmetry: false, max_depth: 40 }
                expect: { verdict: violated, invariant: no-key-leakage }
                """));
        assertEquals(List.of(Key.APIA, Key.APGA), spec.guest().keys(), "guest.keys in Key order");
        assertEquals(EnumSet.of(GuestAction.SIGN, GuestAction.AUTH), spec.guest().actions());
        assertTrue(spec.guest().signedPointers());
        List<Op> load = spec.policy().hooks().vcpuLoad();
        assertEquals(List.of(Key.APGA, Key.APIA), ((Op.KeyMove) load.get(0)).keys());
        assertEquals(List.of(Key.APIA, Key.APGA), ((Op.KeyMove) load.get(1)).keys());
        Policy.TrapHandler keyAccess = spec.policy().hooks().trapKeyAccess();
        assertEquals(Policy.TrapContext.HYP, keyAccess.context());
        assertEquals(new Op.HcrWrite(true, true, Set.of(Op.HcrBit.APK), keyAccess.ops().get(0).pos()), keyAccess.ops().get(0));
        assertEquals(new CheckConfig(List.of("no-key-leakage", "trap-bits-match-vcpu"), false, 40), spec.check());
        assertEquals("no-key-leakage", spec.expect().invariant());
    }

    @Test
    void jsonLoads() throws Exception {
        Spec spec = load("""
                {"spec": 1, "name": "json", "topology": {"cpus": [{"name": "a", "address": "none", "generic": "none",
                 "count": 3}], "vms": [{"name": "vm", "vcpus": 2, "request": ["generic"]}], "other_tasks": 2},
                 "policy": {"lazy": false, "expose": {"address": "any-cpu", "generic": "never", "require_both": false}}}
                """);
        assertEquals(List.of("a0", "a1", "a2"), spec.topology().cpus().stream().map(Topology.Cpu::name).toList());
        assertTrue(spec.topology().vms().get(0).requestGeneric());
        assertEquals(Policy.Exposure.ANY_CPU, spec.policy().address());
        assertEquals(Policy.Exposure.NEVER, spec.policy().generic());
        assertFalse(spec.policy().requireBoth());
        assertFalse(spec.policy().lazy());
    }

    @Test
    void missingFileIsASpecException() {
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(dir.resolve("nope.yaml")));
        assertEquals(dir.resolve("nope.yaml") + ": no such file", e.getMessage());
        SpecException d = assertThrows(SpecException.class, () -> SpecLoader.load(dir));
        assertTrue(d.getMessage().startsWith(dir + ": cannot read the file"), d.getMessage());
    }

    @Test
    void stateSizeFollowsTheLayout() throws Exception {
        Spec spec = load(SPEC_MD_EXAMPLE);
        // T=1, G=3, N=3, K=5, V=2, VMs=2: keyValues = 1+1+2+6 = 10 -> 4 bits
        // per pCPU: bitsFor(5)=3 + 2*5*4 + 2 = 45; per vCPU: 1 + 7 + bitsFor(4)=2 + 2 + 20 + 5 = 37
        assertEquals(3 * 45 + 3 * 37, StateSize.bits(spec));
        assertEquals(0, StateSize.bitsFor(1));
        assertEquals(1, StateSize.bitsFor(2));
        assertEquals(2, StateSize.bitsFor(3));
        assertEquals(7, StateSize.bitsFor(67));
    }

    @Test
    void didYouMean() {
        List<String> ops = List.of("save_host_keys", "restore_host_keys", "activate_traps");
        assertEquals("save_host_keys", DidYouMean.suggest("save_host_key", ops));
        assertEquals("save_host_keys", DidYouMean.suggest("svae_host_keys", ops));
        assertEquals("activate_traps", DidYouMean.suggest("activate", ops));
        assertNull(DidYouMean.suggest("xyz", ops));
        assertEquals("APIA", DidYouMean.suggest("apia", List.of("APIA", "APIB")));
        assertInstanceOf(String.class, DidYouMean.hint("zz", ops));
    }
}
