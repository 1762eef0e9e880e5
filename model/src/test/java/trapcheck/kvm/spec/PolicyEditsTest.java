package trapcheck.kvm.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import trapcheck.spi.SpecException;

/** The edits of a policy: every one a valid spec, each a different policy, named by the documented operators. */
class PolicyEditsTest {

    /** A host-context handler, big.LITTLE with a hyp handler, a separate key-access handler. */
    static List<Path> library() {
        return List.of("v5.2-lazy-host-trap", "v5.9-physical-hcr-biglittle", "broken-key-access-trap-unhandled")
                .stream().map(n -> Path.of("..", "specs", n + ".yaml")).toList();
    }

    @ParameterizedTest
    @MethodSource("library")
    void everyRepairMoveIsAValidSpecOfItsOwnPolicy(Path file) throws SpecException {
        Spec spec = SpecLoader.load(file);
        List<PolicyEdit> edits = PolicyEdits.repairs(spec);
        Set<String> policies = new HashSet<>();
        policies.add(SpecWriter.policyText(spec.policy(), spec.guest().keys()));
        Set<String> operators = new LinkedHashSet<>(PolicyEdits.MUTATION_OPERATORS.keySet());
        operators.addAll(PolicyEdits.REPAIR_MOVES.keySet());
        for (PolicyEdit e : edits) {
            assertTrue(operators.contains(e.operator()), e.operator());
            assertTrue(policies.add(SpecWriter.policyText(e.policy(), spec.guest().keys())), "a second edit gives the "
                    + "policy of " + e.diff());
            Spec edited = new Spec(spec.file(), spec.sha256(), spec.name(), spec.description(), spec.topology(),
                    spec.guest(), e.policy(), spec.check(), spec.expect(), spec.sources());
            Spec back = SpecWriterTest.parse(SpecWriter.write(edited, List.of(e.diff())));
            assertTrue(SpecWriterTest.differences(e.policy(), back.policy(), "policy").isEmpty(), e.diff());
            assertTrue(!e.diff().contains("\n"), "one line: " + e.diff());
        }
        List<PolicyEdit> mutants = PolicyEdits.mutants(spec);
        assertEquals(mutants, edits.subList(0, mutants.size()), "the repair moves start with every mutant");
    }

    @Test
    void theMutantsOf52AreTheOperatorsAppliedEverywhere() throws SpecException {
        Spec spec = SpecLoader.load(Path.of("..", "specs", "v5.2-lazy-host-trap.yaml"));
        List<String> diffs = PolicyEdits.mutants(spec).stream().map(e -> e.operator() + " " + e.diff()).toList();
        // 14 ops and ifs, the else dropped as drop-else rather than drop-op.
        assertEquals(13, diffs.stream().filter(d -> d.startsWith("drop-op ")).count(), String.join("\n", diffs));
        assertTrue(diffs.contains("drop-else trap.do[0]: else [ inject_undef ] -> (dropped)"));
        assertTrue(diffs.contains("swap-ops trap.do[0].then[0..1]: { set_vcpu_hcr: [API, APK] }, save_host_keys"
                + " -> save_host_keys, { set_vcpu_hcr: [API, APK] }"));
        assertTrue(diffs.contains("narrow-keys trap.do[0].then[1]: save_host_keys -> { save_host_keys: [APGA] }"));
        assertTrue(diffs.contains("narrow-bits vcpu_load[0].then[0]: { clear_vcpu_hcr: [API, APK] } -> { clear_vcpu_hcr: [APK] }"));
        assertTrue(diffs.contains("move-trap-handler trap.context: host -> hyp"));
        assertTrue(diffs.contains("negate-condition switch_in[0]: if vcpu_hcr.API -> if { not: vcpu_hcr.API }"));
        assertTrue(diffs.contains("replace-condition vcpu_reset[0]: if { all: [ requested_ptrauth, { not: vcpu_has_ptrauth } ] }"
                + " -> if { all: [ requested_ptrauth, { not: cpu_hcr.API } ] }"));
        assertTrue(diffs.contains("show-id-field id_registers.hide_without_ptrauth: APA3 -> (dropped)"));
        assertTrue(diffs.contains("widen-exposure expose.generic: uniform -> boot-cpu"));
        // 6 conditions (one per if, two in vcpu_reset's), each replaced by the 12 other names.
        assertEquals(6 * 12, diffs.stream().filter(d -> d.startsWith("replace-condition ")).count());
        assertEquals(114, diffs.size());
    }

    @Test
    void theKernelsFixesOf52AreAmongTheRepairMoves() throws SpecException {
        Spec spec = SpecLoader.load(Path.of("..", "specs", "v5.2-lazy-host-trap.yaml"));
        List<String> diffs = PolicyEdits.repairs(spec).stream().map(e -> e.operator() + " " + e.diff()).toList();
        // ef3e40a7ea8d: the host keys saved in vcpu_load, after clearing the trap bits.
        assertTrue(diffs.contains("move-op trap.do[0].then[1]: save_host_keys -> vcpu_load[0].then[1]"));
        // A region around the save.
        assertTrue(diffs.contains("wrap-preempt trap.do[0].then[1]: [ save_host_keys ] -> [ preempt_disable, .., preempt_enable ]"));
        // 29eb5a3c57f7 needs two: the handler at EL2, and the trap bits written to HCR_EL2 there.
        assertTrue(diffs.contains("move-trap-handler trap.context: host -> hyp"));
        assertTrue(diffs.contains("add-op trap.do[0].then[2]: + { set_cpu_hcr: [API, APK] }"));
    }

    @Test
    void preemptRegionsAreDroppedWholeAndEndedEarlier() throws SpecException {
        Spec spec = SpecWriterTest.parse("""
                spec: 1
                name: region
                topology:
                  cpus: [ { name: cpu, count: 2, address: qarma5, generic: qarma5 } ]
                  vms: [ { name: vm0, vcpus: 1, request: [address, generic] } ]
                guest: { keys: [APIA] }
                policy:
                  hooks:
                    trap:
                      context: host
                      do: [ preempt_disable, save_host_keys, { set_vcpu_hcr: [API, APK] }, preempt_enable, activate_traps ]
                """);
        List<PolicyEdit> edits = PolicyEdits.mutants(spec);
        PolicyEdit drop = edits.stream().filter(e -> e.operator().equals("drop-preempt-region")).findFirst().orElseThrow();
        assertEquals(List.of("save_host_keys", "set_vcpu_hcr", "activate_traps"),
                drop.policy().hooks().trap().ops().stream().map(PolicySites::word).toList());
        PolicyEdit earlier = edits.stream().filter(e -> e.operator().equals("preempt-end-earlier")).findFirst().orElseThrow();
        assertEquals(List.of("preempt_disable", "save_host_keys", "preempt_enable", "set_vcpu_hcr", "activate_traps"),
                earlier.policy().hooks().trap().ops().stream().map(PolicySites::word).toList());
        assertEquals("trap.do[2]: { set_vcpu_hcr: [API, APK] } -> (after preempt_enable)", earlier.diff());
        assertNotEquals(0, earlier.at().line());
    }
}
