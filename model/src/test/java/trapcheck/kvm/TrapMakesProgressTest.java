package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import trapcheck.kvm.spec.GuestAction;
import trapcheck.kvm.spec.Invariant;

/** trap-makes-progress on hand-built runs: which traps set and clear the history bit, and when a second trap breaks. */
class TrapMakesProgressTest {
    private static final int APIA = 0;

    private static final String ONE_CPU = """
              cpus:
                - { name: cpu, count: 2, address: qarma5, generic: qarma5 }
              vms:
                - { name: vm0, vcpus: 1, request: [address, generic] }
            """;

    private static String hooks(String trap) {
        return TestSpecs.HOOKS_58.replace("""
                trap:
                  context: hyp
                  do:
                    - if: vcpu_has_ptrauth
                      then: [ save_host_keys, { set_vcpu_hcr: [API, APK] }, { set_cpu_hcr: [API, APK] } ]
                      else: [ inject_undef ]
            """, trap);
    }

    private static KvmModel model(String trap, String actions) {
        String spec = TestSpecs.spec(ONE_CPU, "[APIA]", hooks(trap));
        if (actions != null) {
            spec = spec.replace("  key_versions: 2\n", "  key_versions: 2\n  actions: " + actions + "\n");
        }
        return TestSpecs.model(spec);
    }

    private static final String HYP_NO_HCR = """
                trap:
                  context: hyp
                  do:
                    - if: vcpu_has_ptrauth
                      then: [ save_host_keys ]
                      else: [ inject_undef ]
            """;

    private static final String HOST_EMPTY_THEN = """
                trap:
                  context: host
                  do:
                    - if: vcpu_has_ptrauth
                      then: []
                      else: [ inject_undef ]
            """;

    private static final String HOST_UNDEF = """
                trap:
                  context: host
                  do: [ inject_undef ]
            """;

    @Test
    void aHypFixupThatEnablesNothingTrapsAgainAndBreaksIt() {
        KvmModel m = model(HYP_NO_HCR, null);
        SemanticsTest.Run r = new SemanticsTest.Run(m).intoGuest(0, 1);
        int t = r.vcpuThread(0);
        int pacia = r.insn(GuestAction.SIGN, APIA, 0);
        r.step(Actions.INSN, t, pacia);
        assertFalse(r.broke(Invariant.TRAP_MAKES_PROGRESS), "the first trap is fine");
        long[] before = r.s;
        int autia = r.action(Actions.INSN, t, r.insn(GuestAction.AUTH, APIA, 0));
        r.step(Actions.INSN, t, r.insn(GuestAction.AUTH, APIA, 0));
        assertTrue(r.broke(Invariant.TRAP_MAKES_PROGRESS), "the retried PAC instruction traps again");
        assertEquals("vm0.vcpu0 traps again on AUTIA on cpu1 without vcpu_put: the handler did not enable ptrauth",
                new StateView(m).explain(before, autia, r.s, "trap-makes-progress"));
    }

