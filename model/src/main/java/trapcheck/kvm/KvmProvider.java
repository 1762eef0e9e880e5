package trapcheck.kvm;

import java.nio.file.Files;
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

    /**
     * A spec's top level is a map with {@code spec:} (the format version every spec starts with); a
     * YAML or JSON file without it (a summary, a schema, a trace beside the specs) is not one. A file
     * that does not parse, or is past the size limit, is taken for a spec so that loading it says why.
     */
    @Override
    public boolean recognizes(Path file) {
        if (!accepts(file)) {
            return false;
        }
        try {
            if (Files.size(file) > SNIFF_LIMIT_BYTES) {
                return true;
            }
            com.fasterxml.jackson.databind.JsonNode root = SNIFFER.readTree(file.toFile());
            return root != null && root.isObject() && root.has("spec");
        } catch (java.io.IOException | RuntimeException unreadable) {
            return true;
        }
    }

    /** The loader's own size limit (1 MiB): past it, loading says so. */
    private static final long SNIFF_LIMIT_BYTES = 1 << 20;

    /** Reads YAML and JSON alike (JSON is YAML); only to look at the top level. */
    private static final com.fasterxml.jackson.databind.ObjectMapper SNIFFER =
            new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();

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
