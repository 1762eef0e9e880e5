package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark anchors (bench/anchors: Promela, Murphi, TLA+) explore exactly trapcheck's states on
 * the small rungs of the bench family, for both policies: the same distinct states as
 * {@code trapcheck bench --no-symmetry --no-por} (the full state space), the same verdict, the same shortest counterexample length.
 * A rung whose policy is violated is compared on every state within that length (run.sh's
 * {@code equality} mode). Each tool's test is skipped, saying what to install, when the tool is missing.
 */
class AnchorEqualityTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path RUN = ROOT.resolve("bench/anchors/run.sh");
    static final List<String> RUNGS = List.of("1x1", "2x1", "1x2", "2x2");
    static final List<String> POLICIES = List.of("mainline", "v5.2");

    /** trapcheck's result per "policy rung". */
    static final Map<String, Outcome> TRAPCHECK = new HashMap<>();

    @TempDir
    static Path work;

    record Outcome(long states, String verdict, String steps, List<String> broken) {
    }

    @BeforeAll
    static void exploreWithTrapcheck() throws IOException {
        for (String policy : POLICIES) {
            Path json = work.resolve("trapcheck-" + policy + ".json");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Environment env = new Environment(Environment::loadProviders, Engine.standard(), new PrintWriter(out, true),
                    new PrintWriter(err, true), false, new Interruption());
            int exit = Main.run(new String[] {"bench", ROOT.resolve("bench/anchors/" + policy + ".yaml").toString(),
                "--ladder", String.join(",", RUNGS), "--no-symmetry", "--no-por", "--exact", "--threads", "1", "--json",
                json.toString(), "--quiet"}, env);
            // 0 or 1: the 5.2 spec expects its violation, which needs two pCPUs and two VMs.
            assertTrue(exit == 0 || exit == 1, "trapcheck bench exit " + exit + ": " + out + err);
            for (JsonNode run : new ObjectMapper().readTree(json.toFile()).get("runs")) {
                List<String> broken = new java.util.ArrayList<>();
                run.get("invariants").forEach(i -> broken.add(i.asText()));
                JsonNode steps = run.get("traceSteps");
                TRAPCHECK.put(policy + " " + run.get("rung").asText(), new Outcome(run.get("states").asLong(),
                        run.get("verdict").asText(), steps.isNull() ? "-" : steps.asText(), broken));
            }
        }
        assertEquals(RUNGS.size() * POLICIES.size(), TRAPCHECK.size(), TRAPCHECK.toString());
        // The family as the docs describe it: mainline holds; 5.2 breaks host-keys-intact from 2x2 up.
        assertEquals("violated", TRAPCHECK.get("v5.2 2x2").verdict());
        assertEquals("22", TRAPCHECK.get("v5.2 2x2").steps());
        assertTrue(TRAPCHECK.get("v5.2 2x2").broken().contains("host-keys-intact"));
        POLICIES.forEach(p -> RUNGS.forEach(r -> {
            if (!(p.equals("v5.2") && r.equals("2x2"))) {
                assertEquals("holds", TRAPCHECK.get(p + " " + r).verdict(), p + " " + r);
            }
        }));
    }

    @Test
    void spinStoresTrapchecksStates() throws Exception {
        assumeTrue(onPath("spin") && onPath("gcc"), "SPIN anchor skipped: install spin and gcc (apt-get install spin gcc)");
        compareOnEveryRung("spin", Map.of());
    }

    @Test
    void rumurFindsTrapchecksStates() throws Exception {
        assumeTrue(onPath("rumur") && onPath("gcc"),
                "Rumur anchor skipped: install rumur and gcc (apt-get install rumur gcc)");
        compareOnEveryRung("rumur", Map.of());
    }

    @Test
    void tlcFindsTrapchecksStates() throws Exception {
        String jar = System.getenv("TLA2TOOLS_JAR");
        assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)),
                "TLC anchor skipped: set TLA2TOOLS_JAR to a tla2tools.jar (see BENCHMARKS.md)");
        compareOnEveryRung("tlc", Map.of("TLC_JAVA_OPTS", "-XX:+UseSerialGC -Xmx512m -XX:TieredStopAtLevel=1"));
    }

    private static void compareOnEveryRung(String tool, Map<String, String> env) throws Exception {
        for (String policy : POLICIES) {
            for (String rung : RUNGS) {
                Map<String, String> got = runAnchor(tool, rung, policy, env);
                Outcome want = TRAPCHECK.get(policy + " " + rung);
                String what = tool + " " + policy + " " + rung + ": " + got;
                assertEquals(String.valueOf(want.states()), got.get("states"), what);
                assertEquals(want.verdict(), got.get("verdict"), what);
                assertEquals(want.steps(), got.get("steps"), what);
                if (want.verdict().equals("violated")) {
                    assertTrue(want.broken().contains(got.get("invariant")), what + " vs trapcheck " + want.broken());
                }
            }
        }
    }

    /** run.sh's key=value line for one equality run; the tools compile unoptimised, the rungs are small. */
    private static Map<String, String> runAnchor(String tool, String rung, String policy, Map<String, String> env)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", RUN.toString(), tool, rung, policy, "equality")
                .redirectErrorStream(true);
        pb.environment().put("OUT", work.resolve("anchors").toString());
        pb.environment().put("CC_OPT", "-O0");
        pb.environment().put("THREADS", "1");
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), tool + " " + rung + " " + policy + " did not finish");
        assertEquals(0, p.exitValue(), output);
        String last = output.strip().lines().reduce((a, b) -> b).orElse("");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String kv : last.split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                fields.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        assertEquals(tool, fields.get("tool"), output);
        return fields;
    }

    private static boolean onPath(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }
}
