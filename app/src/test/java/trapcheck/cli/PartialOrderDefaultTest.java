package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trapcheck.engine.Explorer;
import trapcheck.engine.Model;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.engine.Verdict;
import trapcheck.kvm.KvmProvider;
import trapcheck.spi.CheckTarget;

/**
 * Partial-order reduction is the default of a breadth-first check: on the whole library it gives the
 * verdicts, shortest counterexamples, never-fired actions and vacuity of a full search (--no-por), and
 * every output says when a count is of the reduced state space.
 */
class PartialOrderDefaultTest {
    @TempDir
    static Path dir;
    private static Cli.Run reduced;
    private static Cli.Run full;
    private static Map<String, JsonNode> reducedResults;
    private static Map<String, JsonNode> fullResults;

    @BeforeAll
    static void checkTheLibraryBothWays() throws Exception {
        reduced = Kvm.run("check", Kvm.SPECS.toString(), "--threads", "2", "--out", dir.resolve("por").toString(),
                "--summary", dir.resolve("por.json").toString(), "--junit", dir.resolve("por.xml").toString(),
                "--sarif", dir.resolve("por.sarif").toString());
        full = Kvm.run("check", Kvm.SPECS.toString(), "--threads", "2", "--no-por", "--out",
                dir.resolve("full").toString(), "--summary", dir.resolve("full.json").toString(), "--junit",
                dir.resolve("full.xml").toString(), "--sarif", dir.resolve("full.sarif").toString());
        assertEquals(0, reduced.exit(), reduced.err());
        assertEquals(0, full.exit(), full.err());
        reducedResults = results(dir.resolve("por.json"));
        fullResults = results(dir.resolve("full.json"));
    }

    private static Map<String, JsonNode> results(Path summary) throws Exception {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        new ObjectMapper().readTree(summary.toFile()).get("results").forEach(r -> out.put(r.get("spec").asText(), r));
        return out;
    }

    private static int steps(JsonNode result) throws Exception {
        return new ObjectMapper().readTree(Path.of(result.get("trace").asText()).toFile()).get("steps").size();
    }

    @Test
    void verdictsShortestCounterexamplesNeverFiredAndVacuityAreAFullSearchs() throws Exception {
        assertEquals(fullResults.keySet(), reducedResults.keySet());
        int violated = 0;
        for (String spec : fullResults.keySet()) {
            JsonNode f = fullResults.get(spec);
            JsonNode r = reducedResults.get(spec);
            for (String field : List.of("verdict", "invariants", "status", "actionsNeverFired", "vacuous")) {
                assertEquals(f.get(field), r.get(field), spec + ": " + field);
            }
            if (f.get("verdict").asText().equals("violated")) {
                violated++;
                // searched again in full for the shortest counterexample: that search's trace and counts
                assertEquals(steps(f), steps(r), spec + ": counterexample length");
                assertEquals(f.get("states"), r.get("states"), spec);
                assertEquals(f.get("depth"), r.get("depth"), spec);
                assertFalse(r.path("partialOrder").asBoolean(), spec + ": its counts are the full search's");
            }
            assertFalse(f.path("partialOrder").asBoolean(), spec + " with --no-por");
        }
        assertTrue(violated >= 15, "the broken specs of the library: " + violated);
    }

