package trapcheck.kvm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import trapcheck.kvm.spec.Expect;
import trapcheck.kvm.spec.PolicyEdit;
import trapcheck.kvm.spec.SourcePos;
import trapcheck.kvm.spec.Spec;
import trapcheck.kvm.spec.SpecWriter;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.Edit;

/**
 * The policy edits of {@link trapcheck.kvm.spec.PolicyEdits} as the SPI's {@link Edit}s of a target:
 * where each stands as {@code file:line}, the coverage points of the original policy it touches, and
 * the edited spec as a target of its own, named after the original with a numbered suffix.
 */
final class KvmEdits {
    private KvmEdits() {
    }

    /**
     * @param prefix of the edited targets' name suffixes: ".m" for mutants, ".r" for repair moves
     */
    static List<Edit> of(Spec spec, CompiledPolicy compiled, List<PolicyEdit> edits, String prefix) {
        List<Edit> out = new ArrayList<>(edits.size());
        for (int i = 0; i < edits.size(); i++) {
            PolicyEdit e = edits.get(i);
            Spec edited = new Spec(spec.file(), spec.sha256(), spec.name() + prefix + (i + 1), spec.description(),
                    spec.topology(), spec.guest(), e.policy(), spec.check(), spec.expect(), spec.sources());
            out.add(new Edit(e.operator(), where(spec.file(), e.at()), e.diff(), coveragePoints(compiled, e.touched()),
                    () -> new KvmTarget(edited)));
        }
        return out;
    }

    /** "specs/a.yaml:49", the base's file for an op a base gives, the file alone without a line. */
    static String where(Path specFile, SourcePos at) {
        Path file = at.file() != null ? at.file() : specFile;
        String f = file == null ? "<input>" : file.toString();
        return at.line() > 0 ? f + ":" + at.line() : f;
    }

    /** The names of the coverage points whose op or if stands at one of the paths, in coverage order. */
    private static List<String> coveragePoints(CompiledPolicy compiled, List<String> paths) {
        Set<String> wanted = new HashSet<>(paths);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < compiled.coveragePoints.length; i++) {
            if (wanted.contains(compiled.coveragePaths[i])) {
                out.add(compiled.coveragePoints[i]);
            }
        }
        return out;
    }

    /** The spec as a file of its own under a new name, description and expectation. */
    static String specText(Spec spec, String name, String description, CheckTarget.Expectation expectation,
                           List<String> comments) {
        boolean violated = expectation.verdict() == trapcheck.engine.Verdict.VIOLATED;
        Spec s = new Spec(spec.file(), spec.sha256(), name, description, spec.topology(), spec.guest(), spec.policy(),
                spec.check(), new Expect(violated, violated ? expectation.invariant() : null, SourcePos.NONE),
                spec.sources());
        return SpecWriter.write(s, comments);
    }
}
