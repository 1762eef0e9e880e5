package trapcheck.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trapcheck.cli.Engine;
import trapcheck.cli.Environment;
import trapcheck.cli.Interruption;
import trapcheck.cli.Main;
import trapcheck.engine.Explorer;
import trapcheck.engine.StopSignal;
import trapcheck.kvm.KvmProvider;
import trapcheck.kvm.KvmTarget;
import trapcheck.kvm.spec.SpecLoader;
import trapcheck.spi.CheckTarget;

/**
 * A policy with a deliberately dead branch: vcpu_load tests {@code not vcpu_has_ptrauth} on a topology
 * where every vCPU has ptrauth, so its then-branch (and the op inside) can never run. Coverage of the
 * whole reachable state space reports exactly the dead points, by name and spec line (the trap handler
 * is dead too: the eager load sets the trap bits, so nothing traps).
 */
class DeadBranchCoverageTest {

    static final String SPEC = """
            spec: 1
            name: dead-branch
            topology:
              cpus:
                - { name: cpu, count: 2, address: qarma5, generic: qarma5 }
              vms:
                - { name: vm0, vcpus: 1, request: [address, generic] }
              other_tasks: 1
            guest:
              keys: [APIA]
              key_versions: 1
            policy:
              lazy: false
              hooks:
                vcpu_load:
                  - if: { not: vcpu_has_ptrauth }
                    then: [ { clear_vcpu_hcr: [API, APK] } ]
                  - { set_vcpu_hcr: [API, APK] }
                  - save_host_keys
                guest_enter: [ activate_traps ]
                switch_in: [ restore_guest_keys ]
                switch_out: [ save_guest_keys, restore_host_keys ]
                trap:
                  context: hyp
                  do: [ inject_undef ]
            expect: { verdict: holds }
            """;

    static KvmTarget target() throws Exception {
        return new KvmTarget(SpecLoader.parse(Path.of("dead-branch.yaml"), SPEC.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theThenBranchOfAConditionThatIsNeverTrueIsDead() throws Exception {
        CheckTarget target = target();
        Reviewer reviewer = new Reviewer(Explorer::explore,
                new Reviewer.Settings(2, 1, 0, 0, true, true, 0, StopSignal::new), null, (stem, cx) -> null);
        PolicyReview.Coverage c = reviewer.coverage(target);
        assertTrue(c.complete());
        assertEquals(List.of(
                "vcpu_load policy.hooks.vcpu_load[0] if not vcpu_has_ptrauth: then (line 16)",
                "vcpu_load policy.hooks.vcpu_load[0].then[0] clear_vcpu_hcr [API, APK] (line 17)",
                "trap policy.hooks.trap.do[0] inject_undef (line 25)"), c.dead());
        assertTrue(target.instrumentation().coveragePoints().contains(
                "vcpu_load policy.hooks.vcpu_load[0] if not vcpu_has_ptrauth: else (line 16)"), "the else path is a point");
        assertFalse(c.dead().stream().anyMatch(d -> d.contains(": else")), "and is covered");
    }

    @Test
    void checkCoveragePrintsTheDeadPointsAfterTheResultLine(@TempDir Path dir) throws Exception {
        Path spec = Files.writeString(dir.resolve("dead-branch.yaml"), SPEC);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(() -> List.of(new KvmProvider()), Engine.standard(),
                new PrintWriter(out, true), new PrintWriter(err, true), false, new Interruption());
        int exit = Main.run(new String[] {"check", spec.toString(), "--out", dir.resolve("out").toString(),
            "--coverage", "--threads", "2"}, env);
        assertEquals(0, exit, err.toString());
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(0).startsWith("dead-branch  holds"), lines.get(0));
        assertEquals(List.of(
                // a hyp-only policy: no thread ever steps through a host-context handler
                "    never fired: 1 of 16 actions: vm0.vcpu0 trap_handler_step",
                "    coverage: 3 of 10 points never covered:",
                "      vcpu_load policy.hooks.vcpu_load[0] if not vcpu_has_ptrauth: then (line 16)",
                "      vcpu_load policy.hooks.vcpu_load[0].then[0] clear_vcpu_hcr [API, APK] (line 17)",
                "      trap policy.hooks.trap.do[0] inject_undef (line 25)",
                // the coverage search is a full one; the check's count is of the reduced state space
                "partial-order reduction: the state count of this spec is of the reduced state space; verdicts, "
                        + "counterexamples and never-fired actions are exact (--no-por for full counts)",
                "1 spec: 1 as expected, 0 mismatched, 0 stopped by a limit, 0 invalid"), lines.subList(1, lines.size()));
    }

    @Test
    void aTargetChecksOnlyTheSelectedProperties() throws Exception {
        KvmTarget t = target();
        CheckTarget only = t.withProperties(List.of("trap-bits-match-vcpu", "no-key-leakage")).orElseThrow();
        assertEquals(List.of("no-key-leakage", "trap-bits-match-vcpu"),
                only.model().properties().stream().map(p -> p.id()).toList(), "in the model's order");
        assertEquals(t.sourceHash(), only.sourceHash());
        assertEquals(t.name(), only.name());
        try {
            t.withProperties(List.of("no-such-invariant"));
            throw new AssertionError("accepted an unknown id");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("does not check 'no-such-invariant'"), expected.getMessage());
        }
    }

    /** compare --no-por: the verdicts' searches run in full (and give the same cells as the reduced ones). */
    @Test
    void withoutPartialOrderTheVerdictSearchesRunInFullAndAgree() throws Exception {
        CheckTarget target = target();
        List<Boolean> reducedFull = new java.util.ArrayList<>();
        List<Boolean> reducedDefault = new java.util.ArrayList<>();
        Reviewer full = new Reviewer((m, o) -> {
            reducedFull.add(o.partialOrder());
            return Explorer.explore(m, o);
        }, new Reviewer.Settings(2, 1, 0, 0, true, false, 0, StopSignal::new, false), null, (stem, cx) -> null);
        Reviewer byDefault = new Reviewer((m, o) -> {
            reducedDefault.add(o.partialOrder());
            return Explorer.explore(m, o);
        }, new Reviewer.Settings(2, 1, 0, 0, true, false, 0, StopSignal::new), null, (stem, cx) -> null);
        PolicyReview a = full.review(target);
        PolicyReview b = byDefault.review(target);
        assertFalse(reducedFull.isEmpty());
        assertFalse(reducedFull.contains(true), "a --no-por review reduced a search: " + reducedFull);
        assertTrue(reducedDefault.contains(true), "the default review did not reduce: " + reducedDefault);
        assertEquals(b.verdict(), a.verdict());
        assertEquals(b.cells(), a.cells());
    }
}
