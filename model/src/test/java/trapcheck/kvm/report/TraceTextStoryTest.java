package trapcheck.kvm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import trapcheck.report.TraceText;

/**
 * The terminal rendering of a real counterexample reads as a story: one line per step in kernel
 * words, only the changed fields under it, key registers named by their owner, the broken
 * invariant's explanation last. Pinned so a change to the model's words or the renderer is seen.
 */
class TraceTextStoryTest {

    @Test
    void theHypFixupWithoutAnHcrWriteTellsItsStory() throws Exception {
        var checked = RealCounterexamples.check("broken-hyp-fixup-no-hcr-write.yaml");
        assertEquals("""
                counterexample for broken-hyp-fixup-no-hcr-write: 5 steps, breaks [trap-bits-match-vcpu]
                  0  initial state
                  1  vm0.vcpu0: context switch in on cpu0
                       cpu0.runs: idle -> vm0.vcpu0
                       cpu0.mode: idle -> user
                       cpu0.APIA: nobody -> vm0's VMM
                       cpu0.APGA: nobody -> vm0's VMM
                       vm0.vcpu0.on: not running -> cpu0
                  2  vm0.vcpu0: KVM_ARM_VCPU_INIT on cpu0 (vcpu_reset)
                       vm0.vcpu0.init: uninitialised -> initialised, ptrauth
                  3  vm0.vcpu0: KVM_RUN, vcpu_load on cpu0
                       cpu0.mode: user -> host
                       vm0.vcpu0.where: userspace -> host (KVM_RUN)
                  4  vm0.vcpu0: enters the guest on cpu0
                       cpu0.mode: host -> guest
                       vm0.vcpu0.where: host (KVM_RUN) -> guest
                  5  vm0.vcpu0: PACIA traps (PAC) on cpu0 -> hyp  (breaks [trap-bits-match-vcpu])
                       cpu0.APIA: vm0's VMM -> vm0.vcpu0 v0
                       cpu0.APGA: vm0's VMM -> vm0.vcpu0 v0
                       cpu0.host_ctx.APIA: nobody -> vm0's VMM
                       cpu0.host_ctx.APGA: nobody -> vm0's VMM
                       vm0.vcpu0.hcr: API=0 APK=0 -> API=1 APK=1
                BROKEN trap-bits-match-vcpu: vm0.vcpu0 runs on cpu0 with physical API=0 APK=0 but its own copy has API=1 APK=1
                """, TraceText.render(checked.counterexample()));
    }

    @Test
    void theLazyHostTrapRaceEndsWithTheLeakedKeyNamedByOwner() throws Exception {
        var checked = RealCounterexamples.check("v5.2-lazy-host-trap.yaml");
        String text = TraceText.render(checked.counterexample());
        String[] lines = text.split("\n");
        assertEquals("counterexample for v5.2-lazy-host-trap: 22 steps, breaks [no-key-leakage, host-keys-intact]",
                lines[0]);
        assertEquals("BROKEN host-keys-intact: cpu0 returns vm1's VMM to userspace holding vm0's VMM's APIAKey",
                lines[lines.length - 1]);
        // The race: two vCPUs' trap handlers save into the same pCPU's host context.
        assertEquals(true, text.contains("""
                  18  vm0.vcpu0: in trap on cpu1, save_host_keys[APIA] into cpu0's host context
                        cpu0.host_ctx.APIA: vm1's VMM -> vm0's VMM
                """), text);
    }
}
