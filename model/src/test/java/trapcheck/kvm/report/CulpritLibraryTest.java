package trapcheck.kvm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import trapcheck.report.Counterexample;

/**
 * The culprit of every counterexample of the spec library is a step that wrote the offending value:
 * it names the field it wrote, that step's parts write that field, and the value it wrote there is
 * the one the evidence holds at the end (the value's way goes from the culprit to the evidence).
 */
class CulpritLibraryTest {

    static List<String> violatedSpecs() throws IOException {
        try (Stream<Path> files = Files.list(RealCounterexamples.SPECS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted()
                    .filter(CulpritLibraryTest::expectsViolation).toList();
        }
    }

    private static boolean expectsViolation(String name) {
        try {
            return Files.readString(RealCounterexamples.SPECS.resolve(name)).contains("verdict: violated");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violatedSpecs")
    void theCulpritWroteTheOffendingValue(String spec) throws Exception {
        Counterexample cx = RealCounterexamples.check(spec).counterexample();
        assertNotNull(cx, spec + " has a counterexample");
        Counterexample.Culprit c = cx.culprit();
        assertNotNull(c, spec + ": a culprit");
        Counterexample.Step step = cx.steps().get(c.step() - 1);
        if (c.field() == null) {
            // no field holds the violation (a feature the ID registers contradict): the breaking step itself
            assertEquals(cx.steps().size(), c.step(), spec);
            assertTrue(cx.violated().stream().filter(b -> b.id().equals(c.property())).allMatch(b -> b.evidence().isEmpty()),
                    spec);
            assertEquals(List.of(), c.flow(), spec);
            return;
        }
        assertTrue(step.effects().stream().anyMatch(e -> e.moves().stream().anyMatch(m -> m.to().equals(c.field()))),
                spec + ": step " + c.step() + " writes " + c.field() + ": " + step.effects());
        Counterexample.Hop last = c.flow().get(c.flow().size() - 1);
        String offending = cx.lastState().get(last.field());
        assertEquals(offending, step.state().get(c.field()), spec + ": step " + c.step() + " wrote the value "
                + last.field() + " holds at the end");
        assertTrue(cx.violated().stream().anyMatch(b -> b.evidence().contains(last.field())),
                spec + ": the way ends at the evidence");
        for (int i = 1; i < c.flow().size(); i++) {
            assertEquals(c.flow().get(i - 1).field(), c.flow().get(i).from(), spec + ": each hop copies the one before");
            assertTrue(c.flow().get(i - 1).step() <= c.flow().get(i).step(), spec + ": in order");
        }
    }

    /** The 5.2 race: vm0 on cpu1 saves its VMM's key into cpu0's host context; the harm shows at step 22. */
    @Test
    void theCulpritOfThe52RaceIsStep18AtItsSaveHostKeysOp() throws Exception {
        Counterexample cx = RealCounterexamples.check("v5.2-lazy-host-trap.yaml").counterexample();
        Counterexample.Culprit c = cx.culprit();
        assertEquals(22, cx.steps().size());
        assertEquals(18, c.step());
        assertEquals("cpu0.host_ctx.APIA", c.field());
        assertEquals("vm0's VMM", cx.steps().get(17).state().get("cpu0.host_ctx.APIA"));
        assertEquals(List.of(new Counterexample.Hop(9, "cpu1.APIA", null),
                new Counterexample.Hop(18, "cpu0.host_ctx.APIA", "cpu1.APIA"),
                new Counterexample.Hop(21, "cpu0.APIA", "cpu0.host_ctx.APIA")), c.flow());
        // the policy op it ran: save_host_keys in the trap handler, at its line and column in the spec
        List<String> lines = Files.readAllLines(RealCounterexamples.SPECS.resolve("v5.2-lazy-host-trap.yaml"));
        assertTrue(c.location().file().endsWith("v5.2-lazy-host-trap.yaml"), c.location().toString());
        String opLine = lines.get(c.location().line() - 1);
        assertTrue(opLine.substring(c.location().column() - 1).startsWith("save_host_keys"), opLine);
    }
}
