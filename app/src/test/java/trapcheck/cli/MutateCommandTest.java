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

/** {@code mutate} on the real model: every outcome group, the score, the files, the exit codes. */
class MutateCommandTest {
    static final String TINY = Kvm.RESOURCES.resolve("tiny-eager.yaml").toString();

    @Test
    void theMutantsOfTheEagerPolicyOnTheSmallestMachine(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("m.json");
        Path html = dir.resolve("m.html");
        Cli.Run r = Kvm.run("mutate", TINY, "--json", json.toString(), "--html", html.toString(), "-j", "2");
        assertEquals(1, r.exit(), "findings exit 1: " + r.err());
        assertTrue(r.out().contains("| `tiny-eager` | holds | 89 | 19 | 3 | 62 | 5 | 0 | 79% |"), r.out());
        // Killed: dropping the save of the host keys leaves the host with nobody's keys.
        assertTrue(r.out().contains("| `vcpu_load[0].then[1]: save_host_keys -> (dropped)` | drop-op | killed by "
                + "`host-keys-intact`"), r.out());
        // Dead code: the eager policy never traps, so the trap handler never runs.
        assertTrue(r.out().contains("- #17 `trap.context: host -> hyp`: never runs: trap policy.hooks.trap.do[0] "
                + "inject_undef (line 22)"), r.out());
        // Behaviour-identical: in a uniform machine whether the VMM asked is whether the vCPU has ptrauth.
        assertTrue(r.out().contains("`vcpu_load[0]: if vcpu_has_ptrauth -> if requested_ptrauth`: no run tells them "
                + "apart (18 state pairs in lockstep)"), r.out());
        // A finding: a vcpu_reset that refuses every vCPU holds vacuously.
        assertTrue(r.out().contains("-> if { not: { all: [ requested_ptrauth, { not: vcpu_has_ptrauth } ] } }`: "
                + "vacuous: no run reaches \"vm0.vcpu0 enters the guest\"; after 2 steps, vm0.vcpu0.init: "
                + "initialised, ptrauth vs uninitialised"), r.out());

        JsonNode doc = new ObjectMapper().readTree(Files.readString(json));
        assertEquals("trapcheck-mutate", doc.get("format").asText());
        JsonNode p = doc.get("policies").get(0);
        assertEquals(89, p.get("mutants").size());
        assertEquals(19, p.get("killed").asInt());
        assertEquals(5, p.get("findings").asInt());
        assertEquals(19.0 / 24, p.get("score").asDouble(), 1e-9);
        assertEquals("killed", p.get("mutants").get(8).get("outcome").asText(), p.get("mutants").get(8).toString());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("<code>tiny-eager</code>"), page);
    }

    /**
     * A history policy's whole mutation table, as docs/review.md shows it: 6.10's eager switch on its
     * library machine (2 pCPUs, two VMMs). A change to the operators, the classification or the model
     * that moves a mutant from one group to another shows here. The checks reduce by partial order by
     * default: the table and every mutant's outcome, killing properties, steps and detail are those of
     * a full search (--no-por); only the states of a reduced check differ, and they say so.
     */
    @Test
    void theMutationTableOfTheEagerHistoryPolicy(@TempDir Path dir) throws Exception {
        String spec = Path.of("..", "specs", "v6.10-eager.yaml").toString();
        Cli.Run r = Kvm.run("mutate", spec, "-j", "2", "--json", dir.resolve("por.json").toString());
        Cli.Run full = Kvm.run("mutate", spec, "-j", "2", "--no-por", "--json", dir.resolve("full.json").toString());
        assertEquals(full.exit(), r.exit(), full.err());
        assertEquals(full.out(), r.out(), "the same report with and without reduction");
        JsonNode reduced = new ObjectMapper().readTree(dir.resolve("por.json").toFile()).get("policies").get(0).get("mutants");
        JsonNode searched = new ObjectMapper().readTree(dir.resolve("full.json").toFile()).get("policies").get(0).get("mutants");
        assertEquals(searched.size(), reduced.size());
        int fewer = 0;
        for (int i = 0; i < reduced.size(); i++) {
            JsonNode m = reduced.get(i);
            JsonNode f = searched.get(i);
            assertFalse(f.has("partialOrder"), f.toString());
            for (String field : new String[] {"outcome", "killedBy", "steps", "detail"}) {
                assertEquals(f.get(field), m.get(field), field + " of " + m);
            }
            if (m.has("partialOrder")) {
                assertTrue(m.get("partialOrder").asBoolean() && m.get("states").asLong() <= f.get("states").asLong(),
                        m + " vs " + f);
                fewer += m.get("states").asLong() < f.get("states").asLong() ? 1 : 0;
            } else {
                assertEquals(f.get("states"), m.get("states"), "an unreduced check's count is the full one: " + m);
            }
        }
        assertTrue(fewer > 10, "reduction explores fewer states for many mutants: " + fewer);
        assertEquals(1, r.exit(), "the vcpu_reset findings exit 1: " + r.err());
        assertTrue(r.out().contains("| `v6.10-eager` | holds | 97 | 27 | 3 | 62 | 5 | 0 | 84% |"), r.out());
        assertTrue(r.out().contains("| `vcpu_load[0].then[1]: save_host_keys -> (dropped)` | drop-op | killed by "
                + "`host-keys-intact` (6 steps) |"), r.out());
        assertTrue(r.out().contains("| `switch_out[0].then[0]: save_guest_keys -> (dropped)` | drop-op | killed by "
                + "`guest-keys-intact` (8 steps) |"), r.out());
        assertTrue(r.out().contains("| `guest_enter[0]: activate_traps -> (dropped)` | drop-op | killed by "
                + "`trap-bits-match-vcpu` (4 steps) |"), r.out());
    }

    @Test
    void aStateBudgetTooSmallLeavesMutantsUndecidedAndExitsThree() {
        Cli.Run r = Kvm.run("mutate", TINY, "--max-states", "5");
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("No mutant checked: the original's check stopped"), r.out());
    }

    @Test
    void progressGoesToStderr() {
        Cli.Run r = Kvm.run("mutate", TINY, "--progress", "--threads", "1");
        assertTrue(r.err().lines().anyMatch(l -> l.matches("mutate: 89/89 mutants of tiny-eager, [0-9.]+/s, [0-9.]+ s")),
                r.err());
    }

    @Test
    void usageErrorsExitTwo(@TempDir Path dir) {
        assertEquals(2, Kvm.run("mutate", TINY, "--max-seconds", "-1").exit());
        assertEquals(2, Kvm.run("mutate", dir.resolve("missing.yaml").toString()).exit());
        assertEquals(2, Kvm.run("mutate").exit());
    }
}
