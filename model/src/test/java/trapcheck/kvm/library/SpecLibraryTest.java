package trapcheck.kvm.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import trapcheck.engine.Explorer;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.engine.Verdict;
import trapcheck.kvm.KvmTarget;
import trapcheck.kvm.spec.SpecLoader;
import trapcheck.spi.SourceFile;
import trapcheck.spi.SpecException;

/**
 * The spec folder is the regression corpus: every spec states its expected verdict, and this test
 * checks each one with the engine (Rumur's tests/*.m carry their outcome the same way).
 */
class SpecLibraryTest {
    static final Path SPECS = Path.of("..", "specs");

    static List<Path> specFiles() throws IOException {
        try (Stream<Path> files = Files.list(SPECS)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specFiles")
    void everySpecGivesTheVerdictItExpects(Path file) throws SpecException, IOException {
        KvmTarget target = new KvmTarget(SpecLoader.load(file));
        Result r = Explorer.explore(target.model(), Options.defaults().withThreads(2)
                .withSymmetry(target.settings().symmetry()));
        KvmTarget.Expectation want = target.expectation();
        assertEquals(want.verdict(), r.verdict(), file + ": verdict");
        if (r.verdict() == Verdict.HOLDS) {
            List<String> unreached = target.instrumentation().unreachedGoals(r.stats().actionFires());
            assertTrue(unreached.isEmpty() || Files.readString(file).contains("Vacuous on purpose"),
                    file + " holds vacuously (" + unreached + ") without saying why in its comment");
        }
        if (want.verdict() == Verdict.VIOLATED) {
            List<String> broken = new ArrayList<>();
            for (int b = 0; b < target.model().properties().size(); b++) {
                if ((r.violations() & (1L << b)) != 0) {
                    broken.add(target.model().properties().get(b).id());
                }
            }
            assertTrue(broken.contains(want.invariant()), file + ": broke " + broken + ", expected " + want.invariant());
        }
    }

    /**
     * Each broken variant extends a history spec and writes only its difference; loading it gives what
     * the self-contained file it replaced gave. Pinned from that file, on one thread: distinct and
     * generated states and the counterexample's actions, step by step. Re-derived for semantics
     * revision 2 (trap-makes-progress in the default set: its history bits split states after a
     * trap; every counterexample kept its steps); the two livelock variants are new. Then tokens
     * that carry the algorithm: broken-address-alg-boot-cpu (QARMA5 and IMPDEF pCPUs) tracks its
     * signed pointers (27 to 31 states, same counterexample).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "broken-address-alg-boot-cpu, v5.8-early-hyp-trap, 31, 88, 1 3 4 6 9 9",
        "broken-address-without-generic, v5.8-early-hyp-trap, 25, 88, 0 3 4 6 9 14",
        "broken-exit-ops-reordered, v5.8-early-hyp-trap, 134, 591, 3 6 7 9 12 10 9 12",
        "broken-generic-exposed-any-cpu, v5.8-early-hyp-trap, 15, 44, 1 3 4 6 14",
        "broken-hyp-fixup-moved-to-host, v5.8-early-hyp-trap, 3240, 10414, 3 6 7 9 12 11 5 4 11 11 11 11 9 10 8",
        "broken-hyp-fixup-no-hcr-write, v5.8-early-hyp-trap, 26, 86, 3 6 7 9 12",
        "broken-id-field-visible, v5.8-early-hyp-trap, 7, 25, 0 3 4 6 9",
        "broken-init-error-swallowed, v5.8-early-hyp-trap, 11, 20, 0 3 4 6",
        "broken-key-access-trap-unhandled, v5.2-lazy-host-trap-1cpu, 17, 30, 0 2 3 5 10 7",
        "broken-load-keeps-trap-bits, v5.8-early-hyp-trap, 120, 565, 3 6 7 9 12 10 5 3",
        "broken-no-save-guest-keys, v5.8-early-hyp-trap, 205, 961, 3 6 7 9 12 16 10 9 12",
        "broken-restore-forgets-apga, v5.8-early-hyp-trap, 45, 158, 3 6 7 9 12 17",
        "broken-save-host-forgets-apga, v5.7-stable-fix, 368, 1243, 3 6 7 9 12 11 9 10 8",
        "broken-hyp-fixup-livelock, v5.8-early-hyp-trap, 40, 158, 3 6 7 9 12 12",
        "broken-stable-fix-livelock, v5.7-stable-fix, 93, 327, 3 6 7 9 12 9 12",
        "broken-preempted-hcr-test, v5.7-stable-fix, 726, 2232, 3 6 7 9 12 11 5 3 11 11",
        "broken-signed-pointer-across-algorithms, v5.8-early-hyp-trap, 334, 1620, 0 3 4 6 9 9 7 2 1 6 9 10",
    })
    void aBrokenVariantExtendsItsBaseAndExploresAsTheFileItReplaced(String name, String base, long distinct,
                                                                      long generated, String actions)
            throws SpecException {
        KvmTarget target = new KvmTarget(SpecLoader.load(SPECS.resolve(name + ".yaml")));
        assertEquals(List.of(SPECS.resolve(name + ".yaml"), SPECS.resolve(base + ".yaml")),
                target.sources().stream().map(SourceFile::file).toList());
        Result r = Explorer.explore(target.model(), Options.defaults().withThreads(1)
                .withSymmetry(target.settings().symmetry()));
        assertEquals(Verdict.VIOLATED, r.verdict());
        assertEquals(distinct, r.stats().distinct(), "distinct states");
        assertEquals(generated, r.stats().generated(), "generated states");
        assertEquals(actions, r.trace().steps().stream().map(s -> Integer.toString(s.action()))
                .collect(Collectors.joining(" ")), "the counterexample's actions");
    }

    @Test
    void everyBrokenVariantIsOneOfThosePinned() throws IOException {
        long broken = specFiles().stream().filter(p -> p.getFileName().toString().startsWith("broken-")).count();
        assertEquals(17, broken, "a new broken variant: add it to the pins above");
    }

    @Test
    void theLibraryCoversTheHistoryAndTenWaysToGoWrong() throws IOException {
        List<Path> files = specFiles();
        long broken = files.stream().filter(p -> p.getFileName().toString().startsWith("broken-")).count();
        assertTrue(broken >= 10, "at least ten broken variants, found " + broken);
        for (String era : List.of("v5.2-", "v5.7-", "v5.8-", "v5.9-", "v6.10-")) {
            long n = files.stream().filter(p -> p.getFileName().toString().startsWith(era)).count();
            assertTrue(n >= 2, era + " on at least two topologies, found " + n);
        }
    }
}
