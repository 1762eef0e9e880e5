package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trapcheck.engine.Explorer;
import trapcheck.kvm.KvmProvider;

/**
 * `check` lists the actions a complete exploration never fired: in 5.8 every trap is fixed up at EL2,
 * so no thread ever takes a step of a host-context trap handler.
 */
class NeverFiredTest {
    @Test
    void aHypOnlyPolicyNeverStepsAHostHandler(@TempDir Path dir) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(() -> List.of(new KvmProvider()), Explorer::explore,
                new PrintWriter(out, true), new PrintWriter(err, true), false, new Interruption());
        Path summary = dir.resolve("summary.json");
        int exit = Main.run(new String[] {"check", Path.of("..", "specs", "v5.8-early-hyp-trap.yaml").toString(),
            "--threads", "2", "--out", dir.toString(), "--summary", summary.toString()}, env);
        assertEquals(0, exit, err.toString());
        JsonNode never = new ObjectMapper().readTree(summary.toFile()).get("results").get(0).get("actionsNeverFired");
        List<String> names = new ArrayList<>();
        never.forEach(n -> names.add(n.asText()));
        assertEquals(List.of("vm0.vcpu0 trap_handler_step", "vm1.vcpu0 trap_handler_step"), names);
        assertTrue(out.toString().contains("never fired: 2 of 41 actions: vm0.vcpu0 trap_handler_step"), out.toString());
    }
}
