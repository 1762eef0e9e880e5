package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** check and watch share their search flags: the same bad value is the same usage error in both, before any work. */
class SearchFlagsTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "check, --max-seconds, nan",
        "watch, --max-seconds, nan",
        "check, --max-seconds, Infinity",
        "watch, --max-seconds, Infinity",
        "watch, --max-seconds, -1",
        "check, --strategy, random",
        "watch, --strategy, random",
        "watch, --max-states, -5",
    })
    void aBadLimitIsAUsageErrorInCheckAndWatch(String command, String option, String value) {
        Cli.Run r = Cli.run(command, option, value, "specs/no-such-spec.yaml");
        assertEquals(ExitCodes.INVALID, r.exit(), r.err());
        assertTrue(r.err().contains(option), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("for changes"), "watch must refuse before it starts watching: " + r.err());
    }
}
