package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static trapcheck.kvm.StateLayout.LOC_GUEST;
import static trapcheck.kvm.StateLayout.LOC_HANDLER;
import static trapcheck.kvm.StateLayout.LOC_HOST;
import static trapcheck.kvm.StateLayout.LOC_OUT;

import org.junit.jupiter.api.Test;
import trapcheck.kvm.spec.GuestAction;
import trapcheck.kvm.spec.Invariant;

/** Every step (docs/spec-reference.md, "Steps and preemption") on hand-built states. */
class SemanticsTest {
    private static final int APIA = 0;
    private static final int APGA = 1;

    private final KvmModel m52 = TestSpecs.model(TestSpecs.spec(TestSpecs.TWO_BY_TWO, "[APIA, APGA]", TestSpecs.HOOKS_52));
    private final KvmModel m58 = TestSpecs.model(TestSpecs.spec(TestSpecs.TWO_BY_TWO, "[APIA, APGA]", TestSpecs.HOOKS_58));

    /** A driver: one state, actions by name, field access. */
    static final class Run {
        final KvmModel m;
        long[] s;
        long lastBroken;

        Run(KvmModel m) {
            this.m = m;
            this.s = m.initialStates().get(0);
        }

        int action(int kind, int thread, int cpuOrInsn) {
            for (int a = 0; a < m.actions.count; a++) {
                if (m.actions.kind[a] == kind && m.actions.thread[a] == thread
                        && (kind == Actions.SWITCH_IN ? m.actions.cpu[a] == cpuOrInsn
                        : kind != Actions.INSN || m.actions.insn[a] == cpuOrInsn)) {
                    return a;
                }
            }
            throw new AssertionError("no action " + kind + " " + thread + " " + cpuOrInsn);
        }

        boolean enabled(int kind, int thread, int arg) {
            return m.step(s, action(kind, thread, arg), new long[s.length], null) != ThreadSteps.NOT_ENABLED;
        }

        Run step(int kind, int thread, int arg) {
            long[] n = new long[s.length];
            long broken = m.step(s, action(kind, thread, arg), n, null);
            assertTrue(broken != ThreadSteps.NOT_ENABLED, "not enabled: " + m.actions.name(m.world, action(kind, thread, arg)));
            s = n;
            lastBroken = broken;
            return this;
        }

        int vcpuThread(int g) {
            return m.world.vcpuThread(g);
        }

        int insn(GuestAction a, int key, int version) {
            for (int i = 0; i < m.world.insns.size(); i++) {
                World.GuestInsn in = m.world.insns.get(i);
                if (in.action() == a && in.keyIndex() == key && in.version() == version) {
                    return i;
                }
            }
            throw new AssertionError("no insn");
        }

        /** Switch vCPU g's thread in on p, init it, KVM_RUN, enter the guest. */
        Run intoGuest(int g, int p) {
            int t = vcpuThread(g);
            step(Actions.SWITCH_IN, t, p);
            if (!m.layout.vcpuInit[g].bit(s)) {
                step(Actions.INIT, t, 0);
            }
            return step(Actions.RUN, t, 0).step(Actions.ENTER, t, 0);
        }

        int reg(int p, int k) {
            return m.layout.cpuReg[p][k].get(s);
        }

        int ctx(int p, int k) {
            return m.layout.cpuHostCtx[p][k].get(s);
        }

        boolean broke(Invariant i) {
            int property = m.invariants().indexOf(i);
            assertTrue(property >= 0, i.id() + " is not checked");
            return (lastBroken & (1L << property)) != 0;
        }
    }

    @Test
    void switchInInstallsTheThreadsKeysAndPreemptInstallsTheIdleTasks() {
        Run r = new Run(m58);
        r.step(Actions.SWITCH_IN, 1, 1);
        assertEquals(m58.world.otherKey(0), r.reg(1, APIA));
        assertEquals(m58.world.otherKey(0), r.reg(1, APGA));
        assertFalse(r.enabled(Actions.SWITCH_IN, 1, 0), "a running thread cannot switch in twice");
        r.step(Actions.PREEMPT, 1, 0);
        assertEquals(0, r.reg(1, APIA));
        assertEquals(0, m58.layout.cpuThread[1].get(r.s));
    }

