package trapcheck.kvm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import trapcheck.kvm.spec.Spec;
import trapcheck.kvm.spec.StateSize;
import trapcheck.kvm.spec.Topology;
import trapcheck.spi.Topologies;

/**
 * The machines of {@code trapcheck sweep} for a KVM spec (docs/review.md, "sweep"): a number of pCPUs
 * of each kind the spec has (a kind: the pair of algorithms a pCPU implements), of VMs, of vCPUs per
 * VM and of other tasks. The kinds keep the order in which the spec first lists them, so the boot CPU
 * is of the spec's boot kind whenever there is one. VM i has the configuration of the spec's VM i
 * (modulo their number: the list repeats) with the number of vCPUs swept. Everything else (policy,
 * guest, check) is the spec's own.
 */
final class KvmTopologies implements Topologies {
    static final String PCPUS = "pcpus";
    static final String VMS = "vms";
    static final String VCPUS = "vcpus";
    static final String TASKS = "tasks";

    private final Spec spec;
    /** One pCPU of each kind, in first-listed order. */
    private final List<Topology.Cpu> kinds = new ArrayList<>();

    KvmTopologies(Spec spec) {
        this.spec = spec;
        for (Topology.Cpu c : spec.topology().cpus()) {
            if (kinds.stream().noneMatch(k -> k.address() == c.address() && k.generic() == c.generic())) {
                kinds.add(c);
            }
        }
    }

    @Override
    public List<Bound> bounds() {
        return List.of(
                new Bound(PCPUS, "pCPUs in all" + (kinds.size() > 1 ? ", of the " + kinds.size() + " kinds mixed" : ""),
                        1, 3),
                new Bound(VMS, "VMs", 1, 2),
                new Bound(VCPUS, "vCPUs per VM", 1, 2),
                new Bound(TASKS, "other tasks", 0, 1));
    }

    @Override
    public List<String> axes() {
        List<String> out = new ArrayList<>();
        if (kinds.size() == 1) {
            out.add("pCPUs");
        } else {
            kinds.forEach(k -> out.add(kindName(k) + " pCPUs (" + k.address().word() + "/" + k.generic().word() + ")"));
        }
        out.addAll(List.of("VMs", "vCPUs per VM", "other tasks"));
        return out;
    }

    /** "big" for big0, "cpu" for cpu1: the pCPU's name without its number. */
    private static String kindName(Topology.Cpu c) {
        String n = c.name().replaceAll("[0-9]+$", "");
        return n.isEmpty() ? c.name() : n;
    }

    @Override
    public List<Point> within(Map<String, Integer> max) {
        Map<String, Integer> bound = new LinkedHashMap<>();
        for (Bound b : bounds()) {
            bound.put(b.name(), b.defaultMax());
        }
        for (Map.Entry<String, Integer> e : max.entrySet()) {
            Bound b = bounds().stream().filter(x -> x.name().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown bound '" + e.getKey() + "' (the bounds are "
                            + String.join(", ", bounds().stream().map(Bound::name).toList()) + ")"));
            if (e.getValue() < b.min()) {
                throw new IllegalArgumentException(b.name() + " must be at least " + b.min() + ", got " + e.getValue());
            }
            bound.put(b.name(), e.getValue());
        }
        List<Point> out = new ArrayList<>();
        for (int[] mix : mixes(kinds.size(), Math.min(bound.get(PCPUS), StateSize.MAX_CPUS))) {
            for (int vms = 1; vms <= Math.min(bound.get(VMS), StateSize.MAX_VCPUS); vms++) {
                for (int vcpus = 1; vcpus <= bound.get(VCPUS) && vms * vcpus <= StateSize.MAX_VCPUS; vcpus++) {
                    for (int tasks = 0; tasks <= Math.min(bound.get(TASKS), StateSize.MAX_OTHER_TASKS); tasks++) {
                        Spec s = at(mix, vms, vcpus, tasks);
                        if (StateSize.refusal(s) == null) {
                            out.add(point(s, mix, vms, vcpus, tasks));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Every count per kind with 1 to {@code total} pCPUs in all. */
    private static List<int[]> mixes(int kinds, int total) {
        List<int[]> out = new ArrayList<>();
        mixes(new int[kinds], 0, total, out);
        out.removeIf(m -> java.util.Arrays.stream(m).sum() == 0);
        return out;
    }

    private static void mixes(int[] m, int k, int left, List<int[]> out) {
        if (k == m.length) {
            out.add(m.clone());
            return;
        }
        for (int c = 0; c <= left; c++) {
            m[k] = c;
            mixes(m, k + 1, left - c, out);
        }
        m[k] = 0;
    }

    private Point point(Spec s, int[] mix, int vms, int vcpus, int tasks) {
        List<Integer> coords = new ArrayList<>();
        for (int c : mix) {
            coords.add(c);
        }
        coords.addAll(List.of(vms, vcpus, tasks));
        int cpus = java.util.Arrays.stream(mix).sum();
        StringBuilder label = new StringBuilder();
        if (kinds.size() == 1) {
            label.append(plural(cpus, "pCPU"));
        } else {
            List<String> parts = new ArrayList<>();
            for (int k = 0; k < mix.length; k++) {
                if (mix[k] > 0) {
                    parts.add(mix[k] + " " + kindName(kinds.get(k)));
                }
            }
            label.append(plural(cpus, "pCPU")).append(" (").append(String.join(" + ", parts)).append(')');
        }
        label.append(", ").append(plural(vms, "VM")).append(" of ").append(plural(vcpus, "vCPU")).append(", ")
                .append(tasks).append(tasks == 1 ? " other task" : " other tasks");
        return new Point(coords, label.toString(), cpus + vms * vcpus + tasks, StateSize.bits(s), () -> new KvmTarget(s));
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** The spec on the machine with these counts; named "NAME@" and the counts ("v5.2@2c-2x1v-0t"). */
    Spec at(int[] mix, int vms, int vcpus, int tasks) {
        List<Topology.Cpu> cpus = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int k = 0; k < mix.length; k++) {
            Topology.Cpu kind = kinds.get(k);
            for (int i = 0; i < mix[k]; i++) {
                String name = unique(kinds.size() == 1 ? "cpu" + cpus.size() : kindName(kind) + i, names);
                cpus.add(new Topology.Cpu(name, kind.address(), kind.generic(), kind.pos()));
            }
        }
        List<Topology.Vm> given = spec.topology().vms();
        List<Topology.Vm> out = new ArrayList<>();
        for (int i = 0; i < vms; i++) {
            Topology.Vm vm = given.get(i % given.size());
            String name = unique(i < given.size() ? vm.name() : vm.name() + "_" + (i / given.size()), names);
            out.add(new Topology.Vm(name, vcpus, vm.requestAddress(), vm.requestGeneric(), vm.pos()));
        }
        String counts = String.join("+", java.util.Arrays.stream(mix).mapToObj(Integer::toString).toList()) + "c-" + vms
                + "x" + vcpus + "v-" + tasks + "t";
        Topology t = spec.topology();
        return new Spec(spec.file(), spec.sha256(), spec.name() + "@" + counts, spec.description(),
                new Topology(t.inKernelPtrauth(), cpus, out, tasks, t.parkMismatched()), spec.guest(), spec.policy(), spec.check(),
                spec.expect(), spec.sources());
    }

    private static String unique(String name, Set<String> used) {
        String n = name;
        for (int i = 2; !used.add(n); i++) {
            n = name + "_" + i;
        }
        return n;
    }
}
