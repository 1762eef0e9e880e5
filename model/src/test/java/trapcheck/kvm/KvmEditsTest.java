package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import trapcheck.engine.Verdict;
import trapcheck.kvm.spec.SpecLoader;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.Edit;
import trapcheck.spi.SpecException;

/** The SPI view of policy edits: where, which coverage points, the edited target; the spec written back; goals. */
class KvmEditsTest {
    static final Path SPECS = Path.of("..", "specs");

    static KvmTarget load(String name) throws SpecException {
        return new KvmTarget(SpecLoader.load(SPECS.resolve(name + ".yaml")));
    }

    static Edit find(List<Edit> edits, String diff) {
        return edits.stream().filter(e -> e.diff().equals(diff)).findFirst()
                .orElseThrow(() -> new AssertionError("no edit " + diff + " among " + edits.stream().map(Edit::diff).toList()));
    }

    @Test
    void anEditNamesItsLineAndTheCoveragePointsItChanges() throws SpecException {
        KvmTarget t = load("v5.7-stable-fix");
        List<String> points = t.instrumentation().coveragePoints();
        List<Edit> mutants = t.mutants();
        Edit dropElse = find(mutants, "trap.do[0]: else [ inject_undef ] -> (dropped)");
        assertEquals("drop-else", dropElse.operator());
        assertEquals(SPECS.resolve("v5.7-stable-fix.yaml") + ":43", dropElse.where());
        assertEquals(List.of("trap policy.hooks.trap.do[0] if vcpu_has_ptrauth: else (line 43)",
                "trap policy.hooks.trap.do[0].else[0] inject_undef (line 45)"), dropElse.coveragePoints());
        assertTrue(points.containsAll(dropElse.coveragePoints()));
        Edit negate = find(mutants, "trap.do[0]: if vcpu_has_ptrauth -> if { not: vcpu_has_ptrauth }");
        assertEquals(2, negate.coveragePoints().size(), "both branches: " + negate.coveragePoints());
        Edit widen = find(mutants, "expose.address: uniform -> boot-cpu");
        assertEquals(List.of(), widen.coveragePoints());
        assertEquals(SPECS.resolve("v5.7-stable-fix.yaml").toString(), widen.where(), "a setting has no line");
    }

    @Test
    void anEditOfABaseNamesTheBasesFile() throws SpecException {
        KvmTarget t = load("broken-hyp-fixup-moved-to-host");
        Edit e = find(t.mutants(), "switch_in[0].then[0]: restore_guest_keys -> { restore_guest_keys: [APGA] }");
        assertEquals(SPECS.resolve("v5.8-early-hyp-trap.yaml") + ":36", e.where());
    }

    @Test
    void theEditedTargetChecksTheEditedPolicy() throws SpecException {
        KvmTarget t = load("v5.2-lazy-host-trap");
        Edit fix = find(t.repairMoves(), "trap.do[0].then[1]: save_host_keys -> vcpu_load[0].then[1]");
        CheckTarget fixed = fix.target();
        assertTrue(fixed.name().startsWith("v5.2-lazy-host-trap.r"), fixed.name());
        assertEquals(Verdict.HOLDS, trapcheck.engine.Explorer.explore(fixed.model(),
                trapcheck.engine.Options.defaults().withThreads(1)).verdict());
        // Written as a spec of its own, it loads and is 5.7's policy.
        String text = fixed.specText("v5.2-repaired", "5.2 with the host keys saved in vcpu_load",
                new CheckTarget.Expectation(Verdict.HOLDS, null), List.of("a comment")).orElseThrow();
        assertTrue(text.startsWith("# a comment\n"), text);
        KvmTarget back = new KvmTarget(parse(text));
        assertEquals("v5.2-repaired", back.name());
        assertEquals(ModelIdentity.canonical(load("v5.7-stable-fix").spec().policy()),
                ModelIdentity.canonical(back.spec().policy()));
    }

    @Test
    void goalsAreTheVcpusThatAskedForPtrauth() throws SpecException {
        assertEquals(List.of("vm0.vcpu0 enters the guest", "vm1.vcpu0 enters the guest"),
                load("v5.8-early-hyp-trap").instrumentation().goals());
        assertEquals(List.of("vm0.vcpu0 enters the guest", "vm0.vcpu1 enters the guest"),
                load("v5.7-stable-fix-3cpu").instrumentation().goals());
    }

    static trapcheck.kvm.spec.Spec parse(String text) throws SpecException {
        return SpecLoader.parse(Path.of("written.yaml"), text.getBytes(StandardCharsets.UTF_8));
    }
}
