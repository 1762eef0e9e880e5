package trapcheck.kvm.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import trapcheck.kvm.spec.Spec;
import trapcheck.kvm.spec.SpecLoader;
import trapcheck.spi.SpecException;

/** The reference explorer and trapcheck agree on the library specs small enough for the reference. */
class ReferenceLibraryTest {
    static Stream<Path> specs() throws IOException {
        return Files.list(Path.of("..", "specs")).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void agreesOnTheLibrary(Path file) throws SpecException {
        Spec spec = SpecLoader.load(file);
        // The reference stores whole records: only specs of a few thousand states are for it (the
        // reduced count, cheap to get, first: the 2x2 specs have millions of states unreduced).
        Assumptions.assumeTrue(Trapcheck.check(spec, true, false).states() <= 3_000, "too big for the reference");
        Trapcheck.Answer tc = Trapcheck.check(spec, false, true);
        Assumptions.assumeTrue(tc.states() <= 15_000, "too big for the reference: " + tc.states() + " states");
        ReferenceExplorer.Outcome ref = ReferenceExplorer.explore(spec, 30_000);
        String why = ref.trace().toString();
        assertEquals(tc.violated(), ref.violated(), "verdict; reference trace " + why);
        assertEquals(tc.length(), ref.length(), "length; reference trace " + why);
        if (!ref.violated()) {
            assertEquals(tc.states(), ref.states(), "states without symmetry");
            assertEquals(tc.neverEntered(), ref.neverEntered(), "vacuity");
        }
    }
}
