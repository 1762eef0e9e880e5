package trapcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trapcheck.engine.Trace;

class HtmlReportTest {

    static final String EVIL = "<script>alert(1)</script>\"'&<img src=x onerror=alert(2)>";

    static SpecOutcome outcome(String name, String verdict, List<String> broken, String trace) {
        return new SpecOutcome(name, "specs/" + name + ".yaml", verdict, broken,
                new SpecOutcome.Expected(verdict, broken.isEmpty() ? null : broken.get(0)), SpecOutcome.Status.MATCHED,
                1234, 5678, 5, 0.25, trace, null, 1, 0, null);
    }

    /** A counterexample where every string a spec or model controls is hostile. */
    static Counterexample hostile() {
        Map<String, String> init = new LinkedHashMap<>();
        init.put("lane" + EVIL + ".x", "v" + EVIL);
        init.put("plain", "0");
        Map<String, String> after = new LinkedHashMap<>(init);
        after.put("plain", "1" + EVIL);
        var step = new Counterexample.Step(1, 0, "label " + EVIL, List.of("lane" + EVIL), after,
                Counterexample.diff(init, after), List.of("prop" + EVIL));
        return new Counterexample(new Counterexample.Tool("tool" + EVIL, "1" + EVIL),
                new Counterexample.Spec("spec" + EVIL, "path" + EVIL, "00"),
                List.of(new Counterexample.Broken("prop" + EVIL, "desc" + EVIL, "why" + EVIL)),
                new Counterexample.Initial(init, List.of()), List.of(step), List.of("lane" + EVIL, "other"));
    }

    @Test
    void everyModelStringIsEscaped() {
        String name = "spec" + EVIL;
        String html = SelfContainedHtmlReport.render(
                List.of(outcome(name, "violated", List.of("prop" + EVIL), "out/" + name + ".trace.json")),
                Map.of(name, hostile()));
        assertFalse(html.contains("<img"), "no markup from the model survives");
        assertFalse(html.contains("alert(1)</script>"));
        assertEquals(1, count(html, "<script"), "only the report's own script");
        assertTrue(html.contains("spec&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;img src=x onerror=alert(2)&gt;"));
        assertTrue(html.contains("why&lt;script&gt;"), "the explanation is shown, escaped");
        assertTrue(html.contains("label &lt;script&gt;"));
        // The trace link is percent-encoded and relative: it cannot leave the folder or run code.
        Matcher m = Pattern.compile("href=\"(\\./[^\"]*)\"").matcher(html);
        assertTrue(m.find());
        assertTrue(m.group(1).matches("\\./[A-Za-z0-9._~%-]+"), m.group(1));
    }

    @Test
    void fileLinksArePercentEncodedRelativeNames() {
        assertEquals("./a.trace.json", Html.fileHref("a.trace.json"));
        assertEquals("./javascript%3Aalert%281%29", Html.fileHref("javascript:alert(1)"));
        assertEquals("./..%2Fx", Html.fileHref("../x"));
        assertEquals("./%C3%A9", Html.fileHref("é"));
    }

    @Test
    void controlCharactersCannotBreakThePage() {
        assertEquals("a&#xFFFD;b", Html.text("a\u0000b"));
        assertEquals("a&#10;b", Html.attr("a\nb"));
    }

