package trapcheck.kvm.spec;

import java.nio.file.Path;
import java.util.List;
import trapcheck.spi.SourceFile;

/**
 * A loaded and validated spec (format version 1, docs/spec-reference.md). Immutable.
 *
 * @param file        the file it was read from
 * @param sha256      hex SHA-256 of the file's bytes, or, for a spec that extends others, of the
 *                    list of its sources' hashes ({@link SpecLoader#combinedHash})
 * @param name        {@code name}
 * @param description {@code description}, "" if absent
 * @param topology    the machine
 * @param guest       what guests may do
 * @param policy      the trap policy
 * @param check       what to check
 * @param expect      what the author expects
 * @param sources     the spec's file, then each base it extends (nearest first), with their hashes
 */
public record Spec(Path file, String sha256, String name, String description, Topology topology, Guest guest,
                   Policy policy, CheckConfig check, Expect expect, List<SourceFile> sources) {
    public Spec {
        sources = List.copyOf(sources);
    }
}
