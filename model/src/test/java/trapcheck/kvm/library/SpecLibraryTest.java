package trapcheck.kvm.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import trapcheck.engine.Explorer;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.engine.Verdict;
import trapcheck.kvm.KvmTarget;
import trapcheck.kvm.spec.SpecLoader;
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
    void everySpecGivesTheVerdictItExpects(Path file) throws SpecException {
        KvmTarget target = new KvmTarget(SpecLoader.load(file));
        Result r = Explorer.explore(target.model(), Options.defaults().withThreads(2)
                .withSymmetry(target.settings().symmetry()));
        KvmTarget.Expectation want = target.expectation();
        assertEquals(want.verdict(), r.verdict(), file + ": verdict");
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