    @Test
    void initResetsTheVcpuAndRunLoadsIt() {
        Run r = new Run(m58);
        int t = r.vcpuThread(0);
        r.step(Actions.SWITCH_IN, t, 0);
        assertFalse(r.enabled(Actions.RUN, t, 0), "KVM_RUN needs KVM_ARM_VCPU_INIT first");
        r.step(Actions.INIT, t, 0);
        assertTrue(m58.layout.vcpuInit[0].bit(r.s));
        r.step(Actions.RUN, t, 0);
        assertEquals(LOC_HOST, m58.layout.vcpuLoc[0].get(r.s));
        assertFalse(r.enabled(Actions.INIT, t, 0), "init is an ioctl from userspace");
    }

    @Test
    void enterActivatesTrapsAndExitRestoresTheHostHcr() {
        Run r = new Run(m58).intoGuest(0, 0);
        assertEquals(LOC_GUEST, m58.layout.vcpuLoc[0].get(r.s));
        assertFalse(m58.layout.cpuApi[0].bit(r.s), "lazy: API clear after vcpu_load");
        assertFalse(r.enabled(Actions.PREEMPT, r.vcpuThread(0), 0), "the guest exits before the thread is preempted");
        r.step(Actions.EXIT, r.vcpuThread(0), 0);
        assertEquals(LOC_HOST, m58.layout.vcpuLoc[0].get(r.s));
    }

