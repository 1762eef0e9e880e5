package trapcheck.kvm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import trapcheck.report.Counterexample;
import trapcheck.report.HeadlessChromium;
import trapcheck.report.HtmlReport;
import trapcheck.report.SpecOutcome;
import trapcheck.report.TraceJson;

/**
 * The HTML report of real counterexamples, rendered by headless Chromium: the DOM after the script ran
 * shows every step, selects the breaking one, marks changed fields, and shows a hostile spec name as
 * text. The page and a screenshot stay in {@code target/html-report/} as test artefacts. Skipped when
 * Chromium is not installed ({@code .ci/run} installs it).
 */
class HtmlReportBrowserTest {

    static final Path OUT = Path.of("target", "html-report");

    @Test
    @Timeout(300)
    void chromiumShowsTheTimelineTheSelectedStepAndItsChangedFields() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.available(), "chromium is not installed");
        var race = RealCounterexamples.check("v5.2-lazy-host-trap.yaml");
        var fixup = RealCounterexamples.check("broken-hyp-fixup-no-hcr-write.yaml");
        var fixed = RealCounterexamples.check("v5.7-stable-fix.yaml");
        Files.createDirectories(OUT);
        Map<String, Counterexample> cxs = new LinkedHashMap<>();
        cxs.put(race.target().name(), race.counterexample());
        cxs.put(fixup.target().name(), fixup.counterexample());
        TraceJson.write(race.counterexample(), OUT.resolve("v5.2-lazy-host-trap.trace.json"));
        TraceJson.write(fixup.counterexample(), OUT.resolve("broken-hyp-fixup-no-hcr-write.trace.json"));
        String evil = "evil<img src=x onerror=\"document.title='pwned'\">";
        List<SpecOutcome> outcomes = List.of(
                race.outcome(OUT.resolve("v5.2-lazy-host-trap.trace.json").toString()),
                fixup.outcome(OUT.resolve("broken-hyp-fixup-no-hcr-write.trace.json").toString()),
                fixed.outcome(null),
                SpecOutcome.error(evil, "specs/" + evil + ".yaml", "specs/x.yaml:1:1: name: " + evil));
        Path page = HtmlReport.find().write(OUT, outcomes, cxs);

        String dom = HeadlessChromium.dumpDom(page);
        assertTrue(dom.contains("data-ready=\"true\""), "the page's script ran");
        assertTrue(dom.contains("<title>trapcheck report</title>"), "no injected script ran");
        assertFalse(Pattern.compile("<img\\b").matcher(dom).find(), "the hostile name is text, not an element");
        assertTrue(dom.contains("evil&lt;img src=x"), "and is shown");

        // every step of both traces is a row; the breaking (last) step is selected in each
        int raceSteps = race.counterexample().steps().size();
        assertEquals(22, raceSteps);
        assertEquals(raceSteps + 1 + fixup.counterexample().steps().size() + 1, count(dom, "<tr class=\"step"));
        assertTrue(Pattern.compile("<tr class=\"step breaks selected\" data-step=\"22\"").matcher(dom).find(), dom);
        assertTrue(Pattern.compile("<tr class=\"step breaks selected\" data-step=\"5\"").matcher(dom).find());
        assertEquals(2, count(dom, " selected\""), "one selected step per counterexample");

        // only the selected step's state is visible; its changed fields carry the class
        Matcher shown = Pattern.compile("<div class=\"state\" data-step=\"(\\d+)\">").matcher(dom);
        List<String> visible = shown.results().map(r -> r.group(1)).toList();
        assertEquals(List.of("22", "5"), visible, "the others are hidden");
        assertTrue(count(dom, "<tr class=\"changed\">") >= 5);
        assertTrue(dom.contains("<td class=\"field mono\">cpu0.host_ctx.APIA</td><td class=\"value mono\">"
                + "<del class=\"old\">nobody</del> → <span class=\"new\">vm0's VMM</span>"), "fixup's changed key, by owner");
        assertTrue(dom.contains("cpu0 returns vm1's VMM to userspace holding vm0's VMM's APIAKey"));
        // one lane per lane of the model
        for (String lane : race.counterexample().lanes()) {
            assertTrue(dom.contains("<th class=\"lane-head\">" + lane + "</th>"), lane);
        }

        Path png = OUT.resolve("report-1400x1000.png");
        HeadlessChromium.screenshot(page, png, 1400, 1000);
        assertTrue(Files.size(png) > 10_000, "a real picture");
        // A taller window shows the first timeline with its state panel, for a person to look at.
        Path timeline = OUT.resolve("report-1400x2400.png");
        HeadlessChromium.screenshot(page, timeline, 1400, 2400);
        assertTrue(Files.size(timeline) > 10_000);
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
