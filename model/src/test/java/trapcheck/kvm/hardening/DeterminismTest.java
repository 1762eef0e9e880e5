package trapcheck.kvm.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import trapcheck.engine.Explorer;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.engine.Trace;
import trapcheck.kvm.KvmTarget;
import trapcheck.kvm.spec.SpecLoader;

/**
 * The same spec gives the same verdict, distinct-state count and counterexample for 1, 2 and 4
 * threads, in fingerprint and exact mode, run after run.
 */
class DeterminismTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v5.2-lazy-host-trap.yaml", "v5.7-stable-fix.yaml", "broken-hyp-fixup-moved-to-host.yaml",
        "broken-save-host-forgets-apga.yaml"})
    void verdictCountAndTraceAgreeAcrossThreadsModesAndRuns(String name) throws Exception {
        KvmTarget target = new KvmTarget(SpecLoader.load(Path.of("..", "specs", name)));
        String reference = null;
        for (boolean exact : new boolean[] {false, true}) {
            for (int threads : new int[] {1, 2, 4, 2}) {
                Result r = Explorer.explore(target.model(), Options.defaults().withThreads(threads).withExact(exact));
                String outcome = describe(target, r);
                if (reference == null) {
                    reference = outcome;
                }
                assertEquals(reference, outcome, name + " with " + threads + " threads, exact=" + exact);
            }
        }
    }

    /** Verdict, counts and the whole trace as text: equal outcomes give equal strings. */
    private static String describe(KvmTarget target, Result r) {
        List<String> steps = new ArrayList<>();
        Trace t = r.trace();
        if (t != null) {
            long[] before = t.initial();
            for (Trace.Step s : t.steps()) {
                steps.add(target.describeAction(before, s.action()) + " => " + target.render(s.state()));
                before = s.state();
            }
        }
        return r.verdict() + " " + Long.toHexString(r.violations()) + " distinct=" + r.stats().distinct()
                + " generated=" + r.stats().generated() + " depth=" + r.stats().depth() + "\n" + String.join("\n", steps);
    }
}
