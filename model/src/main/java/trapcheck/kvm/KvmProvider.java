package trapcheck.kvm;

import java.nio.file.Path;
import java.util.Locale;
import trapcheck.kvm.spec.SourcePos;
import trapcheck.kvm.spec.Spec;
import trapcheck.kvm.spec.SpecLoader;
import trapcheck.kvm.spec.StateSize;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.ModelProvider;
import trapcheck.spi.SpecException;

/** Registers the KVM/arm64 ptrauth world with the CLI (META-INF/services). */
public final class KvmProvider implements ModelProvider {
    @Override
    public String name() {
        return "kvm-arm64-ptrauth (spec format 1)";
    }

    @Override
    public boolean accepts(Path file) {
        String n = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
    }

    @Override
    public CheckTarget load(Path file) throws SpecException {
        Spec spec = SpecLoader.load(file);
        KvmTarget target = new KvmTarget(spec);
        // The loader refuses topologies past the limit from an estimate made before the policy is
        // compiled; the real layout (handler positions included) is checked here.
        int bits = target.model().stateBits();
        if (bits > StateSize.MAX_BITS) {
            SourcePos at = spec.topology().cpus().get(0).pos();
            throw new SpecException(at.file() == null ? file : at.file(), at.line(), 0, "topology",
                    "this topology and policy need a " + bits + "-bit state vector; the limit is " + StateSize.MAX_BITS
                            + " bits");
        }
        return target;
    }
}