    @Test
    void aReducedHoldSaysItsCountsAreOfTheReducedStateSpace() throws Exception {
        JsonNode r = reducedResults.get("v5.7-stable-fix");
        JsonNode f = fullResults.get("v5.7-stable-fix");
        assertTrue(r.path("partialOrder").asBoolean());
        assertTrue(r.get("states").asLong() < f.get("states").asLong(), r + " against " + f);
        long reducedSpecs = reducedResults.values().stream().filter(x -> x.path("partialOrder").asBoolean()).count();
        assertTrue(reduced.out().contains("partial-order reduction: the state counts of " + reducedSpecs + " of "
                + reducedResults.size() + " specs are of the reduced state space"), reduced.out());
        assertFalse(full.out().contains("partial-order reduction"), full.out());
        String junit = Files.readString(dir.resolve("por.xml"));
        assertEquals(reducedSpecs, junit.split("<property name=\"partialOrder\" value=\"true\"", -1).length - 1L, junit);
        assertFalse(Files.readString(dir.resolve("full.xml")).contains("partialOrder"));
        JsonNode sarif = new ObjectMapper().readTree(dir.resolve("por.sarif").toFile()).get("runs").get(0);
        assertTrue(sarif.get("properties").path("partialOrder").asBoolean(), sarif.toString());
        assertFalse(new ObjectMapper().readTree(dir.resolve("full.sarif").toFile()).get("runs").get(0).has("properties"));
    }

    @Test
    void aHoldOnOnePcpuTakesNoAmpleSetAndKeepsTheFullCountsUnlabelled() {
        // one pCPU: the running thread's steps are every enabled step, so there is nothing to reduce
        int onePcpu = 0;
        for (String spec : fullResults.keySet()) {
            if (!spec.endsWith("-1cpu") || !fullResults.get(spec).get("verdict").asText().equals("holds")) {
                continue;
            }
            onePcpu++;
            JsonNode r = reducedResults.get(spec);
            assertEquals(fullResults.get(spec).get("states"), r.get("states"), spec);
            assertEquals(fullResults.get(spec).get("transitions"), r.get("transitions"), spec);
            assertFalse(r.path("partialOrder").asBoolean(), spec + ": a full search's counts, not labelled reduced");
        }
        assertTrue(onePcpu >= 1, "the library's holding one-pCPU specs: " + onePcpu);
    }

