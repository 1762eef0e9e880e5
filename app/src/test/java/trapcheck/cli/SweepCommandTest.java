package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sweep} on the real model: 5.2's smallest violating machine, a table of holds, vacuity, bounds. */
class SweepCommandTest {
    static final String V52 = Kvm.SPECS.resolve("v5.2-lazy-host-trap.yaml").toString();

    @Test
    void theSmallestMachineThatBreaks52IsTwoPcpusAndTwoVmms(@TempDir Path dir) throws Exception {
        Path smallest = dir.resolve("smallest.yaml");
        Path json = dir.resolve("sweep.json");
        Cli.Run r = Kvm.run("sweep", V52, "--max", "pcpus=2", "--max", "vms=2", "--max", "vcpus=1", "--max", "tasks=0",
                "--write-smallest", smallest.toString(), "--json", json.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("**Smallest that violates**: 2 pCPUs, 2 VMs of 1 vCPU, 0 other tasks, violated: "
                + "`no-key-leakage`, `host-keys-intact` (22 steps)."), r.out());
        // One pCPU cannot migrate a thread mid-save; one VMM has only its own keys to lose. (459 states
        // since trap-makes-progress joined the default set: its history bits, and the trapped kind.)
        assertTrue(r.out().contains("| 1 | 1 pCPU, 1 VM of 1 vCPU, 0 other tasks | 1 | 1 | 1 | 0 | 2 | 28 | holds | 459 |"), r.out());
        assertTrue(r.out().contains("**Largest proven to hold** (non-vacuously): 1 pCPU, 2 VMs of 1 vCPU, 0 other tasks"),
                r.out());
        assertTrue(r.out().contains("counterexample for v5.2-lazy-host-trap@2c-2x1v-0t: 22 steps"), r.out());
        JsonNode doc = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(4, doc.get("machines").size());
        assertEquals(4, doc.get("smallestViolating").asInt());

        // The smallest machine as a spec of its own: check finds the race there.
        Cli.Run check = Kvm.run("check", smallest.toString(), "--out", dir.resolve("out").toString());
        assertEquals(0, check.exit(), check.out() + check.err());
        assertTrue(check.out().startsWith("v5.2-lazy-host-trap-2c-2x1v-0t  violated"), check.out());
    }

    @Test
    void aPolicyThatHoldsGetsItsTableAndVacuousHoldsAreSaid() {
        Cli.Run r = Kvm.run("sweep", Kvm.SPECS.resolve("v5.9-physical-hcr-biglittle.yaml").toString(), "--max", "pcpus=2",
                "--max", "vms=1", "--max", "vcpus=1", "--max", "tasks=0");
        assertEquals(0, r.exit(), r.err());
        // Its kinds mixed: big first (the spec's boot CPU), then LITTLE; a LITTLE-only machine offers no generic auth.
        assertTrue(r.out().contains("| 3 | 2 pCPUs (1 big + 1 little), 1 VM of 1 vCPU, 0 other tasks | 1 | 1 | 1 | 1 | 0 |"),
                r.out());
        assertTrue(r.out().contains("holds (vacuous: no run reaches \"asks.vcpu0 enters the guest\")"), r.out());
        assertTrue(r.out().contains("**Smallest that violates**: none. **Largest proven to hold** (non-vacuously): "
                + "2 pCPUs (2 big), 1 VM of 1 vCPU, 0 other tasks"), r.out());
    }

    @Test
    void aMachineOverTheBudgetSkipsTheLargerOnes() {
        Cli.Run r = Kvm.run("sweep", V52, "--max", "pcpus=2", "--max", "vms=1", "--max", "vcpus=1", "--max", "tasks=1",
                "--max-states", "600");
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("| 1 pCPU, 1 VM of 1 vCPU, 1 other task | 1 | 1 | 1 | 1 | 3 | 35 | incomplete "
                + "(stopped by max-states) |"), r.out());
        assertTrue(r.out().contains("| 2 pCPUs, 1 VM of 1 vCPU, 1 other task | 2 | 1 | 1 | 1 | 4 | 52 | skipped: 1 pCPU, 1 VM "
                + "of 1 vCPU, 1 other task hit the state budget | - |"), r.out());
    }

    @Test
    void anUnknownBoundIsAUsageError() {
        Cli.Run r = Kvm.run("sweep", V52, "--max", "cpus=2");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("unknown bound 'cpus' (the bounds are pcpus, vms, vcpus, tasks)"), r.err());
        assertEquals(2, Kvm.run("sweep", V52, "--max", "vms=0").exit());
        assertEquals(2, Kvm.run("sweep", V52, "--max", "vms=two").exit());
    }
}
