package trapcheck.kvm;

import java.nio.file.Path;
import java.util.Locale;
import trapcheck.kvm.spec.SpecLoader;
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
        return new KvmTarget(SpecLoader.load(file));
    }
}
