package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import trapcheck.engine.Model;
import trapcheck.kvm.spec.SpecLoader;

/**
 * The canonicaliser's fast paths (isolation computed only for a tie, a lone renaming written
 * straight out) give exactly the representative of the plain search, on the states the engine
 * canonicalises: successors of reachable states.
 */
class CanonicalFastPathTest {
    /** Random small specs, with interchangeable keys too (the key-column path). */
    @Provide
    Arbitrary<String> specs() {
        Arbitrary<String> keyed = Combinators.combine(
                Arbitraries.of(TestSpecs.TWO_BY_TWO, TestSpecs.TWO_BY_TWO.replace("count: 2", "count: 3"),
                        TestSpecs.TWO_BY_TWO.replace("vcpus: 1", "vcpus: 2").replace("other_tasks: 1", "other_tasks: 2")),
                Arbitraries.of("[APIA, APIB]", "[APIA, APIB, APDA, APGA]"),
                Arbitraries.of(TestSpecs.HOOKS_52, TestSpecs.HOOKS_58)).as(TestSpecs::spec);
        return Arbitraries.oneOf(new ModelPropertiesTest().specs(), keyed);
    }

    @Property(tries = 80)
    void fastPathsGiveThePlainSearchsRepresentative(@ForAll("specs") String spec, @ForAll long seed) {
        assertSameRepresentatives(TestSpecs.model(spec), seed, 40);
    }

    /** The bench family where the engine spends its time: more pCPUs and VMs than random specs draw. */
    @ParameterizedTest
    @CsvSource({"../bench/anchors/mainline.yaml, 4, 3", "../bench/anchors/mainline.yaml, 3, 4",
        "../specs/v5.2-lazy-host-trap.yaml, 3, 2", "../specs/v5.8-early-hyp-trap.yaml, 3, 2"})
    void fastPathsGiveThePlainSearchsRepresentativeOnTheBenchFamily(String spec, int cpus, int vms) throws Exception {
        KvmModel m = new KvmTarget(SpecLoader.load(Path.of(spec))).scaled(cpus, vms).model();
        for (long seed = 1; seed <= 5; seed++) {
            assertSameRepresentatives(m, seed, 200);
        }
    }

    private static void assertSameRepresentatives(KvmModel m, long seed, int steps) {
        Canonicalizer fast = m.newCanonicalizer();
        Canonicalizer plain = new Canonicalizer(m.world, m.layout, m.keySymmetry, false);
        Model.Worker worker = m.newWorker();
        long[] a = new long[m.layout.words];
        long[] b = new long[m.layout.words];
        for (long[] s : ModelPropertiesTest.walk(m, seed, steps)) {
            List<long[]> states = new ArrayList<>();
            states.add(s);
            worker.successors(s, (action, n, v) -> states.add(n.clone()));
            for (long[] t : states) {
                fast.canonicalize(t, a);
                plain.canonicalize(t, b);
                assertArrayEquals(b, a, () -> "state " + Arrays.toString(t));
            }
        }
    }
}
