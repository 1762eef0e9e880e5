package trapcheck.kvm.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code topology:} — the pCPUs, the VMs and the other host tasks. The state-size limits are checked
 * from the counts before any {@code count:} is expanded, so "count: 1000000" costs nothing.
 */
final class TopologyReader {
    static final Map<String, Algorithm> ALGORITHMS = Values.vocabulary(Algorithm.values(), Algorithm::word);
    static final Map<String, AuthClass> CLASSES = Values.vocabulary(AuthClass.values(), AuthClass::word);
    /*
     * Names appear in counterexamples ("vcpu_load vm0.vcpu1 on cpu1"), so they are identifiers: a
     * letter first, then letters, digits, '_' or '-'. No '.', which separates a VM from its vCPU.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    static final List<String> FIELDS = List.of("in_kernel_ptrauth", "mismatched_secondaries", "cpus", "vms",
            "other_tasks");
    static final Map<String, Boolean> MISMATCHED = new java.util.LinkedHashMap<>();

    static {
        MISMATCHED.put("run", false);
        MISMATCHED.put("park", true);
    }
    static final List<String> CPU_FIELDS = List.of("name", "address", "generic", "count");
    static final List<String> VM_FIELDS = List.of("name", "vcpus", "request");

    private TopologyReader() {
    }

    static Topology read(YamlNode node, String path, Guest guest) {
        MapFields f = new MapFields(node, path, "a map of topology fields (" + String.join(", ", FIELDS) + ")", FIELDS);
        boolean inKernel = f.bool("in_kernel_ptrauth", false);
        int otherTasks = f.integer("other_tasks", 0, 0, Values.ABSURD);
        boolean park = f.has("mismatched_secondaries") && Values.word(f.get("mismatched_secondaries"),
                f.pathOf("mismatched_secondaries"), "mode", MISMATCHED);

        String cpusPath = f.pathOf("cpus");
        YamlNode cpusNode = f.required("cpus", "a list of pCPUs, the boot CPU first");
        List<YamlNode> cpuItems = Values.list(cpusNode, cpusPath, "pCPUs");
        if (cpuItems.isEmpty()) {
            throw SpecError.at(cpusNode, cpusPath, "expected at least one pCPU, found an empty list");
        }
        List<CpuEntry> cpuEntries = new ArrayList<>();
        long cpuCount = 0;
        for (int i = 0; i < cpuItems.size(); i++) {
            CpuEntry e = cpu(cpuItems.get(i), Paths.index(cpusPath, i));
            cpuEntries.add(e);
            cpuCount += e.count;
        }

        String vmsPath = f.pathOf("vms");
        // A topology without a VM has nothing to check: required and non-empty.
        YamlNode vmsNode = f.required("vms", "a list of VMs");
        List<YamlNode> vmItems = Values.list(vmsNode, vmsPath, "VMs");
        if (vmItems.isEmpty()) {
            throw SpecError.at(vmsNode, vmsPath, "expected at least one VM (a topology without one checks nothing), found an empty list");
        }
        List<Topology.Vm> vms = new ArrayList<>();
        long vcpuCount = 0;
        for (int i = 0; i < vmItems.size(); i++) {
            Topology.Vm vm = vm(vmItems.get(i), Paths.index(vmsPath, i));
            vms.add(vm);
            vcpuCount += vm.vcpus();
        }

        long bits = StateSize.bits(cpuCount, vcpuCount, otherTasks, vms.size(), guest.keys().size(),
                guest.keyVersions(), guest.signedPointers());
        if (!StateSize.fits(cpuCount, vcpuCount, otherTasks, bits)) {
            String refusal = StateSize.refusal(cpuCount, vcpuCount, otherTasks, bits);
            if (cpuCount > StateSize.MAX_CPUS || (vcpuCount <= StateSize.MAX_VCPUS && otherTasks <= StateSize.MAX_OTHER_TASKS)) {
                throw SpecError.at(cpusNode, cpusPath, refusal);
            }
            if (vcpuCount > StateSize.MAX_VCPUS) {
                throw SpecError.at(vmsNode, vmsPath, refusal);
            }
            throw SpecError.at(f.get("other_tasks"), f.pathOf("other_tasks"), refusal);
        }

        List<Topology.Cpu> cpus = new ArrayList<>();
        Map<String, String> owners = new HashMap<>();
        for (CpuEntry e : cpuEntries) {
            for (int k = 0; k < e.count; k++) {
                String name = e.counted ? e.name + k : e.name;
                claim(owners, name, e.pos.path() + (e.counted ? " (count " + e.count + ")" : ""), e.node, e.pos.path());
                cpus.add(new Topology.Cpu(name, e.address, e.generic, e.pos));
            }
        }
        for (int i = 0; i < vms.size(); i++) {
            Topology.Vm vm = vms.get(i);
            claim(owners, vm.name(), vm.pos().path(), vmItems.get(i), vm.pos().path());
        }
        return new Topology(inKernel, cpus, vms, otherTasks, park);
    }

    /** Records that {@code owner} uses {@code name}; a second owner is an error naming both. */
    private static void claim(Map<String, String> owners, String name, String owner, YamlNode node, String path) {
        String first = owners.putIfAbsent(name, owner);
        if (first != null) {
            throw SpecError.at(node, path, "duplicate name " + Quote.value(name) + ": " + owner
                    + " names it, and so does " + first + "; names of pCPUs and VMs must be unique");
        }
    }

