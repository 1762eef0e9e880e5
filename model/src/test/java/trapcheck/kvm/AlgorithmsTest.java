package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import trapcheck.kvm.spec.GuestAction;
import trapcheck.kvm.spec.Invariant;

/** Pointers signed under one algorithm and authenticated under another; key accesses carry none. */
class AlgorithmsTest {
    private static final int APIA = 0;

    private static final String MIXED = """
              cpus:
                - { name: cpu0, address: qarma5, generic: qarma5 }
                - { name: cpu1, address: qarma3, generic: qarma5 }
              vms:
                - { name: vm0, vcpus: 1, request: [address, generic] }
            """;

    private static KvmModel model(String topology, String check) {
        return TestSpecs.model(TestSpecs.spec(topology, "[APIA]", TestSpecs.HOOKS_58)
                .replace("  lazy: true\n", "  lazy: true\n  expose: { address: boot-cpu }\n") + check);
    }

    private static final String ONLY_GUEST_KEYS = "check:\n  invariants: [guest-keys-intact]\n";

    /** vm0.vcpu0 in the guest on p with ptrauth enabled (after one trap, fixed up at EL2). */
    private static SemanticsTest.Run enabledOn(KvmModel m, int p) {
        SemanticsTest.Run r = new SemanticsTest.Run(m).intoGuest(0, p);
        r.step(Actions.INSN, r.vcpuThread(0), r.insn(GuestAction.KEY_READ, APIA, 0));
        return r;
    }

    @Test
    void aPointerSignedUnderQarma5FailsUnderQarma3() {
        KvmModel m = model(MIXED, ONLY_GUEST_KEYS);
        assertTrue(m.layout.vcpuSigned[0][APIA].width > 0, "the algorithm is state on mixed pCPUs");
        SemanticsTest.Run r = enabledOn(m, 0);
        int t = r.vcpuThread(0);
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, APIA, 0));
        r.step(Actions.EXIT, t, 0).step(Actions.PREEMPT, t, 0).step(Actions.SWITCH_IN, t, 1).step(Actions.ENTER, t, 0);
        r.step(Actions.INSN, t, r.insn(GuestAction.KEY_READ, APIA, 0));   // traps on cpu1, fixed up
        long[] before = r.s;
        int autia = r.action(Actions.INSN, t, r.insn(GuestAction.AUTH, APIA, 0));
        r.step(Actions.INSN, t, r.insn(GuestAction.AUTH, APIA, 0));
        assertTrue(r.broke(Invariant.GUEST_KEYS_INTACT));
        assertEquals("a pointer vm0.vcpu0 signed under qarma5 on cpu0 fails to authenticate under qarma3 on cpu1",
                new StateView(m).explain(before, autia, r.s, "guest-keys-intact"));
    }

    @Test
    void onTheSamePcpuItAuthenticatesAndAKeyWriteForgetsIt() {
        KvmModel m = model(MIXED, ONLY_GUEST_KEYS);
        SemanticsTest.Run r = enabledOn(m, 1);
        int t = r.vcpuThread(0);
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, APIA, 0));
        r.step(Actions.INSN, t, r.insn(GuestAction.AUTH, APIA, 0));
        assertFalse(r.broke(Invariant.GUEST_KEYS_INTACT), "signed and authenticated under qarma3");
        assertTrue(m.layout.vcpuSigned[0][APIA].get(r.s) != 0);
        r.step(Actions.INSN, t, r.insn(GuestAction.KEY_WRITE, APIA, 1));
        assertEquals(0, m.layout.vcpuSigned[0][APIA].get(r.s), "a new key: the old pointer is expected to fail");
        r.step(Actions.INSN, t, r.insn(GuestAction.KEY_WRITE, APIA, 1));
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, APIA, 0));
        r.step(Actions.INSN, t, r.insn(GuestAction.KEY_WRITE, APIA, 1));
        assertTrue(m.layout.vcpuSigned[0][APIA].get(r.s) != 0, "writing the same version keeps it");
    }

    @Test
    void uniformPcpusOrAnUncheckedInvariantKeepTokensOutOfTheState() {
        String uniform = MIXED.replace("address: qarma3", "address: qarma5");
        assertEquals(0, model(uniform, ONLY_GUEST_KEYS).layout.vcpuSigned[0][APIA].width);
        assertEquals(0, model(MIXED, "check:\n  invariants: [no-key-leakage]\n").layout.vcpuSigned[0][APIA].width);
        KvmModel parked = model(MIXED.replace("  cpus:\n", "  mismatched_secondaries: park\n  cpus:\n"), ONLY_GUEST_KEYS);
        assertEquals(0, parked.layout.vcpuSigned[0][APIA].width, "the QARMA3 pCPU is parked: one algorithm online");
    }

    @Test
    void keyAccessesCarryNoAlgorithm() {
        KvmModel m = model(MIXED, "");
        SemanticsTest.Run r = enabledOn(m, 1);
        int t = r.vcpuThread(0);
        r.step(Actions.INSN, t, r.insn(GuestAction.KEY_READ, APIA, 0));
        assertFalse(r.broke(Invariant.ID_REGISTERS_CONSISTENT), "MRS on the QARMA3 pCPU under advertised QARMA5");
        r.step(Actions.INSN, t, r.insn(GuestAction.KEY_WRITE, APIA, 1));
        assertFalse(r.broke(Invariant.ID_REGISTERS_CONSISTENT), "MSR likewise");
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, APIA, 0));
        assertTrue(r.broke(Invariant.ID_REGISTERS_CONSISTENT), "PACIA computes with QARMA3");
    }
}