    @Test
    void aKeyAccessTrapIsAnotherKindThanAPacInstructionTrap() {
        KvmModel m = model(HYP_NO_HCR, null);
        SemanticsTest.Run r = new SemanticsTest.Run(m).intoGuest(0, 0);
        int t = r.vcpuThread(0);
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, APIA, 0));
        r.step(Actions.INSN, t, r.insn(GuestAction.KEY_READ, APIA, 0));
        assertFalse(r.broke(Invariant.TRAP_MAKES_PROGRESS), "the first key-register trap");
        r.step(Actions.INSN, t, r.insn(GuestAction.KEY_WRITE, APIA, 1));
        assertTrue(r.broke(Invariant.TRAP_MAKES_PROGRESS));
    }

    @Test
    void vcpuPutEndsTheLoadPeriod() {
        KvmModel m = model(HYP_NO_HCR, null);
        SemanticsTest.Run r = new SemanticsTest.Run(m).intoGuest(0, 0);
        int t = r.vcpuThread(0);
        int pacia = r.insn(GuestAction.SIGN, APIA, 0);
        r.step(Actions.INSN, t, pacia).step(Actions.EXIT, t, 0).step(Actions.PREEMPT, t, 0)
                .step(Actions.SWITCH_IN, t, 1).step(Actions.ENTER, t, 0).step(Actions.INSN, t, pacia);
        assertFalse(r.broke(Invariant.TRAP_MAKES_PROGRESS), "a preemption inside KVM_RUN is a vcpu_put");
        r.step(Actions.EXIT, t, 0).step(Actions.RETURN, t, 0).step(Actions.RUN, t, 0).step(Actions.ENTER, t, 0)
                .step(Actions.INSN, t, pacia);
        assertFalse(r.broke(Invariant.TRAP_MAKES_PROGRESS), "returning to userspace is a vcpu_put");
        r.step(Actions.INSN, t, pacia);
        assertTrue(r.broke(Invariant.TRAP_MAKES_PROGRESS));
    }

    @Test
    void theGoodHandlersMakeProgress() {
        KvmModel m = TestSpecs.model(TestSpecs.spec(ONE_CPU, "[APIA]", TestSpecs.HOOKS_58));
        SemanticsTest.Run r = new SemanticsTest.Run(m).intoGuest(0, 0);
        int t = r.vcpuThread(0);
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, APIA, 0));
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, APIA, 0));
        assertFalse(r.broke(Invariant.TRAP_MAKES_PROGRESS), "5.8's fixup enables ptrauth: the retry executes");
        assertEquals(0, m.layout.vcpuTrapClass[0].width, "no host handler: no trapped class");
    }

    @Test
    void aHostHandlerThatEnablesNothingBreaksItAfterReenteringTheGuest() {
        KvmModel m = model(HOST_EMPTY_THEN, null);
        SemanticsTest.Run r = new SemanticsTest.Run(m).intoGuest(0, 0);
        int t = r.vcpuThread(0);
        int pacia = r.insn(GuestAction.SIGN, APIA, 0);
        r.step(Actions.INSN, t, pacia);
        assertEquals(StateLayout.LOC_HOST, m.layout.vcpuLoc[0].get(r.s), "an empty handler returns at once");
        r.step(Actions.ENTER, t, 0).step(Actions.INSN, t, pacia);
        assertTrue(r.broke(Invariant.TRAP_MAKES_PROGRESS));
    }

    @Test
    void anUndefFromAHostHandlerClearsTheBitOfTheKindItAnswers() {
        // A vCPU without ptrauth: every trap is answered with an UNDEF, of either kind.
        String spec = TestSpecs.spec(ONE_CPU.replace("[address, generic]", "[]"), "[APIA]", hooks(HOST_UNDEF));
        KvmModel m = TestSpecs.model(spec);
        assertEquals(2, m.layout.vcpuTrapClass[0].width, "one host handler serves both kinds: the kind is stored");
        SemanticsTest.Run r = new SemanticsTest.Run(m).intoGuest(0, 0);
        int t = r.vcpuThread(0);
        for (int round = 0; round < 2; round++) {
            for (int insn : new int[] {r.insn(GuestAction.SIGN, APIA, 0), r.insn(GuestAction.KEY_READ, APIA, 0)}) {
                r.step(Actions.INSN, t, insn);
                assertFalse(r.broke(Invariant.TRAP_MAKES_PROGRESS), "a trap after an UNDEF");
                r.step(Actions.HANDLER, t, 0);
                assertEquals(StateLayout.LOC_HOST, m.layout.vcpuLoc[0].get(r.s));
                r.step(Actions.ENTER, t, 0);
            }
        }
    }

    @Test
    void historyBitsOnlyForTheKindsTheGuestExecutesAndOnlyWhenChecked() {
        KvmModel all = model(HOST_UNDEF, null);
        KvmModel signOnly = model(HOST_UNDEF, "[sign, auth]");
        assertEquals(2, all.layout.ownedPerVcpu());
        assertEquals(1, signOnly.layout.ownedPerVcpu(), "no key_read/key_write: no key-access bit");
        assertEquals(1, signOnly.layout.vcpuTrapClass[0].width, "one kind: the handler tells it");
        KvmModel unchecked = TestSpecs.model(TestSpecs.spec(ONE_CPU, "[APIA]", hooks(HOST_UNDEF))
                .replace("policy:", "check:\n  invariants: [no-key-leakage]\npolicy:"));
        assertEquals(0, unchecked.layout.ownedPerVcpu());
        assertEquals(1, unchecked.layout.vcpuTrapClass[0].width);
        assertTrue(all.stateBits() > unchecked.stateBits());
    }

    @Test
    void itIsInTheDefaultSetOfEveryPolicy() {
        List<Invariant> lazy = model(HOST_UNDEF, null).invariants();
        List<Invariant> eager = TestSpecs.model(TestSpecs.spec(ONE_CPU, "[APIA]", hooks(HOST_UNDEF))
                .replace("lazy: true", "lazy: false")).invariants();
        assertTrue(lazy.contains(Invariant.TRAP_MAKES_PROGRESS));
        assertTrue(eager.contains(Invariant.TRAP_MAKES_PROGRESS));
    }
}
