package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trapcheck.kvm.spec.Spec;
import trapcheck.kvm.spec.Topology;
import trapcheck.spi.SpecException;
import trapcheck.spi.Topologies;

/** The machines of a sweep: the grid within the bounds, kinds mixed in the spec's order, VMs repeated, names unique. */
class KvmTopologiesTest {

    @Test
    void theGridWithinTheDefaultBounds() throws SpecException {
        Topologies t = KvmEditsTest.load("v5.2-lazy-host-trap").topologies().orElseThrow();
        assertEquals(List.of("pcpus", "vms", "vcpus", "tasks"), t.bounds().stream().map(Topologies.Bound::name).toList());
        assertEquals(List.of("pCPUs", "VMs", "vCPUs per VM", "other tasks"), t.axes());
        List<Topologies.Point> points = t.within(Map.of());
        assertEquals(3 * 2 * 2 * 2, points.size());
        Topologies.Point p = points.stream().filter(x -> x.coordinates().equals(List.of(2, 2, 1, 0))).findFirst().orElseThrow();
        assertEquals("2 pCPUs, 2 VMs of 1 vCPU, 0 other tasks", p.label());
        assertEquals(4, p.entities());
        KvmTarget target = (KvmTarget) p.target().get();
        assertEquals("v5.2-lazy-host-trap@2c-2x1v-0t", target.name());
        Topology topo = target.spec().topology();
        assertEquals(List.of("cpu0", "cpu1"), topo.cpus().stream().map(Topology.Cpu::name).toList());
        assertEquals(List.of("vm0", "vm1"), topo.vms().stream().map(Topology.Vm::name).toList());
        assertEquals(0, topo.otherTasks());
    }

    @Test
    void kindsAreMixedAndVmsRepeatTheSpecsList() throws SpecException {
        KvmTarget spec = KvmEditsTest.load("v5.9-physical-hcr-biglittle");
        Topologies t = spec.topologies().orElseThrow();
        assertEquals(List.of("big pCPUs (qarma5/qarma5)", "little pCPUs (qarma5/none)", "VMs", "vCPUs per VM", "other tasks"),
                t.axes());
        List<Topologies.Point> points = t.within(Map.of("pcpus", 2, "vms", 3, "vcpus", 1, "tasks", 0));
        // (big, little) in {1,0 0,1 2,0 1,1 0,2} times 1..3 VMs
        assertEquals(5 * 3, points.size());
        Topologies.Point mixed = points.stream().filter(x -> x.coordinates().equals(List.of(1, 1, 3, 1, 0))).findFirst()
                .orElseThrow();
        Spec s = ((KvmTarget) mixed.target().get()).spec();
        assertEquals(List.of("big0", "little0"), s.topology().cpus().stream().map(Topology.Cpu::name).toList());
        List<Topology.Vm> given = spec.spec().topology().vms();
        assertEquals(List.of(given.get(0).name(), given.get(1).name(), given.get(0).name() + "_1"),
                s.topology().vms().stream().map(Topology.Vm::name).toList());
        assertEquals(given.get(0).requestGeneric(), s.topology().vms().get(2).requestGeneric());
        assertTrue(mixed.label().startsWith("2 pCPUs (1 big + 1 little), 3 VMs of 1 vCPU"), mixed.label());
    }

    @Test
    void boundsAreChecked() throws SpecException {
        Topologies t = KvmEditsTest.load("v5.8-early-hyp-trap").topologies().orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> t.within(Map.of("cpus", 2)));
        assertThrows(IllegalArgumentException.class, () -> t.within(Map.of("pcpus", 0)));
        // Past the model's limits: left out, not an error.
        assertEquals(16, t.within(Map.of("pcpus", 40, "vms", 1, "vcpus", 1, "tasks", 0)).size());
    }
}
