package trapcheck.kvm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import trapcheck.engine.Verdict;
import trapcheck.kvm.spec.Spec;
import trapcheck.kvm.spec.StateSize;
import trapcheck.kvm.spec.Topology;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.Instrumentation;
import trapcheck.spi.SourceFile;

/** A loaded KVM ptrauth spec as the CLI sees it. */
public final class KvmTarget implements CheckTarget {
    private final Spec spec;
    private final KvmModel model;
    private final StateView view;
    private final StepStory story;

    public KvmTarget(Spec spec) {
        this.spec = spec;
        this.model = new KvmModel(spec);
        this.view = new StateView(model);
        this.story = new StepStory(model, spec.file());
    }

    public Spec spec() {
        return spec;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String description() {
        return spec.description();
    }

    @Override
    public Path file() {
        return spec.file();
    }

    @Override
    public String sourceHash() {
        return spec.sha256();
    }

    @Override
    public List<SourceFile> sources() {
        return spec.sources();
    }

    @Override
    public KvmModel model() {
        return model;
    }

    @Override
    public Expectation expectation() {
        return spec.expect().violated() ? new Expectation(Verdict.VIOLATED, spec.expect().invariant())
                : new Expectation(Verdict.HOLDS, null);
    }

    @Override
    public trapcheck.spi.SourceLocation expectLocation() {
        var pos = spec.expect().pos();
        return new trapcheck.spi.SourceLocation(pos.file() != null ? pos.file() : spec.file(), Math.max(0, pos.line()),
                Math.max(0, pos.column()));
    }

    @Override
    public Settings settings() {
        return new Settings(spec.check().symmetry(), spec.check().maxDepth(), spec.check().strict());
    }

    @Override
    public String describeAction(long[] before, int action) {
        return view.describe(before, action);
    }

    @Override
    public List<String> actorsOf(long[] before, int action) {
        return view.actors(before, action);
    }

    @Override
    public List<String> lanes() {
        return view.lanes();
    }

    @Override
    public Map<String, String> render(long[] state) {
        return view.render(state);
    }

    @Override
    public String explain(long[] before, int action, long[] after, String propertyId) {
        return view.explain(before, action, after, propertyId);
    }

    @Override
    public trapcheck.spi.StepDetail detail(long[] before, int action) {
        return story.detail(before, action);
    }

    @Override
    public trapcheck.spi.Evidence evidence(long[] before, int action, long[] after, String propertyId) {
        return story.evidence(before, action, after, propertyId);
    }

    @Override
    public Map<String, Map<String, Object>> structured(long[] state) {
        return story.structured(state);
    }

    /** {@code scaled(n, m)}: n pCPUs, m VMs. */
    @Override
    public List<String> scaleDimensions() {
        return SCALE_DIMENSIONS;
    }

    private static final List<String> SCALE_DIMENSIONS = List.of("pCPUs", "VMs");

    /**
     * The spec on n pCPUs and m VMs: pCPUs cpu0..cpu{n-1}, each with the first pCPU's features; VMs
     * vm0..vm{m-1}, each with the first VM's vCPUs and request; everything else (other tasks, in-kernel
     * ptrauth, guest, policy, check, expect, file and hash) unchanged; the name suffixed "@{n}x{m}".
     * A uniform topology, as the benchmark anchors' (the first pCPU is the boot CPU: with identical
     * pCPUs exposure is uniform).
     *
     * @throws IllegalArgumentException unless exactly two sizes, each at least 1, within the limits of
     *                                  {@link StateSize}
     */
    @Override
    public KvmTarget scaled(int... sizes) {
        if (sizes == null || sizes.length != 2) {
            throw new IllegalArgumentException("scaled takes 2 sizes (pCPUs, VMs), got "
                    + (sizes == null ? 0 : sizes.length));
        }
        int n = sizes[0];
        int m = sizes[1];
        if (n < 1 || m < 1) {
            throw new IllegalArgumentException("pCPUs and VMs must be at least 1, got " + n + "x" + m);
        }
        Topology t = spec.topology();
        Topology.Cpu cpu = t.cpus().get(0);
        Topology.Vm vm = t.vms().get(0);
        // Refuse absurd sizes before building lists of them; StateSize below gives the precise refusal.
        if (n > StateSize.MAX_CPUS || (long) m * vm.vcpus() > StateSize.MAX_VCPUS) {
            throw new IllegalArgumentException(spec.name() + "@" + n + "x" + m + ": " + n + " pCPUs x "
                    + ((long) m * vm.vcpus()) + " vCPUs (" + m + " VMs of " + vm.vcpus() + ") is past the limit of "
                    + StateSize.MAX_CPUS + " pCPUs and " + StateSize.MAX_VCPUS + " vCPUs");
        }
        List<Topology.Cpu> cpus = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            cpus.add(new Topology.Cpu("cpu" + i, cpu.address(), cpu.generic(), cpu.pos()));
        }
        List<Topology.Vm> vms = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            vms.add(new Topology.Vm("vm" + i, vm.vcpus(), vm.requestAddress(), vm.requestGeneric(), vm.pos()));
        }
        Spec s = new Spec(spec.file(), spec.sha256(), spec.name() + "@" + n + "x" + m, spec.description(),
                new Topology(t.inKernelPtrauth(), cpus, vms, t.otherTasks(), t.parkMismatched()), spec.guest(), spec.policy(),
                spec.check(), spec.expect(), spec.sources());
        String refusal = StateSize.refusal(s);
        if (refusal != null) {
            throw new IllegalArgumentException(s.name() + ": " + refusal);
        }
        return new KvmTarget(s);
    }

    /**
     * The spec with {@code check.invariants} set to {@code ids} (kept in catalogue order, as the loader
     * keeps them); everything else, the file and its hash included, unchanged.
     */
    @Override
    public java.util.Optional<CheckTarget> withProperties(List<String> ids) {
        List<String> known = model.properties().stream().map(trapcheck.engine.Property::id).toList();
        for (String id : ids) {
            if (!known.contains(id)) {
                throw new IllegalArgumentException(spec.name() + " does not check '" + id + "' (it checks "
                        + String.join(", ", known) + ")");
            }
        }
        List<String> ordered = known.stream().filter(ids::contains).toList();
        Spec s = new Spec(spec.file(), spec.sha256(), spec.name(), spec.description(), spec.topology(), spec.guest(),
                spec.policy(), new trapcheck.kvm.spec.CheckConfig(ordered, spec.check().symmetry(),
                spec.check().maxDepth()), spec.expect(), spec.sources());
        return java.util.Optional.of(new KvmTarget(s));
    }

    /** pCPUs of each kind, VMs, vCPUs per VM, other tasks ({@link KvmTopologies}). */
    @Override
    public java.util.Optional<trapcheck.spi.Topologies> topologies() {
        return java.util.Optional.of(new KvmTopologies(spec));
    }

    /** Every single-edit mutant of the policy ({@link trapcheck.kvm.spec.PolicyEdits#mutants}). */
    @Override
    public List<trapcheck.spi.Edit> mutants() {
        return KvmEdits.of(spec, model.policy, trapcheck.kvm.spec.PolicyEdits.mutants(spec), ".m");
    }

    /** The mutants and the moves a fix makes ({@link trapcheck.kvm.spec.PolicyEdits#repairs}). */
    @Override
    public List<trapcheck.spi.Edit> repairMoves() {
        return KvmEdits.of(spec, model.policy, trapcheck.kvm.spec.PolicyEdits.repairs(spec), ".r");
    }

    @Override
    public java.util.Optional<String> specText(String name, String description, Expectation expectation,
                                               List<String> comments) {
        return java.util.Optional.of(KvmEdits.specText(spec, name, description, expectation, comments));
    }

    @Override
    public List<String> warnings() {
        trapcheck.kvm.spec.SourcePos at = spec.check().apiApkListedAt();
        if (at == null || spec.policy().lazy()) {
            return List.of();
        }
        return List.of(new trapcheck.spi.SpecException(at.file() != null ? at.file() : spec.file(), at.line(),
                at.column(), at.path(), "warning: api-apk-cleared-on-load is checked only under a lazy policy; "
                + "policy.lazy is false, so it can never break here").getMessage());
    }

    @Override
    public java.util.Map<String, List<String>> resultFacts() {
        boolean[] parked = spec.topology().parked();
        List<String> names = new ArrayList<>();
        for (int p = 0; p < parked.length; p++) {
            if (parked[p]) {
                names.add(spec.topology().cpus().get(p).name());
            }
        }
        return names.isEmpty() ? java.util.Map.of() : java.util.Map.of("parked", names);
    }

    @Override
    public Instrumentation instrumentation() {
        return new KvmInstrumentation(model);
    }

    @Override
    public String toString() {
        return "KvmTarget[" + spec.name() + ", " + model.world.cpus + " pCPUs, " + model.world.vcpus + " vCPUs, "
                + model.stateBits() + "-bit states]";
    }
}