    /** One {@code cpus} entry before expansion. */
    private record CpuEntry(String name, Algorithm address, Algorithm generic, int count, boolean counted,
                            YamlNode node, SourcePos pos) {
    }

    private static CpuEntry cpu(YamlNode node, String path) {
        MapFields f = new MapFields(node, path, "a pCPU, a map such as { name: cpu0, address: qarma5, generic: qarma5 }",
                CPU_FIELDS);
        String name = name(f, "a pCPU name");
        // address and generic are required, with no default of 'none': a pCPU whose ptrauth was
        // forgotten would silently make every heterogeneous-system check vacuous.
        Algorithm address = Values.word(f.required("address", "the address-auth algorithm: none, qarma5, qarma3 or impdef"),
                f.pathOf("address"), "algorithm", ALGORITHMS);
        Algorithm generic = Values.word(f.required("generic", "the generic-auth algorithm: none, qarma5, qarma3 or impdef"),
                f.pathOf("generic"), "algorithm", ALGORITHMS);
        int count = f.integer("count", 1, 1, Values.ABSURD);
        return new CpuEntry(name, address, generic, count, f.has("count"), node, f.pos());
    }

    private static Topology.Vm vm(YamlNode node, String path) {
        MapFields f = new MapFields(node, path, "a VM, a map such as { name: vm0, vcpus: 1, request: [address, generic] }",
                VM_FIELDS);
        String name = name(f, "a VM name");
        int vcpus = Values.integer(f.required("vcpus", "the number of vCPUs, at least 1"), f.pathOf("vcpus"), 1, Values.ABSURD);
        List<AuthClass> request = f.has("request")
                ? Values.words(f.get("request"), f.pathOf("request"), "ptrauth class", CLASSES, false)
                : List.of();
        return new Topology.Vm(name, vcpus, request.contains(AuthClass.ADDRESS), request.contains(AuthClass.GENERIC), f.pos());
    }

    private static String name(MapFields f, String what) {
        YamlNode node = f.required("name", what);
        String name = Values.string(node, f.pathOf("name"));
        if (!NAME.matcher(name).matches()) {
            throw SpecError.at(node, f.pathOf("name"), "expected " + what
                    + " (a letter, then up to 63 letters, digits, '_' or '-'), found " + Quote.value(name));
        }
        return name;
    }
}
