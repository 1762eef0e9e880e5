package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import trapcheck.engine.Explorer;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.engine.Verdict;
import trapcheck.kvm.spec.Spec;
import trapcheck.kvm.spec.SpecLoader;
import trapcheck.kvm.spec.StateSize;
import trapcheck.kvm.spec.Topology;

/** {@link KvmTarget#scaled}: names, counts, what is kept, and the limits. */
class ScaledTargetTest {
    static final Path SPEC = Path.of("..", "specs", "v5.8-early-hyp-trap.yaml");

    static KvmTarget base() throws Exception {
        return new KvmTarget(SpecLoader.load(SPEC));
    }

    @Test
    void scalesPcpusAndVmsFromTheFirstOfEach() throws Exception {
        KvmTarget base = base();
        assertEquals(List.of("pCPUs", "VMs"), base.scaleDimensions());
        KvmTarget t = base.scaled(3, 4);
        Spec s = t.spec();
        assertEquals("v5.8-early-hyp-trap@3x4", t.name());
        assertEquals(List.of("cpu0", "cpu1", "cpu2"), s.topology().cpus().stream().map(Topology.Cpu::name).toList());
        assertEquals(List.of("vm0", "vm1", "vm2", "vm3"), s.topology().vms().stream().map(Topology.Vm::name).toList());
        Topology.Cpu first = base.spec().topology().cpus().get(0);
        Topology.Vm vm = base.spec().topology().vms().get(0);
        for (Topology.Cpu c : s.topology().cpus()) {
            assertEquals(first.address(), c.address());
            assertEquals(first.generic(), c.generic());
        }
        for (Topology.Vm v : s.topology().vms()) {
            assertEquals(vm.vcpus(), v.vcpus());
            assertEquals(vm.requestAddress(), v.requestAddress());
            assertEquals(vm.requestGeneric(), v.requestGeneric());
        }
        assertEquals(base.spec().topology().otherTasks(), s.topology().otherTasks());
        assertEquals(base.spec().topology().inKernelPtrauth(), s.topology().inKernelPtrauth());
        assertSame(base.spec().policy(), s.policy());
        assertSame(base.spec().guest(), s.guest());
        assertSame(base.spec().check(), s.check());
        assertSame(base.spec().expect(), s.expect());
        assertEquals(base.file(), t.file());
        assertEquals(base.sourceHash(), t.sourceHash());
        assertEquals(3, t.model().world.cpus);
        assertEquals(4, t.model().world.vcpus);
        assertEquals(base.expectation(), t.expectation());
    }

    @Test
    void theSpecsOwnTopologyScalesToTheSameStateSpace() throws Exception {
        KvmTarget base = base();
        KvmTarget same = base.scaled(2, 2);
        Options o = Options.defaults().withThreads(1);
        Result a = Explorer.explore(base.model(), o);
        Result b = Explorer.explore(same.model(), o);
        assertEquals(Verdict.HOLDS, b.verdict());
        assertEquals(a.stats().distinct(), b.stats().distinct());
        assertEquals(a.stats().generated(), b.stats().generated());
        Result small = Explorer.explore(base.scaled(1, 1).model(), o);
        assertEquals(Verdict.HOLDS, small.verdict());
        assertTrue(small.stats().distinct() < a.stats().distinct());
    }

    @Test
    void refusesMalformedSizesAndTopologiesPastTheLimits() throws Exception {
        KvmTarget base = base();
        assertThrows(IllegalArgumentException.class, () -> base.scaled(2));
        assertThrows(IllegalArgumentException.class, () -> base.scaled(2, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> base.scaled(0, 1));
        assertThrows(IllegalArgumentException.class, () -> base.scaled(1, -1));
        IllegalArgumentException cpus = assertThrows(IllegalArgumentException.class,
                () -> base.scaled(StateSize.MAX_CPUS + 1, 1));
        assertTrue(cpus.getMessage().startsWith("v5.8-early-hyp-trap@17x1: "), cpus.getMessage());
        assertTrue(cpus.getMessage().contains("limit"), cpus.getMessage());
        IllegalArgumentException vms = assertThrows(IllegalArgumentException.class,
                () -> base.scaled(1, StateSize.MAX_VCPUS + 1));
        assertTrue(vms.getMessage().contains("17 vCPUs"), vms.getMessage());
        base.scaled(StateSize.MAX_CPUS, StateSize.MAX_VCPUS); // the largest allowed
    }

    @Test
    void stateSizeRefusalOfABuiltSpec() throws Exception {
        Spec s = base().spec();
        assertEquals(null, StateSize.refusal(s));
    }
}
