package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import trapcheck.engine.Explorer;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.engine.Verdict;
import trapcheck.kvm.spec.GuestAction;
import trapcheck.kvm.spec.Invariant;
import trapcheck.kvm.spec.Spec;

/**
 * An invariant that keeps state of its own, as the catalogue's extension point promises: its fields
 * exist only when it is checked, its events fire at the right moments, and symmetry moves its fields
 * with their vCPU (the reduced count is still the exact orbit count).
 */
class InvariantStateTest {
    /**
     * A stand-in invariant (under a borrowed id): a vCPU enters the guest at most once per load
     * period, remembering per vCPU whether it entered since vcpu_load and whether it trapped since.
     */
    static final class EntersOncePerLoad extends InvariantCheck {
        private final boolean judges;
        Field[] entered;
        Field[] trapped;

        /** @param judges whether entering twice breaks it (false: it only remembers) */
        EntersOncePerLoad(World world, boolean judges) {
            super(Invariant.VCPU_INIT_CHECKED, "a vCPU enters the guest at most once per load period", world);
            this.judges = judges;
        }

        @Override
        void declareState(StateLayout layout) {
            entered = layout.perVcpu(1);
            trapped = layout.perVcpu(1);
        }

        @Override
        boolean loaded(long[] s, int p, int g, StepObserver observer) {
            entered[g].set(s, false);
            return false;
        }

        @Override
        boolean entered(long[] s, int p, int g, StepObserver observer) {
            boolean again = judges && entered[g].bit(s);
            entered[g].set(s, true);
            if (again && observer != null) {
                observer.broken(invariant, world.vcpuNames[g] + " enters the guest again on " + world.cpuNames[p]);
            }
            return again;
        }

        @Override
        boolean trapped(long[] s, int p, int g, World.GuestInsn insn, StepObserver observer) {
            trapped[g].set(s, true);
            return false;
        }

        @Override
        boolean put(long[] s, int p, int g, StepObserver observer) {
            entered[g].set(s, false);
            trapped[g].set(s, false);
            return false;
        }
    }

    private static Spec spec(String topology) {
        return TestSpecs.parse(TestSpecs.spec(topology, "[APGA]", TestSpecs.HOOKS_58)
                + "check: { invariants: [trap-bits-match-vcpu] }\n");
    }

    private static KvmModel withStandIn(Spec spec, boolean judges) {
        return new KvmModel(spec, world -> {
            List<InvariantCheck> checks = new ArrayList<>(InvariantCatalogue.selected(spec, world));
            checks.add(new EntersOncePerLoad(world, judges));
            return checks;
        });
    }

    @Test
    void everyEventIsAMethodOfInvariantCheckAndEveryJudgingMethodAnEvent() {
        Set<String> judging = Arrays.stream(InvariantCheck.class.getDeclaredMethods())
                .filter(m -> m.getReturnType() == boolean.class).map(Method::getName).collect(Collectors.toSet());
        Set<String> events = Arrays.stream(InvariantChecks.Event.values()).map(e -> e.method).collect(Collectors.toSet());
        assertEquals(judging, events);
        assertTrue(InvariantChecks.overrides(new EntersOncePerLoad(null, true), InvariantChecks.Event.PUT));
        assertFalse(InvariantChecks.overrides(new EntersOncePerLoad(null, true), InvariantChecks.Event.EXECUTES));
    }

    @Test
    void itsFieldsExistOnlyWhenItIsChecked() {
        Spec spec = spec(TestSpecs.TWO_BY_TWO);
        KvmModel plain = new KvmModel(spec);
        KvmModel checked = withStandIn(spec, true);
        assertEquals(0, plain.layout.ownedPerVcpu());
        assertEquals(2, checked.layout.ownedPerVcpu());
        assertEquals(plain.layout.bits + 2 * 2, checked.layout.bits, "one bit per field and vCPU, two vCPUs");
        assertEquals(List.of(Invariant.TRAP_BITS_MATCH_VCPU, Invariant.VCPU_INIT_CHECKED), checked.invariants());
        assertThrows(IllegalStateException.class, () -> checked.layout.perVcpu(1), "taken only while built");
    }

    @Test
    void itsEventsFireAtTheirMoments() {
        KvmModel m = withStandIn(spec(TestSpecs.TWO_BY_TWO), true);
        EntersOncePerLoad check = (EntersOncePerLoad) m.checks.selected.get(1);
        SemanticsTest.Run r = new SemanticsTest.Run(m).intoGuest(0, 0);
        int t = r.vcpuThread(0);
        assertTrue(check.entered[0].bit(r.s));
        assertFalse(check.trapped[0].bit(r.s));
        r.step(Actions.INSN, t, r.insn(GuestAction.SIGN, 0, 0));
        assertTrue(check.trapped[0].bit(r.s), "PACGA trapped (lazy: API/APK clear after vcpu_load)");
        r.step(Actions.EXIT, t, 0);
        long[] beforeEnter = r.s;
        r.step(Actions.ENTER, t, 0);
        assertTrue(r.broke(Invariant.VCPU_INIT_CHECKED), "entered twice in one load period");
        assertEquals("vm0.vcpu0 enters the guest again on cpu0",
                new StateView(m).explain(beforeEnter, r.action(Actions.ENTER, t, 0), r.s, "vcpu-init-checked"));
        r.step(Actions.EXIT, t, 0).step(Actions.PREEMPT, t, 0);
        assertFalse(check.entered[0].bit(r.s), "vcpu_put forgets");
        assertFalse(check.trapped[0].bit(r.s));
        r.step(Actions.SWITCH_IN, t, 1).step(Actions.ENTER, t, 0);
        assertFalse(r.broke(Invariant.VCPU_INIT_CHECKED), "a new load period");
        assertTrue(check.entered[0].bit(r.s));
    }

    @Test
    void symmetryMovesItsFieldsWithTheirVcpu() {
        KvmModel m = withStandIn(spec(TestSpecs.TWO_BY_TWO), false);
        Result result = Explorer.explore(m, Options.defaults().withThreads(1));
        assertEquals(Verdict.HOLDS, result.verdict());
        assertEquals(CanonicalExactnessTest.bruteForceOrbits(m), result.stats().distinct());
        long without = Explorer.explore(new KvmModel(spec(TestSpecs.TWO_BY_TWO)), Options.defaults().withThreads(1))
                .stats().distinct();
        assertTrue(result.stats().distinct() > without, "what it remembers is state");
    }
}
