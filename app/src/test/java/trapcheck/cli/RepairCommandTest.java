package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code repair} on the real model: the 5.2 race's fixes (a preempt_disable region around the save,
 * the save moved to vcpu_load), the repaired spec that {@code check} proves, vacuous holds refused,
 * the exit codes. Each search restricted with --moves to stay fast.
 */
class RepairCommandTest {
    static final String V52 = SweepCommandTest.V52;

    @Test
    void aPreemptDisableRegionAroundTheSaveFixes52AndCheckProvesTheWrittenSpec(@TempDir Path dir) throws Exception {
        Path fixed = dir.resolve("fixed.yaml");
        Path json = dir.resolve("repair.json");
        Path html = dir.resolve("repair.html");
        Cli.Run r = Kvm.run("repair", V52, "--moves", "wrap-preempt,move-trap-handler", "-j", "2", "--write",
                fixed.toString(), "--json", json.toString(), "--html", html.toString(), "--progress");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("The original: violated: `no-key-leakage`, `host-keys-intact` (22 steps)."), r.out());
        // Three regions fix it; handling the trap at EL2 alone does not (the pCPU's HCR keeps trapping).
        assertTrue(r.out().contains("- Single edits: 6 tried; 3 fix it, 0 hold only vacuously, 3 still violate, "
                + "0 undecided, 0 not run."), r.out());
        assertTrue(r.out().contains("| 1 | `trap.do[0].then[1]: [ save_host_keys ] -> [ preempt_disable, .., "
                + "preempt_enable ]` (wrap-preempt, `" + V52 + ":50`) | 99,630 (POR) |"), r.out());
        assertTrue(r.out().contains("(POR): the check reduced by partial order"), r.out());
        assertTrue(r.out().contains("- Pairs of edits: not searched (a single edit fixes it"), r.out());
        assertTrue(r.err().lines().anyMatch(l -> l.matches("repair: 6/6 single edits of v5.2-lazy-host-trap, [0-9.]+/s, "
                + "[0-9.]+ s")), r.err());

        JsonNode doc = new ObjectMapper().readTree(Files.readString(json));
        assertEquals("trapcheck-repair", doc.get("format").asText());
        assertEquals("violated", doc.get("original").get("status").asText());
        assertEquals(3, doc.get("fixes").size());
        JsonNode first = doc.get("fixes").get(0);
        assertEquals(1, first.get("number").asInt());
        assertEquals("wrap-preempt", first.get("edits").get(0).get("operator").asText());
        assertEquals(List.of("never", "sometimes", "always"), fieldNames(first.get("costs")));
        // Ranked cheapest first.
        double previous = 0;
        for (JsonNode f : doc.get("fixes")) {
            assertTrue(f.get("totalCost").asDouble() >= previous, doc.toString());
            previous = f.get("totalCost").asDouble();
        }

