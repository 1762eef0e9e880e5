package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check and replay through the module's own engine (the other tests use a stand-in BFS). */
class RealEngineTest {

    @Test
    void checkThenReplayThenRefuseATamperedTrace(@TempDir Path dir) throws Exception {
        Path spec = Cli.spec(dir, "counter.yaml", "name=counter", "expect=violated/not-both-max");
        Path holds = Cli.spec(dir, "holds.yaml", "name=holds", "maxLeft=2", "expect=holds");
        Cli.Run r = Cli.run(Engine.standard(), "check", spec.toString(), holds.toString(), "--out",
                dir.resolve("out").toString(), "--threads", "2");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("counterexample for counter: 5 steps"), r.out());
        Path trace = dir.resolve("out/counter.trace.json");

        Cli.Run ok = Cli.run(Engine.standard(), "replay", trace.toString());
        assertEquals(0, ok.exit(), ok.err());

        Path swapped = ReplayCommandTest.tampered(trace, doc -> {
            var steps = ReplayCommandTest.steps(doc);
            var first = steps.get(0).deepCopy();
            var second = steps.get(1).deepCopy();
            ((ObjectNode) first).put("index", 2);
            ((ObjectNode) second).put("index", 1);
            steps.set(0, second);
            steps.set(1, first);
        });
        Cli.Run refused = Cli.run(Engine.standard(), "replay", swapped.toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().startsWith("step 1: "), refused.err());
    }
}