    @Test
    void showsTheStepsTheirLanesAndTheChangedFields() {
        Counterexample cx = TraceTextTest.counterexample();
        String html = SelfContainedHtmlReport.render(List.of(outcome("counter", "violated", cx.violatedIds(), null)),
                Map.of("counter", cx));
        assertEquals(cx.steps().size() + 1, count(html, "<tr class=\"step"), "a row per step and the initial state");
        assertEquals(cx.steps().size() + 1, count(html, "<div class=\"state\""), "a state table per row");
        long changed = cx.steps().stream().mapToLong(s -> s.changed().size()).sum();
        assertEquals(changed, count(html, "<tr class=\"changed\">"));
        assertTrue(html.contains("<th class=\"lane-head\">left</th><th class=\"lane-head\">right</th>"));
        // step 4 (right increments) is written in the right lane, not the left one
        assertTrue(html.contains("id=\"spec-counter-step-4\" data-step=\"4\" tabindex=\"0\"><td class=\"n\">4</td>"
                + "<td class=\"lane\"></td><td class=\"lane act\"><div class=\"chip\"><span class=\"label\">"
                + "right increments 0 -&gt; 1"), html);
        // no culprit known: the breaking step is selected, in the markup (the page works without its script)
        assertTrue(html.contains("<tr class=\"step breaks selected\" id=\"spec-counter-step-5\" data-step=\"5\""));
        assertEquals(1, count(html, " selected\""));
        assertTrue(html.contains("<p class=\"explanation\">left is three and right is two after right increments"));
        assertTrue(html.indexOf("class=\"broken-box\"") < html.indexOf("class=\"timeline\""),
                "the explanation comes before the timeline");
        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("src="),
                "nothing is loaded from anywhere");
    }

    @Test
    void isDeterministicAndWrittenAtomicallyAsIndexHtml(@TempDir Path dir) throws Exception {
        Counterexample cx = TraceTextTest.counterexample();
        List<SpecOutcome> outcomes = List.of(outcome("counter", "violated", cx.violatedIds(), null),
                outcome("other", "holds", List.of(), null));
        HtmlReport writer = HtmlReport.find();
        assertInstanceOf(SelfContainedHtmlReport.class, writer);
        Path index = writer.write(dir, outcomes, Map.of("counter", cx));
        assertEquals(dir.resolve("index.html"), index);
        assertEquals(SelfContainedHtmlReport.render(outcomes, Map.of("counter", cx)), Files.readString(index));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(index), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void anchorsAreTheSpecNameKeptFromRunToRun() {
        List<String> taken = new java.util.ArrayList<>();
        assertEquals("spec-v5.2-lazy-host-trap", SelfContainedHtmlReport.anchor("v5.2-lazy-host-trap", taken));
        assertEquals("spec-a-b-c--d", SelfContainedHtmlReport.anchor("a b/c<>d", taken));
        assertEquals("spec-a-b-c--d-2", SelfContainedHtmlReport.anchor("a?b/c<>d", taken), "two names, two anchors");
        Counterexample cx = TraceTextTest.counterexample();
        List<SpecOutcome> outcomes = List.of(outcome("other", "holds", List.of(), null),
                outcome("counter", "violated", cx.violatedIds(), null));
        String once = SelfContainedHtmlReport.render(outcomes, Map.of("counter", cx));
        for (String html : List.of(once, SelfContainedHtmlReport.render(List.of(outcomes.get(1), outcomes.get(0)), Map.of("counter", cx)))) {
            assertTrue(html.contains("<section class=\"spec\" id=\"spec-counter\">"), "whatever the order");
            assertTrue(html.contains("<a href=\"#spec-counter\">counterexample</a>"));
            assertTrue(html.contains("<section class=\"spec\" id=\"spec-other\">"), "a hold has a section too");
            assertTrue(html.contains("<a href=\"#spec-other\">details</a>"));
        }
    }

    @Test
    void theCulpritIsSelectedAndLinkedToTheSymptom() {
        var base = CounterFixture.CounterTarget.standard();
        Trace trace = CounterFixture.trace(base.model(), 0, 0, 0, 1, 1);
        Counterexample found = Counterexample.of(TraceTextTest.TOOL, CounterFixture.detailed(base), trace, 2);
        int culprit = 3; // left's third increment, which the symptom at step 5 still shows
        Counterexample cx = new Counterexample(found.tool(), found.spec(), found.violated(),
                new Counterexample.Culprit("sum-at-most-4", culprit, "left.count", null,
                        List.of(new Counterexample.Hop(culprit, "left.count", null))), found.initial(), found.steps(),
                found.lanes());
        String html = SelfContainedHtmlReport.render(List.of(), Map.of("counter", cx));
        assertTrue(html.contains("<div class=\"cx\" data-open=\"" + culprit + "\">"));
        assertTrue(html.contains("<tr class=\"step culprit selected\" id=\"spec-counter-step-" + culprit + "\""), html);
        assertEquals(1, count(html, " selected\""));
        assertEquals(5 - culprit, count(html, " way"), "every step after the culprit leads to the symptom");
        assertTrue(html.contains("<a class=\"to-symptom\" href=\"#spec-counter-step-5\">&#8595; symptom at step 5</a>"));
        assertTrue(html.contains("<p class=\"culprit-line\"><a class=\"badge b-culprit\" href=\"#spec-counter-step-"
                + culprit + "\">culprit</a> step " + culprit + " wrote "), html);
    }

    @Test
    void vacuityAndTheActionsThatNeverFiredAreShownInTheIndexAndTheSection() {
        SpecOutcome hold = new SpecOutcome("idle", "specs/idle.yaml", "holds", List.of(),
                new SpecOutcome.Expected("holds", null), SpecOutcome.Status.MATCHED, 45, 90, 3, 0.1, null, null, 1, 0,
                null, List.of("a.vcpu0 KVM_RUN", "a.vcpu0 enter_guest")).withVacuous(List.of("a.vcpu0 never entered the guest"),
                false);
        String html = SelfContainedHtmlReport.render(List.of(hold), Map.of());
        assertTrue(html.contains("<div class=\"vacuous small\">vacuous: a.vcpu0 never entered the guest</div>"));
        assertTrue(html.contains("<p class=\"vacuous\">holds (vacuous: a.vcpu0 never entered the guest)</p>"));
        assertTrue(html.contains("<details class=\"never small\"><summary>never fired: 2 actions</summary>"
                + "<code>a.vcpu0 KVM_RUN</code> <code>a.vcpu0 enter_guest</code></details>"), "folded in the index");
        assertTrue(html.contains("<p class=\"never\">never fired: 2 actions (a complete exploration never took them): "
                + "<code>a.vcpu0 KVM_RUN</code> <code>a.vcpu0 enter_guest</code></p>"), "in full in the section");
    }

    @Test
    void aLongTraceShowsItsFirstAndLastStepsAndThoseAroundTheCulprit() {
        var base = CounterFixture.CounterTarget.standard();
        int[] actions = new int[301];
        for (int i = 0; i < 300; i++) {
            actions[i] = i % 2 == 0 ? 0 : 2; // left 0 -> 1 -> reset
        }
        actions[300] = 1;
        Counterexample whole = Counterexample.of(TraceTextTest.TOOL, CounterFixture.detailed(base),
                CounterFixture.trace(base.model(), actions), 2);
        Counterexample cx = new Counterexample(whole.tool(), whole.spec(), whole.violated(),
                new Counterexample.Culprit("sum-at-most-4", 150, "left.count", null,
                        List.of(new Counterexample.Hop(150, "left.count", null))), whole.initial(), whole.steps(),
                whole.lanes());
        String html = SelfContainedHtmlReport.render(List.of(outcome("counter", "violated", cx.violatedIds(),
                "out/counter.trace.json")), Map.of("counter", cx));
        int shown = HtmlTimeline.MAX_STEPS + 5;
        assertEquals(shown + 1, count(html, "<tr class=\"step"), "the first and last 60, the culprit and two each side");
        assertEquals(shown + 1, count(html, "<div class=\"state\""));
        assertTrue(html.contains("<p class=\"long\">This counterexample has 301 steps; " + shown + " are shown"), html);
        assertTrue(html.contains("Every step is in <a class=\"mono\" href=\"./counter.trace.json\">counter.trace.json</a>"));
        assertTrue(html.contains("<td colspan=\"2\">87 steps not shown (steps 61 to 147)</td>"), html);
        assertTrue(html.contains("<td colspan=\"2\">89 steps not shown (steps 153 to 241)</td>"), html);
        for (int step : List.of(60, 148, 150, 152, 242, 301)) {
            assertTrue(html.contains("id=\"spec-counter-step-" + step + "\""), "step " + step);
        }
        assertFalse(html.contains("id=\"spec-counter-step-61\""));
        assertFalse(html.contains("id=\"spec-counter-step-241\""));
        assertTrue(html.contains("<tr class=\"step culprit selected\" id=\"spec-counter-step-150\""));
    }

    @Test
    void eachOwnerHasOneColourAndLetterInEveryLaneAndTheState() {
        Map<String, String> init = new LinkedHashMap<>();
        init.put("p0.key", "guest");
        init.put("p1.key", "nobody");
        init.put("g.save", "guest");
        Map<String, Map<String, Object>> values = new LinkedHashMap<>();
        values.put("p0.key", Map.of("owner", "guest", "version", 1));
        values.put("p1.key", Map.of("owner", "nobody"));
        values.put("g.save", Map.of("owner", "guest", "version", 1));
        Map<String, String> after = new LinkedHashMap<>(init);
        after.put("p1.key", "host");
        Map<String, Counterexample.Change> changed = Map.of("p1.key",
                new Counterexample.Change("nobody", "host", Map.of("owner", "nobody"), Map.of("owner", "host")));
        var step = new Counterexample.Step(1, 0, "act", "p1 loads the host's key", List.of("p1"), after, changed,
                List.of(), List.of(), List.of());
        Counterexample cx = new Counterexample(TraceTextTest.TOOL, new Counterexample.Spec("owners", "o.yaml", "00"),
                List.of(), new Counterexample.Initial(init, values, List.of()), List.of(step), List.of("p0", "p1", "g"));
        String html = SelfContainedHtmlReport.render(List.of(), Map.of("owners", cx));
        // guest (first seen) is own-0 and A, host own-1 and B, nobody blank, wherever they are
        assertEquals(count(html, "data-owner=\"guest\""), count(html, "<span class=\"own own-0\" data-owner=\"guest\""));
        assertEquals(count(html, "data-owner=\"host\""), count(html, "<span class=\"own own-1"));
        assertEquals(count(html, "data-owner=\"nobody\""), count(html, "<span class=\"own own-none\""));
        assertTrue(html.contains("<span class=\"own own-1 moved\" data-owner=\"host\" title=\"p1.key: host\">B</span>"),
                "the step's write in p1's lane, outlined");
        assertTrue(html.contains("<span class=\"own own-0\" data-owner=\"guest\" title=\"g.save: guest v1\">A</span>"));
        assertTrue(html.contains("<span class=\"own own-none\" data-owner=\"nobody\" title=\"p1.key: nobody\">&middot;</span>"));
        assertTrue(html.contains("<span class=\"owner\"><span class=\"own own-0\" data-owner=\"guest\" title=\"guest\">A"
                + "</span>guest</span>"), "the legend");
        assertTrue(html.contains("<th class=\"lane-head\">p1<div class=\"key-names\"><span>key</span> </div></th>"));
        assertEquals("A", OwnerColours.letter(0));
        assertEquals("Z", OwnerColours.letter(25));
        assertEquals("AA", OwnerColours.letter(26));
    }

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
