package trapcheck.kvm;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import trapcheck.engine.Model;
import trapcheck.engine.Verdict;
import trapcheck.kvm.spec.Spec;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.Instrumentation;

/** A loaded KVM ptrauth spec as the CLI sees it. */
public final class KvmTarget implements CheckTarget {
    private final Spec spec;
    private final KvmModel model;
    private final StateView view;

    public KvmTarget(Spec spec) {
        this.spec = spec;
        this.model = new KvmModel(spec);
        this.view = new StateView(model);
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
    public KvmModel model() {
        return model;
    }

    @Override
    public Expectation expectation() {
        return spec.expect().violated() ? new Expectation(Verdict.VIOLATED, spec.expect().invariant())
                : new Expectation(Verdict.HOLDS, null);
    }

    @Override
    public Settings settings() {
        return new Settings(spec.check().symmetry(), spec.check().maxDepth());
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
    public Instrumentation instrumentation() {
        return new KvmInstrumentation(model);
    }

    @Override
    public String toString() {
        return "KvmTarget[" + spec.name() + ", " + model.stateBits() + " bits, " + Arrays.toString(new int[] {
            model.w.cpus, model.w.vcpus}) + "]";
    }
}