    @Test
    void anExplicitPorWhereItCannotApplyIsAUsageError() {
        Path spec = Kvm.SPECS.resolve("v6.10-eager.yaml");
        for (String[] args : List.of(
                new String[] {"check", spec.toString(), "--por", "--strategy", "dfs"},
                new String[] {"check", spec.toString(), "--por", "--max-depth", "5"},
                new String[] {"check", spec.toString(), "--por", "--checkpoint", dir.resolve("cp").toString()},
                new String[] {"check", spec.toString(), "--por", "--resume", dir.resolve("cp").toString()},
                new String[] {"watch", spec.toString(), "--por", "--strategy", "dfs"})) {
            Cli.Run r = Kvm.run(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().lines().findFirst().orElse("").contains("--por: partial-order reduction applies to "
                    + "breadth-first search"), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }

    @Test
    void withoutTheFlagDepthFirstAndCheckpointedSearchesRunInFullAndSaySo() throws Exception {
        Path spec = Kvm.SPECS.resolve("v6.10-eager.yaml");
        long fullStates = fullResults.get("v6.10-eager").get("states").asLong();
        for (String[] extra : List.of(new String[] {"--strategy", "dfs"},
                new String[] {"--checkpoint", dir.resolve("cp-default").toString()})) {
            Path summary = dir.resolve("default-" + extra[0].substring(2) + ".json");
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("check", spec.toString(), "--out",
                    dir.resolve("o").toString(), "--summary", summary.toString()), java.util.Arrays.stream(extra))
                    .toArray(String[]::new);
            Cli.Run r = Kvm.run(args);
            assertEquals(0, r.exit(), r.err());
            JsonNode result = results(summary).get("v6.10-eager");
            assertFalse(result.path("partialOrder").asBoolean(), String.join(" ", extra));
            assertFalse(r.out().contains("partial-order reduction"), r.out());
            if (extra[0].equals("--checkpoint")) {
                assertEquals(fullStates, result.get("states").asLong());
            }
        }
    }

    /**
     * Past --memory the default search keeps the full search's answers (the verdict, never-fired
     * actions and vacuity) and reduces exactly as in memory: the in-memory reduced count.
     */
    @Test
    void aSpilledReducedRunKeepsTheFullSearchsAnswersAndTheInMemoryCount() throws Exception {
        Path spill = Files.createDirectories(dir.resolve("spill"));
        Path summary = dir.resolve("spilled.json");
        Cli.Run r = Kvm.run("check", Kvm.SPECS.resolve("v5.7-stable-fix-3cpu.yaml").toString(), "--exact", "--memory", "3",
                "--spill-dir", spill.toString(), "--out", dir.resolve("spilled").toString(), "--summary",
                summary.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonNode s = results(summary).get("v5.7-stable-fix-3cpu");
        JsonNode f = fullResults.get("v5.7-stable-fix-3cpu");
        JsonNode inMemory = reducedResults.get("v5.7-stable-fix-3cpu");
        assertTrue(s.has("spilled"), s.toString());
        assertTrue(s.path("partialOrder").asBoolean(), s.toString());
        for (String field : List.of("verdict", "invariants", "status", "actionsNeverFired", "vacuous")) {
            assertEquals(f.get(field), s.get(field), field);
        }
        assertEquals(inMemory.get("states"), s.get("states"), "states");
        assertEquals(inMemory.get("transitions"), s.get("transitions"), "transitions");
        assertTrue(r.out().contains("    disk: "), r.out());
    }

    /** A never-fired claim of a reduced search is kept only if the full search does not fire the action either. */
    @Test
    void theConfirmingFullSearchRefutesWhatFiresAndKeepsWhatNeverDoes() throws Exception {
        CheckTarget target = SpecFiles.load(List.of(new KvmProvider()), Kvm.SPECS.resolve("v5.8-early-hyp-trap.yaml"));
        Model model = target.model();
        Options options = Options.defaults().withPartialOrder(true).withStop(new trapcheck.engine.StopSignal());
        Result full = Explorer.explore(model, options.withPartialOrder(false));
        assertEquals(Verdict.HOLDS, full.verdict());
        long[] truth = full.stats().actionFires();
        long[] claimed = truth.clone();
        int zeroed = 0;
        for (int a = 0; a < claimed.length; a += 3) {
            if (claimed[a] > 0) {
                claimed[a] = 0; // as if the reduced search had fired only a symmetric counterpart
                zeroed++;
            }
        }
        assertTrue(zeroed > 3);
        FullFires.Confirmed confirmation = FullFires.of(Explorer::explore, model, options, claimed);
        long[] confirmed = confirmation.fires();
        assertTrue(confirmation.seconds() > 0, "the full search's time is reported");
        for (int a = 0; a < truth.length; a++) {
            assertEquals(truth[a] > 0, confirmed[a] > 0, model.actionName(a));
        }
        assertNotEquals(0, java.util.Arrays.stream(truth).filter(f -> f == 0).count(), "some action never fires");
    }

    /** The seconds a check reports are every search it took, the full search for never-fired actions too. */
    @Test
    void aChecksSecondsIncludeTheNeverFiredConfirmation() throws Exception {
        Path file = Kvm.SPECS.resolve("v5.8-early-hyp-trap.yaml");
        CheckTarget target = SpecFiles.load(List.of(new KvmProvider()), file);
        List<Result> searches = new java.util.ArrayList<>();
        Engine counting = (model, options) -> {
            Result r = Explorer.explore(model, options);
            searches.add(r);
            return r;
        };
        Options options = Options.defaults().withPartialOrder(true).withStop(new trapcheck.engine.StopSignal());
        SpecCheck.Done done = SpecCheck.run(counting, target, file, false, t -> options, t -> options, cx -> null);
        assertEquals(2, searches.size(), "the reduced check and the full search for the actions it did not fire");
        assertTrue(searches.get(0).stats().partialOrder());
        assertFalse(searches.get(1).stats().partialOrder());
        assertEquals(searches.get(0).stats().seconds() + searches.get(1).stats().seconds(), done.outcome().seconds(),
                1e-9);
    }
}