    @Test
    void hypTrapSavesHostKeysSetsBothCopiesAndRestoresGuestKeysAtomically() {
        Run r = new Run(m58).intoGuest(0, 1);
        int t = r.vcpuThread(0);
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, APIA, 0));
        assertEquals(LOC_GUEST, m58.layout.vcpuLoc[0].get(r.s), "a hyp fixup resumes the guest");
        assertEquals(m58.world.vmmKey(0), r.ctx(1, APIA), "host keys saved into this pCPU's context");
        assertEquals(m58.world.vmmKey(0), r.ctx(1, APGA));
        assertTrue(m58.layout.vcpuApi[0].bit(r.s) && m58.layout.vcpuApk[0].bit(r.s));
        assertTrue(m58.layout.cpuApi[1].bit(r.s) && m58.layout.cpuApk[1].bit(r.s));
        assertEquals(m58.world.guestKey(0, 0), r.reg(1, APIA), "switch_in restored the guest's key");
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, APIA, 0));
        assertEquals(0L, r.lastBroken, "signing with its own key breaks nothing");
        r.step(Actions.INSN, t, r.insn(GuestAction.KEY_WRITE, APGA, 1));
        assertEquals(m58.world.guestKey(0, 1), r.reg(1, APGA));
        r.step(Actions.EXIT, t, 0);
        assertEquals(m58.world.guestKey(0, 1), m58.layout.vcpuSave[0][APGA].get(r.s), "switch_out saved the written key");
        assertEquals(m58.world.vmmKey(0), r.reg(1, APGA), "and restored the host's");
        assertFalse(m58.layout.cpuApi[1].bit(r.s), "__deactivate_traps: host HCR");
        r.step(Actions.RETURN, t, 0);
        assertEquals(0L, r.lastBroken);
    }

    @Test
    void hostTrapStepsThroughTheHandlerOneOpAndOneKeyAtATime() {
        Run r = new Run(m52).intoGuest(0, 0);
        int t = r.vcpuThread(0);
        r.step(Actions.INSN, t, r.insn(GuestAction.KEY_READ, APIA, 0));
        int loc = m52.layout.vcpuLoc[0].get(r.s);
        assertTrue(loc >= LOC_HANDLER, "a host-context trap leaves the guest");
        r.step(Actions.HANDLER, t, 0); // set_vcpu_hcr
        assertTrue(m52.layout.vcpuApi[0].bit(r.s));
        r.step(Actions.HANDLER, t, 0); // save_host_keys resolves cpu0's host context
        assertEquals(1, m52.layout.vcpuTarget[0].get(r.s));
        assertEquals(0, r.ctx(0, APIA), "resolving moves no key");
        // Preempted here, the thread resumes on cpu1: the op keeps its target.
        r.step(Actions.PREEMPT, t, 0).step(Actions.SWITCH_IN, t, 1);
        assertFalse(m52.layout.vcpuApi[0].bit(r.s), "vcpu_load on resume cleared API/APK");
        assertEquals(1, m52.layout.vcpuTarget[0].get(r.s));
        r.step(Actions.HANDLER, t, 0);
        assertEquals(m52.world.vmmKey(0), r.ctx(0, APIA), "cpu1's register saved into cpu0's host context");
        assertEquals(0, r.ctx(1, APIA));
        r.step(Actions.HANDLER, t, 0);
        assertEquals(LOC_HOST, m52.layout.vcpuLoc[0].get(r.s), "the handler ends back in KVM_RUN");
        assertEquals(0, m52.layout.vcpuTarget[0].get(r.s));
    }

    @Test
    void preemptDisableMakesTheRegionOneStep() {
        String hooks = TestSpecs.HOOKS_52.replace("then: [ { set_vcpu_hcr: [API, APK] }, save_host_keys ]",
                "then: [ preempt_disable, { set_vcpu_hcr: [API, APK] }, save_host_keys, preempt_enable ]");
        KvmModel m = TestSpecs.model(TestSpecs.spec(TestSpecs.TWO_BY_TWO, "[APIA, APGA]", hooks));
        Run r = new Run(m).intoGuest(0, 0);
        int t = r.vcpuThread(0);
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, APGA, 0));
        r.step(Actions.HANDLER, t, 0);
        assertEquals(LOC_HOST, m.layout.vcpuLoc[0].get(r.s), "the whole region ran in one step");
        assertEquals(m.world.vmmKey(0), r.ctx(0, APGA));
    }

    @Test
    void theFivePointTwoRaceBreaksHostKeysIntact() {
        Run r = new Run(m52);
        int t0 = r.vcpuThread(0);
        int t1 = r.vcpuThread(1);
        r.intoGuest(0, 0).step(Actions.INSN, t0, r.insn(GuestAction.SIGN, APIA, 0));
        r.step(Actions.HANDLER, t0, 0).step(Actions.HANDLER, t0, 0); // set hcr; resolve cpu0
        r.step(Actions.PREEMPT, t0, 0).step(Actions.SWITCH_IN, t0, 1);
        r.intoGuest(1, 0).step(Actions.INSN, t1, r.insn(GuestAction.SIGN, APIA, 0));
        r.step(Actions.HANDLER, t1, 0).step(Actions.HANDLER, t1, 0).step(Actions.HANDLER, t1, 0);
        r.step(Actions.HANDLER, t0, 0); // vm0's VMM APIA (on cpu1) into cpu0's context
        r.step(Actions.HANDLER, t1, 0); // vm1 finishes APGA
        r.step(Actions.ENTER, t1, 0).step(Actions.EXIT, t1, 0);
        assertEquals(m52.world.vmmKey(0), r.reg(0, APIA));
        r.step(Actions.RETURN, t1, 0);
        assertTrue(r.broke(Invariant.HOST_KEYS_INTACT));
        assertTrue(r.broke(Invariant.NO_KEY_LEAKAGE), "the key belongs to another VMM");
    }

    @Test
    void guestUsingAForeignKeyLeaksAndUsingAStaleVersionBreaksGuestKeys() {
        String hooks = TestSpecs.HOOKS_58.replace("then: [ restore_guest_keys ]", "then: [ { restore_guest_keys: [APIA] } ]");
        KvmModel m = TestSpecs.model(TestSpecs.spec(TestSpecs.TWO_BY_TWO, "[APIA, APGA]", hooks));
        Run r = new Run(m).intoGuest(0, 0);
        int t = r.vcpuThread(0);
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, APGA, 0)); // traps, fixup
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, APGA, 0));
        assertTrue(r.broke(Invariant.NO_KEY_LEAKAGE));
        assertTrue(r.broke(Invariant.GUEST_KEYS_INTACT));

        String noSave = TestSpecs.HOOKS_58.replace("then: [ save_guest_keys, restore_host_keys ]", "then: [ restore_host_keys ]");
        KvmModel m2 = TestSpecs.model(TestSpecs.spec(TestSpecs.TWO_BY_TWO, "[APIA, APGA]", noSave));
        Run r2 = new Run(m2).intoGuest(0, 0);
        r2.step(Actions.INSN, t, r2.insn(GuestAction.KEY_WRITE, APIA, 1)); // traps, fixup
        r2.step(Actions.INSN, t, r2.insn(GuestAction.KEY_WRITE, APIA, 1));
        r2.step(Actions.EXIT, t, 0).step(Actions.ENTER, t, 0);
        r2.step(Actions.INSN, t, r2.insn(GuestAction.AUTH, APIA, 0));
        assertTrue(r2.broke(Invariant.GUEST_KEYS_INTACT));
        assertFalse(r2.broke(Invariant.NO_KEY_LEAKAGE), "its own key at an old version is no leak");
    }

    @Test
    void undefWhereTheCpuLacksTheClassAndIdRegisterChecks() {
        String topo = TestSpecs.BIG_LITTLE;
        String anyCpu = TestSpecs.spec(topo, "[APIA, APGA]", TestSpecs.HOOKS_58)
                .replace("  lazy: true\n", "  lazy: true\n  expose: { generic: any-cpu }\n");
        KvmModel m = TestSpecs.model(anyCpu);
        assertTrue(m.world.hasPtrauth[0]);
        Run r = new Run(m).intoGuest(0, 1);
        int t = r.vcpuThread(0);
        long[] before = r.s;
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, APGA, 0));
        assertTrue(r.broke(Invariant.ID_REGISTERS_CONSISTENT), "advertised GPA, UNDEF on little0");
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(r.s), "an UNDEF changes nothing");

        KvmModel uniform = TestSpecs.model(TestSpecs.spec(topo, "[APIA, APGA]", TestSpecs.HOOKS_58));
        assertFalse(uniform.world.hasPtrauth[0], "generic is not uniform: no ptrauth");
        Run u = new Run(uniform);
        u.step(Actions.SWITCH_IN, t, 0).step(Actions.INIT, t, 0);
        assertFalse(uniform.layout.vcpuInit[0].bit(u.s), "-EINVAL: the vCPU stays uninitialised");
        assertFalse(u.enabled(Actions.RUN, t, 0));
    }

    @Test
    void staleTrapBitsAndUnclearedLoadAreCaught() {
        String noActivate = TestSpecs.HOOKS_58.replace("    guest_enter: [ activate_traps ]\n", "");
        KvmModel m = TestSpecs.model(TestSpecs.spec(TestSpecs.TWO_BY_TWO, "[APIA, APGA]", noActivate));
        Run r = new Run(m).intoGuest(0, 0);
        int t = r.vcpuThread(0);
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, APIA, 0));
        r.step(Actions.EXIT, t, 0).step(Actions.ENTER, t, 0);
        assertTrue(r.broke(Invariant.TRAP_BITS_MATCH_VCPU), "copy has API set, HCR_EL2 was cleared at exit");

        String noClear = TestSpecs.HOOKS_58.replace("then: [ { clear_vcpu_hcr: [API, APK] } ]", "then: []");
        KvmModel m2 = TestSpecs.model(TestSpecs.spec(TestSpecs.TWO_BY_TWO, "[APIA, APGA]", noClear));
        Run r2 = new Run(m2).intoGuest(0, 0);
        r2.step(Actions.INSN, t, r2.insn(GuestAction.SIGN, APIA, 0));
        r2.step(Actions.EXIT, t, 0).step(Actions.PREEMPT, t, 0).step(Actions.SWITCH_IN, t, 1);
        assertTrue(r2.broke(Invariant.API_APK_CLEARED_ON_LOAD));
    }

    @Test
    void swallowedInitErrorLetsTheVcpuRun() {
        String topo = TestSpecs.BIG_LITTLE;
        String hooks = TestSpecs.HOOKS_58.replaceAll("(?s)    vcpu_reset:.*", "    vcpu_reset: []\n");
        KvmModel m = TestSpecs.model(TestSpecs.spec(topo, "[APIA, APGA]", hooks));
        Run r = new Run(m).intoGuest(0, 0);
        assertTrue(r.broke(Invariant.VCPU_INIT_CHECKED));
    }

    @Test
    void everyHcrOpAndActivateTrapsWriteTheirRegister() {
        String hooks = """
                  hooks:
                    vcpu_load: [ { set_vcpu_hcr: [APK] }, { set_cpu_hcr: [API] } ]
                    guest_enter: [ { clear_cpu_hcr: [API] }, activate_traps ]
                    guest_exit: [ { clear_vcpu_hcr: [APK] } ]
                """;
        KvmModel m = TestSpecs.model(TestSpecs.spec(TestSpecs.TWO_BY_TWO, "[APIA]", hooks));
        Run r = new Run(m);
        int t = r.vcpuThread(0);
        r.step(Actions.SWITCH_IN, t, 0).step(Actions.INIT, t, 0).step(Actions.RUN, t, 0);
        assertTrue(m.layout.vcpuApk[0].bit(r.s));
        assertFalse(m.layout.vcpuApi[0].bit(r.s));
        assertTrue(m.layout.cpuApi[0].bit(r.s), "set_cpu_hcr writes HCR_EL2 of the pCPU running the hook");
        r.step(Actions.ENTER, t, 0);
        assertFalse(m.layout.cpuApi[0].bit(r.s));
        assertTrue(m.layout.cpuApk[0].bit(r.s), "activate_traps copies the vCPU's bits");
        r.step(Actions.EXIT, t, 0);
        assertFalse(m.layout.vcpuApk[0].bit(r.s));
        assertEquals(LOC_HOST, m.layout.vcpuLoc[0].get(r.s));
        r.step(Actions.RETURN, t, 0);
        assertEquals(LOC_OUT, m.layout.vcpuLoc[0].get(r.s));
    }

    @Test
    void conditionsReadTheRightThing() {
        String topo = """
                  cpus:
                    - { name: big0, address: qarma5, generic: qarma5 }
                    - { name: little0, address: impdef, generic: none }
                  vms:
                    - { name: vm0, vcpus: 1, request: [address] }
                """;
        KvmModel m = TestSpecs.model(TestSpecs.spec(topo, "[APIA]", TestSpecs.HOOKS_58));
        HookInterpreter s = new HookInterpreter(m.world, m.layout, m.policy);
        long[] st = m.initialStates().get(0);
        java.util.function.Function<String, trapcheck.kvm.spec.Condition> c = w -> new trapcheck.kvm.spec.Condition.Atom(
                java.util.Arrays.stream(trapcheck.kvm.spec.Condition.Name.values()).filter(n -> n.word().equals(w)).findFirst().orElseThrow());
        assertTrue(s.eval(c.apply("cpu_has_generic"), st, 0, 0));
        assertFalse(s.eval(c.apply("cpu_has_generic"), st, 1, 0));
        assertTrue(s.eval(c.apply("cpu_has_address"), st, 1, 0));
        assertFalse(s.eval(c.apply("system_has_address"), st, 0, 0), "algorithms differ: not uniform");
        assertTrue(s.eval(c.apply("requested_ptrauth"), st, 0, 0));
        assertTrue(s.eval(c.apply("requested_address"), st, 0, 0));
        assertFalse(s.eval(c.apply("requested_generic"), st, 0, 0));
        assertFalse(s.eval(c.apply("vcpu_has_ptrauth"), st, 0, 0));
        assertFalse(s.eval(new trapcheck.kvm.spec.Condition.All(java.util.List.of(c.apply("cpu_has_generic"), c.apply("vcpu_hcr.API"))), st, 0, 0));
        assertTrue(s.eval(new trapcheck.kvm.spec.Condition.Any(java.util.List.of(c.apply("cpu_has_generic"), c.apply("vcpu_hcr.API"))), st, 0, 0));
        assertTrue(s.eval(new trapcheck.kvm.spec.Condition.Not(c.apply("cpu_hcr.APK")), st, 0, 0));
    }
}
