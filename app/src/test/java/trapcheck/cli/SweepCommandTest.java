package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        // Not reduced: on one pCPU the running thread's steps are every enabled step.
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

    /**
     * The checks reduce by partial order by default: every machine's verdict, broken properties, steps
     * and note, the smallest violating and the largest holding machine and the counterexample are a
     * full search's (--no-por); a machine whose check took an ample set shows its states marked (POR),
     * no more than in full (fewer on two pCPUs), and the others the full count unmarked.
     */
    @Test
    void aReducedSweepFindsWhatAFullOneFindsAndMarksItsReducedCounts(@TempDir Path dir) throws Exception {
        String[] sweep = {"sweep", V52, "--max", "pcpus=2", "--max", "vms=2", "--max", "vcpus=1", "--max", "tasks=1",
                "-j", "2", "--json"};
        Cli.Run r = Kvm.run(Cli.concat(sweep, dir.resolve("por.json").toString()));
        Cli.Run full = Kvm.run(Cli.concat(sweep, dir.resolve("full.json").toString(), "--no-por"));
        assertEquals(full.exit(), r.exit(), r.err());
        JsonNode reduced = new ObjectMapper().readTree(dir.resolve("por.json").toFile());
        JsonNode searched = new ObjectMapper().readTree(dir.resolve("full.json").toFile());
        for (String field : new String[] {"smallestViolating", "largestHolding", "counterexample"}) {
            assertEquals(searched.get(field), reduced.get(field), field);
        }
        JsonNode rows = reduced.get("machines");
        assertEquals(searched.get("machines").size(), rows.size());
        int fewer = 0;
        for (int i = 0; i < rows.size(); i++) {
            JsonNode m = rows.get(i);
            JsonNode f = searched.get("machines").get(i);
            assertFalse(f.has("partialOrder"), f.toString());
            for (String field : new String[] {"machine", "verdict", "broken", "steps", "note"}) {
                assertEquals(f.get(field), m.get(field), field + " of " + m);
            }
            if (m.has("partialOrder")) {
                assertTrue(m.get("states").asLong() <= f.get("states").asLong(), m + " vs " + f);
                fewer += m.get("states").asLong() < f.get("states").asLong() ? 1 : 0;
                assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "| %,d (POR) |",
                        m.get("states").asLong())), r.out());
            } else {
                assertEquals(f.get("states"), m.get("states"), m.toString());
            }
        }
        assertTrue(fewer >= 1, "a two-pCPU machine that holds explores fewer states: " + rows);
        assertTrue(r.out().contains("(POR): the check reduced by partial order"), r.out());
        assertFalse(full.out().contains("(POR)"), full.out());
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
