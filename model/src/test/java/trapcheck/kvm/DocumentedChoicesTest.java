package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import trapcheck.engine.Explorer;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.engine.Verdict;
import trapcheck.kvm.spec.Condition;
import trapcheck.kvm.spec.Op;
import trapcheck.kvm.spec.SpecLoader;
import trapcheck.spi.SpecException;

/** Choices docs/model.md states (6 and 11) that are behaviour, each on a small spec. */
class DocumentedChoicesTest {
    /** One pCPU with both classes; the VM asks for both; generic auth is never offered. */
    private static final String ONE_CLASS_OFFERED = """
            spec: 1
            name: t
            topology:
              cpus: [ { name: cpu0, address: qarma5, generic: qarma5 } ]
              vms: [ { name: vm0, vcpus: 1, request: [address, generic] } ]
            policy:
              expose: { generic: never, require_both: false }
              hooks:
                vcpu_reset:
                  - if: vcpu_has_ptrauth
                    then: [ preempt_disable ]
                  - if: system_has_ptrauth
                    then: [ preempt_disable ]
                  - if: system_has_address
                    then: [ preempt_disable ]
                  - if: system_has_generic
                    then: [ preempt_disable ]
            """;

    @Test
    void systemHasPtrauthMeansBothClassesOfferedWhateverRequireBothSays() {
        KvmModel m = TestSpecs.model(ONE_CLASS_OFFERED);
        HookInterpreter hooks = new HookInterpreter(m.world, m.layout, m.policy);
        long[] s = m.steps.initialState();
        List<Op> reset = TestSpecs.parse(ONE_CLASS_OFFERED).policy().hooks().vcpuReset();
        boolean[] expected = {true, false, true, false};
        String[] names = {"vcpu_has_ptrauth", "system_has_ptrauth", "system_has_address", "system_has_generic"};
        for (int i = 0; i < names.length; i++) {
            Condition c = ((Op.If) reset.get(i)).condition();
            assertEquals(expected[i], hooks.eval(c, s, 0, 0), names[i] + " under require_both: false, generic never offered");
        }
        // With require_both: true the vCPU has no ptrauth (generic is not offered).
        KvmModel both = TestSpecs.model(ONE_CLASS_OFFERED.replace("require_both: false", "require_both: true"));
        assertFalse(both.world.hasPtrauth[0]);
        assertTrue(m.world.hasPtrauth[0]);
    }

    @Test
    void vcpuInitCheckedFiresWhenTheVcpuEntersTheGuestNotAtInitOrRun() throws SpecException {
        KvmTarget t = new KvmTarget(SpecLoader.load(Path.of("..", "specs", "broken-init-error-swallowed.yaml")));
        Result r = Explorer.explore(t.model(), Options.defaults().withThreads(1));
        assertEquals(Verdict.VIOLATED, r.verdict());
        List<String> steps = r.trace().steps().stream().map(st -> t.model().actionName(st.action())).toList();
        // Switched in, KVM_ARM_VCPU_INIT (wrongly succeeds), KVM_RUN: nothing broken yet; the entry breaks it.
        assertEquals(4, steps.size(), steps.toString());
        assertTrue(steps.get(1).endsWith("KVM_ARM_VCPU_INIT") && steps.get(2).endsWith("KVM_RUN"), steps.toString());
        assertTrue(steps.get(3).endsWith("enter_guest"), steps.toString());
    }
}