        // The HTML page says what the Markdown says: the same fixes, ranked the same, code spans as <code>.
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.endsWith("</html>\n"), page);
        assertTrue(page.contains("<title>trapcheck repair v5.2-lazy-host-trap</title>"), page);
        assertTrue(page.contains("<code>trap.do[0].then[1]: [ save_host_keys ] -&gt; [ preempt_disable, .., "
                + "preempt_enable ]</code>"), page);
        assertTrue(page.contains("<td class=\"num\">99,630 (POR)</td>"), page);
        assertTrue(!page.contains("`") && !page.contains("<script src") && !page.contains("http://"), page);
        long markdownFixRows = r.out().lines().filter(l -> l.matches("\\| [0-9]+ \\| `.*")).count();
        assertEquals(3, markdownFixRows, r.out());
        assertEquals(markdownFixRows, page.lines().filter(l -> l.matches("<tr><td class=\"num\">[0-9]+</td><td><code>.*")).count(),
                page);

        // The written spec loads, says what was edited, and check proves it holds.
        String text = Files.readString(fixed);
        assertTrue(text.startsWith("# v5.2-lazy-host-trap (" + V52 + ") repaired by trapcheck repair, fix 1:"), text);
        // --no-por: the full state space's count
        Cli.Run check = Kvm.run("check", fixed.toString(), "--no-por", "--out", dir.resolve("out").toString());
        assertEquals(0, check.exit(), check.out() + check.err());
        assertTrue(check.out().startsWith("v5.2-lazy-host-trap-repaired  holds"), check.out());
        assertTrue(check.out().contains("207,258 states"), check.out());
        // by default check reduces as repair did, to the same count
        Cli.Run reduced = Kvm.run("check", fixed.toString(), "--out", dir.resolve("por").toString());
        assertEquals(0, reduced.exit(), reduced.out() + reduced.err());
        assertTrue(reduced.out().contains("99,630 states"), reduced.out());
    }

    /**
     * The checks reduce by partial order by default: the original's and every candidate's status,
     * broken properties, steps, note and costs, and so the fixes and their ranking, are those of a full
     * search (--no-por); a reduced check's states are no more than the full ones and say so.
     */
    @Test
    void aReducedRepairFindsTheFullRepairsFixesInTheSameOrder(@TempDir Path dir) throws Exception {
        String[] repair = {"repair", V52, "--moves", "wrap-preempt,move-trap-handler,negate-condition", "-j", "2",
                "--json"};
        Cli.Run r = Kvm.run(Cli.concat(repair, dir.resolve("por.json").toString()));
        Cli.Run full = Kvm.run(Cli.concat(repair, dir.resolve("full.json").toString(), "--no-por"));
        assertEquals(full.exit(), r.exit(), r.err());
        JsonNode reduced = new ObjectMapper().readTree(dir.resolve("por.json").toFile());
        JsonNode searched = new ObjectMapper().readTree(dir.resolve("full.json").toFile());
        assertEquals(searched.get("singles"), reduced.get("singles"));
        assertEquals(searched.get("pairs"), reduced.get("pairs"));
        List<JsonNode> all = new ArrayList<>();
        List<JsonNode> allFull = new ArrayList<>();
        for (String group : new String[] {"fixes", "vacuous"}) {
            assertEquals(searched.get(group).size(), reduced.get(group).size(), group);
            reduced.get(group).forEach(all::add);
            searched.get(group).forEach(allFull::add);
        }
        all.add(reduced.get("original"));
        allFull.add(searched.get("original"));
        int fewer = 0;
        for (int i = 0; i < all.size(); i++) {
            JsonNode c = all.get(i);
            JsonNode f = allFull.get(i);
            assertFalse(f.has("partialOrder"), f.toString());
            for (String field : new String[] {"number", "edits", "status", "broken", "steps", "note", "costs", "totalCost"}) {
                assertEquals(f.get(field), c.get(field), field + " of " + c);
            }
            if (c.has("partialOrder")) {
                assertTrue(c.get("states").asLong() <= f.get("states").asLong(), c + " vs " + f);
                fewer += c.get("states").asLong() < f.get("states").asLong() ? 1 : 0;
            } else {
                assertEquals(f.get("states"), c.get("states"), c.toString());
            }
        }
        assertTrue(fewer >= 3, "the fixes' checks explore fewer states: " + all);
        assertFalse(full.out().contains("(POR)"), full.out());
    }

    @Test
    void savingTheHostKeysInVcpuLoadIsAFixThe2020Kernel(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("repair.json");
        Path all = dir.resolve("fixes");
        Cli.Run r = Kvm.run("repair", V52, "--moves", "move-op", "-j", "2", "--json", json.toString(), "--write-all",
                all.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode doc = new ObjectMapper().readTree(Files.readString(json));
        List<String> fixes = new ArrayList<>();
        doc.get("fixes").forEach(f -> fixes.add(f.get("edits").get(0).get("diff").asText()));
        String fix2020 = "trap.do[0].then[1]: save_host_keys -> vcpu_load[0].then[1]";
        assertTrue(fixes.contains(fix2020), fixes.toString());
        // Every fix is written; the 2020 one loads and check proves it holds.
        Path fixed = all.resolve("v5.2-lazy-host-trap-fix" + (fixes.indexOf(fix2020) + 1) + ".yaml");
        assertTrue(Files.readString(fixed).contains("description: \"v5.2-lazy-host-trap repaired: " + fix2020 + "\""),
                Files.readString(fixed));
        Cli.Run check = Kvm.run("check", fixed.toString(), "--no-por", "--out", dir.resolve("out").toString());
        assertEquals(0, check.exit(), check.out() + check.err());
        assertTrue(check.out().contains("38,723 states"), check.out()); // v5.7-stable-fix's full state space
        try (var files = Files.list(all)) {
            assertEquals(fixes.size(), files.count());
        }
    }

    @Test
    void aVcpuResetThatRefusesEveryVcpuHoldsOnlyVacuouslyAndIsNoFix() {
        Cli.Run r = Kvm.run("repair", V52, "--moves", "negate-condition", "-j", "2");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("**No fix found.**"), r.out());
        assertTrue(r.out().contains("- `vcpu_reset[0]: if { all: [ requested_ptrauth, { not: vcpu_has_ptrauth } ] } -> "
                + "if { not: { all: [ requested_ptrauth, { not: vcpu_has_ptrauth } ] } }`: vacuous: no run reaches "
                + "\"vm0.vcpu0 enters the guest\", \"vm1.vcpu0 enters the guest\""), r.out());
    }

    @Test
    void aSpecThatHoldsNeedsNoRepair() {
        Cli.Run r = Kvm.run("repair", Kvm.SPECS.resolve("v5.2-lazy-host-trap-1cpu.yaml").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("non-vacuously: nothing to repair."), r.out());
    }

    @Test
    void usageErrorsExitTwo(@TempDir Path dir) {
        Cli.Run unknown = Kvm.run("repair", V52, "--moves", "rewrite-everything");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("--moves: no edit of the spec is a 'rewrite-everything' (its operators: add-op, "),
                unknown.err());
        assertEquals(2, Kvm.run("repair", V52, "--pairs", "sometimes").exit());
        assertEquals(2, Kvm.run("repair", V52, "--fix", "0").exit());
        // A fix number past the table: nothing written, exit 2.
        Path out = dir.resolve("x.yaml");
        Cli.Run none = Kvm.run("repair", V52, "--moves", "move-trap-handler", "--write", out.toString(), "--fix", "1");
        assertEquals(2, none.exit(), none.out() + none.err());
        assertTrue(none.err().contains("no fix: " + out + " not written"), none.err());
        assertTrue(!Files.exists(out));
    }

    @Test
    void aStateBudgetTooSmallLeavesTheOriginalUndecidedAndExitsThree() {
        Cli.Run r = Kvm.run("repair", V52, "--max-states", "5");
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("raise --max-states to know whether it needs repair."), r.out());
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
