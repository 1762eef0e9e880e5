package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import trapcheck.kvm.spec.GuestAction;
import trapcheck.kvm.spec.Invariant;

/**
 * A host-context handler's condition on mutable state is a step of its own, tested on the pCPU where
 * the thread runs then: preempted before the test, the thread sees what vcpu_load left.
 */
class ConditionPositionsTest {
    private static final int APIA = 0;

    private static final String TESTS_ITS_COPY = """
                trap:
                  context: host
                  do:
                    - if: vcpu_has_ptrauth
                      then: [ { set_vcpu_hcr: [API, APK] } ]
                    - if: { not: vcpu_hcr.API }
                      then: [ inject_undef ]
            """;

    private static KvmModel model(String trap) {
        String hooks = TestSpecs.HOOKS_52.replace("""
                trap:
                  context: host
                  do:
                    - if: vcpu_has_ptrauth
                      then: [ { set_vcpu_hcr: [API, APK] }, save_host_keys ]
                      else: [ inject_undef ]
            """, trap);
        return TestSpecs.model(TestSpecs.spec(TestSpecs.TWO_BY_TWO, "[APIA]", hooks));
    }

    @Test
    void aMutableConditionOwnsAPositionAnImmutableOneDoesNot() {
        KvmModel m = model(TESTS_ITS_COPY);
        HookProgram trap = m.policy.program(Hook.TRAP);
        assertFalse(trap.positioned[0], "vcpu_has_ptrauth cannot change");
        int second = 0;
        for (int i = 1; i < trap.kind.length; i++) {
            if (trap.kind[i] == HookProgram.BRANCH) {
                second = i;
            }
        }
        assertTrue(trap.positioned[second], "vcpu_hcr.API can");
        assertEquals(3, m.policy.handlerPositions, "set_vcpu_hcr, the test, inject_undef");
        // 5.2's handler: set_vcpu_hcr 1, save_host_keys of one key 2 (resolve, move), inject_undef 1;
        // its condition (vcpu_has_ptrauth) takes none.
        assertEquals(4, TestSpecs.model(TestSpecs.spec(TestSpecs.TWO_BY_TWO, "[APIA]", TestSpecs.HOOKS_52))
                .policy.handlerPositions);
    }

    @Test
    void preemptedBeforeTheTestTheThreadReadsWhatVcpuLoadLeft() {
        KvmModel m = model(TESTS_ITS_COPY);
        SemanticsTest.Run r = new SemanticsTest.Run(m).intoGuest(0, 0);
        int t = r.vcpuThread(0);
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, APIA, 0));      // traps into the host handler
        r.step(Actions.HANDLER, t, 0);                                    // set_vcpu_hcr
        assertTrue(m.layout.vcpuApi[0].bit(r.s));
        assertTrue(m.layout.vcpuLoc[0].get(r.s) >= StateLayout.LOC_HANDLER, "stopped before the test");
        r.step(Actions.PREEMPT, t, 0).step(Actions.SWITCH_IN, t, 1);     // vcpu_load on cpu1 clears API
        assertFalse(m.layout.vcpuApi[0].bit(r.s));
        r.step(Actions.HANDLER, t, 0);                                    // the test, on cpu1
        assertFalse(r.broke(Invariant.ID_REGISTERS_CONSISTENT));
        r.step(Actions.HANDLER, t, 0);                                    // inject_undef
        assertTrue(r.broke(Invariant.ID_REGISTERS_CONSISTENT), "an UNDEF for an advertised class");
    }

    @Test
    void notPreemptedTheTestSeesTheBitItSet() {
        KvmModel m = model(TESTS_ITS_COPY);
        SemanticsTest.Run r = new SemanticsTest.Run(m).intoGuest(0, 0);
        int t = r.vcpuThread(0);
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, APIA, 0));
        r.step(Actions.HANDLER, t, 0).step(Actions.HANDLER, t, 0);
        assertEquals(StateLayout.LOC_HOST, m.layout.vcpuLoc[0].get(r.s), "API set: the handler is done");
        assertFalse(r.broke(Invariant.ID_REGISTERS_CONSISTENT));
    }
}
