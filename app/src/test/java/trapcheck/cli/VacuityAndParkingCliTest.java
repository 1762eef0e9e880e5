package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What check says of a vacuous hold, of parked pCPUs, and of api-apk-cleared-on-load on a non-lazy policy. */
class VacuityAndParkingCliTest {
    private static final String BIG_LITTLE = Kvm.SPECS.resolve("v5.9-physical-hcr-biglittle.yaml").toString();

    @Test
    void aVacuousHoldIsSaidEverywhereAndFailsUnderStrict(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("s.json");
        Path junit = dir.resolve("j.xml");
        Cli.Run r = Kvm.run("check", BIG_LITTLE, "--out", dir.resolve("out").toString(), "--summary", summary.toString(),
                "--junit", junit.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("holds (vacuous: asks.vcpu0 never entered the guest)"), r.out());
        JsonNode result = new ObjectMapper().readTree(summary.toFile()).get("results").get(0);
        assertEquals("asks.vcpu0 never entered the guest", result.get("vacuous").get(0).asText());
        assertTrue(Files.readString(junit).contains("<system-out>holds (vacuous: asks.vcpu0 never entered the guest)"));

        Cli.Run strict = Kvm.run("check", BIG_LITTLE, "--strict", "--out", dir.resolve("out").toString());
        assertEquals(ExitCodes.MISMATCH, strict.exit(), strict.out());
        assertTrue(strict.out().contains("MISMATCH"), strict.out());
    }

    @Test
    void aHoldThatRanEveryVcpuIsNotVacuousAndParkedCpusAreNamed(@TempDir Path dir) throws Exception {
        Path summary = dir.resolve("s.json");
        Cli.Run r = Kvm.run("check", Kvm.SPECS.resolve("v6.10-eager-late-cpu.yaml").toString(), "--strict", "--out",
                dir.resolve("out").toString(), "--summary", summary.toString());
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("(parked: late)"), r.out());
        assertTrue(!r.out().contains("vacuous"), r.out());
        JsonNode result = new ObjectMapper().readTree(summary.toFile()).get("results").get(0);
        assertEquals("late", result.get("parked").get(0).asText());
        assertTrue(!result.has("vacuous"));
    }

    @Test
    void apiApkClearedOnLoadOnANonLazyPolicyIsALocatedWarning(@TempDir Path dir) throws Exception {
        String base = Files.readString(Kvm.SPECS.resolve("v6.10-eager.yaml"));
        Path spec = dir.resolve("eager.yaml");
        Files.writeString(spec, base.replace("expect:", "check:\n  invariants: [no-key-leakage, api-apk-cleared-on-load]\n\nexpect:"));
        Cli.Run r = Kvm.run("check", spec.toString(), "--out", dir.resolve("out").toString());
        assertEquals(ExitCodes.OK, r.exit(), r.out() + r.err());
        assertTrue(r.err().matches("(?s).*eager\\.yaml:\\d+:\\d+: check\\.invariants\\[1\\]: warning: "
                + "api-apk-cleared-on-load is checked only under a lazy policy.*"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.contains("warning")).count(), r.err());
    }
}
