package trapcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The HTML report stays byte for byte what it was (markup, inline CSS and script) for the fixtures.
 * After a change to the page, {@code -Dtrapcheck.writeGolden=true} rewrites the golden file (then
 * read the diff).
 */
class HtmlGoldenTest {

    static String page() {
        Counterexample cx = TraceTextTest.counterexample();
        String hostileName = "spec" + HtmlReportTest.EVIL;
        List<SpecOutcome> outcomes = new java.util.ArrayList<>(GoldenJsonTest.fixtureOutcomes());
        outcomes.add(HtmlReportTest.outcome(hostileName, "violated", List.of("prop" + HtmlReportTest.EVIL),
                "out/" + hostileName + ".trace.json"));
        Map<String, Counterexample> cxs = new LinkedHashMap<>();
        cxs.put("a-good", cx);
        cxs.put(hostileName, HtmlReportTest.hostile());
        return SelfContainedHtmlReport.render(outcomes, cxs);
    }

    @Test
    void theReportIsByteForByte() throws java.io.IOException {
        if (Boolean.getBoolean("trapcheck.writeGolden")) {
            java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources/golden/fixture.report.html"), page());
        }
        assertEquals(Golden.text("fixture.report.html"), page());
    }
}
