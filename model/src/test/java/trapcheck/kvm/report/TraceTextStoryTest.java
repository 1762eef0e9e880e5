package trapcheck.kvm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import trapcheck.report.TraceText;

/**
 * The terminal rendering of a real counterexample reads as a story: one line per step in kernel
 * words, under it each op an atomic hook ran (one line per key moved, so a missing op is a missing
 * line) and only the changed fields that neither those lines nor the label tell, key registers named
 * by their owner, the culprit marked, the broken invariant's explanation once and the culprit's way
 * last. Pinned so a change to the model's words or the renderer is seen.
 */
class TraceTextStoryTest {

    @Test
    void theHypFixupWithoutAnHcrWriteTellsItsStory() throws Exception {
        var checked = RealCounterexamples.check("broken-hyp-fixup-no-hcr-write.yaml");
        assertEquals("""
                counterexample for broken-hyp-fixup-no-hcr-write: 5 steps, breaks [trap-bits-match-vcpu]
                  0  initial state
                  1  vm0.vcpu0: context switch in on cpu0
                       cpu0.APIA: nobody -> vm0's VMM
                       cpu0.APGA: nobody -> vm0's VMM
                  2  vm0.vcpu0: KVM_ARM_VCPU_INIT on cpu0 (vcpu_reset)
                       vm0.vcpu0.init: uninitialised -> initialised, ptrauth
                  3  vm0.vcpu0: KVM_RUN, vcpu_load on cpu0
                       vcpu_load: clear_vcpu_hcr [API, APK]
                  4  vm0.vcpu0: enters the guest on cpu0
                       guest_enter: activate_traps API=0 APK=0 -> cpu0.HCR_EL2
                  5  vm0.vcpu0: PACIA traps (PAC) on cpu0 -> hyp  (breaks [trap-bits-match-vcpu])  <= culprit
                       trap: save_host_keys[APIA] vm0's VMM -> cpu0's host context
                       trap: save_host_keys[APGA] vm0's VMM -> cpu0's host context
                       trap: set_vcpu_hcr [API, APK]
                       switch_in: restore_guest_keys[APIA] vm0.vcpu0 v0 -> cpu0.APIA
                       switch_in: restore_guest_keys[APGA] vm0.vcpu0 v0 -> cpu0.APGA
                BROKEN trap-bits-match-vcpu: vm0.vcpu0 runs on cpu0 with physical API=0 APK=0 but its own copy has API=1 APK=1
                culprit: step 5 wrote API=1 APK=1 into vm0.vcpu0.hcr (../specs/broken-hyp-fixup-no-hcr-write.yaml:17:35)
                """, TraceText.render(checked.counterexample()));
    }

    @Test
    void theLazyHostTrapRaceEndsWithTheLeakedKeyNamedByOwner() throws Exception {
        var checked = RealCounterexamples.check("v5.2-lazy-host-trap.yaml");
        String text = TraceText.render(checked.counterexample());
        String[] lines = text.split("\n");
        assertEquals("counterexample for v5.2-lazy-host-trap: 22 steps, breaks [no-key-leakage, host-keys-intact]",
                lines[0]);
        assertEquals("BROKEN no-key-leakage, host-keys-intact: cpu0 returns vm1's VMM to userspace holding vm0's VMM's "
                + "APIAKey", lines[lines.length - 2]);
        assertEquals("culprit: step 18 wrote vm0's VMM into cpu0.host_ctx.APIA (../specs/v5.2-lazy-host-trap.yaml:50:49), "
                + "which reached cpu0.APIA at step 21", lines[lines.length - 1]);
        // The race: two vCPUs' trap handlers save into the same pCPU's host context.
        assertEquals(true, text.contains("""
                  18  vm0.vcpu0: in trap on cpu1, save_host_keys[APIA] into cpu0's host context  <= culprit
                        cpu0.host_ctx.APIA: vm1's VMM -> vm0's VMM
                """), text);
        // The exit restores the host's keys from the context vm0 overwrote: each op on a line of its own.
        assertEquals(true, text.contains("""
                  21  vm1.vcpu0: exits the guest on cpu0
                        switch_out: save_guest_keys[APIA] vm1.vcpu0 v0 -> save area
                        switch_out: save_guest_keys[APGA] vm1.vcpu0 v0 -> save area
                        switch_out: restore_host_keys[APIA] vm0's VMM -> cpu0.APIA
                        switch_out: restore_host_keys[APGA] vm1's VMM -> cpu0.APGA
                        cpu0.HCR_EL2: API=1 APK=1 -> API=0 APK=0
                """), text);
        assertEquals(false, text.contains("-> trap handler"), "where lines that restate the label are gone");
    }

    @Test
    void aLongDfsCounterexampleIsToldHeadAndTailWithTheCulprit() throws Exception {
        var cx = RealCounterexamples.checkDfs("v5.2-lazy-host-trap.yaml").counterexample();
        int n = cx.steps().size();
        org.junit.jupiter.api.Assertions.assertTrue(n > 1000, "DFS finds a long counterexample: " + n);
        String text = TraceText.render(cx, 60);
        String[] lines = text.split("\n");
        assertEquals(String.format(java.util.Locale.ROOT, "counterexample for v5.2-lazy-host-trap: %,d steps, breaks "
                + "[no-key-leakage, host-keys-intact] (60 of them shown)", n), lines[0], "says how long");
        org.junit.jupiter.api.Assertions.assertTrue(lines.length < 300, "not every step: " + lines.length + " lines");
        int culprit = cx.culprit().step();
        int leftOut = java.util.regex.Pattern.compile("\\(([\\d,]+) steps? not shown\\)").matcher(text).results()
                .mapToInt(m -> Integer.parseInt(m.group(1).replace(",", ""))).sum();
        assertEquals(n - 60 - (culprit > 30 && culprit <= n - 30 ? 1 : 0), leftOut, "every step left out is counted");
        org.junit.jupiter.api.Assertions.assertTrue(java.util.Arrays.stream(lines)
                .anyMatch(l -> l.trim().startsWith(culprit + "  ") && l.endsWith("<= culprit")), "the culprit's step is shown");
        assertEquals("culprit: step " + culprit, lines[lines.length - 1].replaceFirst("^(culprit: step \\d+).*", "$1"));
    }
}
