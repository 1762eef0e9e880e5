package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import trapcheck.kvm.spec.Algorithm;

/** topology.mismatched_secondaries: park on hand-built states: who is parked, that it never runs, exposure over the online pCPUs. */
class ParkedCpusTest {
    private static final String TOPOLOGY = """
              mismatched_secondaries: MODE
              cpus:
                - { name: boot, address: qarma5, generic: qarma5 }
                - { name: late, address: qarma3, generic: qarma5 }
                - { name: same, address: qarma5, generic: none }
                - { name: bare, address: none, generic: qarma5 }
              vms:
                - { name: vm0, vcpus: 1, request: [address, generic] }
            """;

    private static KvmModel model(String mode, String expose) {
        return TestSpecs.model(TestSpecs.spec(TOPOLOGY.replace("MODE", mode), "[APIA]", TestSpecs.HOOKS_58)
                .replace("  lazy: true\n", "  lazy: true\n  expose: " + expose + "\n"));
    }

    @Test
    void aSecondaryWhoseAddressAuthDiffersIsParkedGenericAuthParksNothing() {
        KvmModel park = model("park", "{ address: uniform, generic: any-cpu }");
        assertArrayEquals(new boolean[] {false, true, false, true}, park.world.parked);
        assertArrayEquals(new boolean[4], model("run", "{ address: uniform, generic: any-cpu }").world.parked);
    }

    @Test
    void aParkedCpuNeverTakesAThread() {
        KvmModel m = model("park", "{ address: uniform, generic: any-cpu }");
        SemanticsTest.Run r = new SemanticsTest.Run(m);
        int t = r.vcpuThread(0);
        assertTrue(r.enabled(Actions.SWITCH_IN, t, 0));
        assertFalse(r.enabled(Actions.SWITCH_IN, t, 1), "late is parked");
        assertTrue(r.enabled(Actions.SWITCH_IN, t, 2), "same differs only in generic auth: online");
        assertFalse(r.enabled(Actions.SWITCH_IN, t, 3), "bare lacks address auth: parked");
        int[] enabledOn = new int[4];
        m.newWorker().successors(r.s, (a, n, v) -> {
            if (m.actions.kind[a] == Actions.SWITCH_IN) {
                enabledOn[m.actions.cpu[a]]++;
            }
        });
        assertEquals(0, enabledOn[1] + enabledOn[3], "the successor loop skips parked pCPUs too");
    }

    @Test
    void exposureIsDecidedOverTheOnlineCpus() {
        KvmModel park = model("park", "{ address: uniform, generic: uniform }");
        assertEquals(Algorithm.QARMA5, park.world.systemAlg[0], "late and bare are offline: uniform QARMA5");
        assertEquals(Algorithm.NONE, park.world.systemAlg[1], "same lacks generic auth and stays online");
        KvmModel run = model("run", "{ address: uniform, generic: uniform }");
        assertEquals(Algorithm.NONE, run.world.systemAlg[0], "every pCPU runs: not uniform");
    }
}
