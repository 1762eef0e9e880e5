package trapcheck.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import trapcheck.cli.Engine;
import trapcheck.cli.Environment;
import trapcheck.cli.Interruption;
import trapcheck.cli.Main;
import trapcheck.kvm.KvmProvider;

/**
 * {@code trapcheck compare} on the kernel's ptrauth history, pinned: the verdict of every invariant
 * (exact per invariant: 5.2's other invariants are re-checked without the two its race breaks), the
 * costs of the seeded simulation (one thread, so the same seed gives the same walks), and the dead
 * branches (every vCPU of these topologies has ptrauth, so no "else" of vcpu_has_ptrauth runs).
 * A change to the model's semantics or action order changes the costs: re-pin them after checking
 * that the new numbers make sense (eager policies never trap; 5.7 saves host keys on every load).
 */
class CompareMatrixTest {

    static final List<String> HISTORY = List.of("v5.2-lazy-host-trap.yaml", "v5.7-stable-fix.yaml",
            "v5.8-early-hyp-trap.yaml", "v5.9-physical-hcr.yaml", "v6.10-eager.yaml");

    record Run(int exit, String out, String err) {
    }

    static Run compare(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(() -> List.of(new KvmProvider()), Engine.standard(),
                new PrintWriter(out, true), new PrintWriter(err, true), false, new Interruption());
        List<String> all = new ArrayList<>(List.of("compare"));
        all.addAll(List.of(args));
        int exit = Main.run(all.toArray(String[]::new), env);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    @Timeout(600)
    void theHistoryMatrixIsPinned(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        List<String> args = new ArrayList<>(List.of("--out", out.toString(), "--threads", "2", "--seed", "1",
                "--runs", "200", "--depth", "100", "--json", dir.resolve("review.json").toString(),
                "--html", dir.resolve("review.html").toString()));
        HISTORY.forEach(s -> args.add(Path.of("..", "specs", s).toString()));
        Run r = compare(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertEquals(EXPECTED, r.out().replace(out + "/", "OUT/"));

        assertTrue(Files.exists(out.resolve("v5.2-lazy-host-trap.trace.json")), "the linked counterexample exists");
        JsonNode json = new ObjectMapper().readTree(dir.resolve("review.json").toFile());
        assertEquals("trapcheck-compare", json.get("format").asText());
        JsonNode v52 = json.get("policies").get(0);
        assertEquals("violated", v52.get("cells").get("host-keys-intact").get("verdict").asText());
        assertEquals(22, v52.get("cells").get("host-keys-intact").get("steps").asInt());
        assertEquals("holds", v52.get("cells").get("guest-keys-intact").get("verdict").asText());
        assertEquals(List.of("never", "sometimes", "always"),
                json.get("policies").get(4).get("costs").findValuesAsText("workload"));
        String html = Files.readString(dir.resolve("review.html"));
        assertTrue(html.contains("<td class=\"cell c-violated\"><a href=\"out/counterexamples.html#spec-v5.2-lazy-host-trap\">"
                + "violated (22 steps)</a> <a class=\"json\" href=\"out/v5.2-lazy-host-trap.trace.json\">json</a></td>"), html);
        assertTrue(Files.readString(out.resolve("counterexamples.html"))
                .contains("<section class=\"spec\" id=\"spec-v5.2-lazy-host-trap\">"), "the verdict's link lands");
        assertTrue(html.contains("<td class=\"cell c-not-checked\">-</td>"));
    }

    static final String EXPECTED = """
                ## Verdicts

                | policy | no-key-leakage | host-keys-intact | guest-keys-intact | api-apk-cleared-on-load | trap-bits-match-vcpu | id-registers-consistent | vcpu-init-checked | trap-makes-progress |
                |---|---|---|---|---|---|---|---|---|
                | v5.2-lazy-host-trap | [violated (22 steps)](OUT/v5.2-lazy-host-trap.trace.json) | [violated (22 steps)](OUT/v5.2-lazy-host-trap.trace.json) | holds | holds | holds | holds | holds | holds |
                | v5.7-stable-fix | holds | holds | holds | holds | holds | holds | holds | holds |
                | v5.8-early-hyp-trap | holds | holds | holds | holds | holds | holds | holds | holds |
                | v5.9-physical-hcr | holds | holds | holds | holds | holds | holds | holds | holds |
                | v6.10-eager | holds | holds | holds | - | holds | holds | holds | holds |

                ## Costs

                Seeded random simulation (seed 1, 200 walks of 100 steps per workload); each cell: never / sometimes / always.

                | policy | traps per vcpu_load | key-register accesses per world switch | host-key saves per vcpu_load |
                |---|---:|---:|---:|
                | v5.2-lazy-host-trap | 0.00 / 0.10 / 0.18 | 0.00 / 0.27 / 0.73 | 0.00 / 0.06 / 0.12 |
                | v5.7-stable-fix | 0.00 / 0.12 / 0.24 | 2.19 / 2.86 / 3.80 | 1.00 / 1.00 / 1.00 |
                | v5.8-early-hyp-trap | 0.00 / 0.13 / 0.31 | 0.00 / 1.49 / 3.78 | 0.00 / 0.13 / 0.31 |
                | v5.9-physical-hcr | 0.00 / 0.13 / 0.31 | 0.00 / 1.49 / 3.78 | 0.00 / 0.13 / 0.31 |
                | v6.10-eager | 0.00 / 0.00 / 0.00 | 5.17 / 5.30 / 7.01 | 1.00 / 1.00 / 1.00 |

                ## Dead branches

                Policy code no explored transition reached (exploring past violations); dead policy code is a review finding.

                - **v5.2-lazy-host-trap**: 5 of 19 points never covered
                  - `vcpu_load policy.hooks.vcpu_load[0] if vcpu_has_ptrauth: else (line 36)`
                  - `vcpu_reset policy.hooks.vcpu_reset[0] if all(requested_ptrauth, not vcpu_has_ptrauth): then (line 53)`
                  - `vcpu_reset policy.hooks.vcpu_reset[0].then[0] return_einval (line 54)`
                  - `trap policy.hooks.trap.do[0] if vcpu_has_ptrauth: else (line 49)`
                  - `trap policy.hooks.trap.do[0].else[0] inject_undef (line 51)`
                - **v5.7-stable-fix**: 5 of 19 points never covered
                  - `vcpu_load policy.hooks.vcpu_load[0] if vcpu_has_ptrauth: else (line 31)`
                  - `vcpu_reset policy.hooks.vcpu_reset[0] if all(requested_ptrauth, not vcpu_has_ptrauth): then (line 47)`
                  - `vcpu_reset policy.hooks.vcpu_reset[0].then[0] return_einval (line 48)`
                  - `trap policy.hooks.trap.do[0] if vcpu_has_ptrauth: else (line 43)`
                  - `trap policy.hooks.trap.do[0].else[0] inject_undef (line 45)`
                - **v5.8-early-hyp-trap**: 5 of 20 points never covered
                  - `vcpu_load policy.hooks.vcpu_load[0] if vcpu_has_ptrauth: else (line 30)`
                  - `vcpu_reset policy.hooks.vcpu_reset[0] if all(requested_ptrauth, not vcpu_has_ptrauth): then (line 47)`
                  - `vcpu_reset policy.hooks.vcpu_reset[0].then[0] return_einval (line 48)`
                  - `trap policy.hooks.trap.do[0] if vcpu_has_ptrauth: else (line 43)`
                  - `trap policy.hooks.trap.do[0].else[0] inject_undef (line 45)`
                - **v5.9-physical-hcr**: 5 of 20 points never covered
                  - `vcpu_load policy.hooks.vcpu_load[0] if vcpu_has_ptrauth: else (line 30)`
                  - `vcpu_reset policy.hooks.vcpu_reset[0] if all(requested_ptrauth, not vcpu_has_ptrauth): then (line 46)`
                  - `vcpu_reset policy.hooks.vcpu_reset[0].then[0] return_einval (line 47)`
                  - `trap policy.hooks.trap.do[0] if vcpu_has_ptrauth: else (line 42)`
                  - `trap policy.hooks.trap.do[0].else[0] inject_undef (line 44)`
                - **v6.10-eager**: 6 of 16 points never covered
                  - `vcpu_load policy.hooks.vcpu_load[0] if vcpu_has_ptrauth: else (line 29)`
                  - `switch_in policy.hooks.switch_in[0] if vcpu_hcr.API: else (line 33)`
                  - `switch_out policy.hooks.switch_out[0] if vcpu_hcr.API: else (line 36)`
                  - `vcpu_reset policy.hooks.vcpu_reset[0] if all(requested_ptrauth, not vcpu_has_ptrauth): then (line 42)`
                  - `vcpu_reset policy.hooks.vcpu_reset[0].then[0] return_einval (line 43)`
                  - `trap policy.hooks.trap.do[0] inject_undef (line 40)`
                """;
}
