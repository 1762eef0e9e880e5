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
        assertTrue(html.contains("data-step=\"4\" tabindex=\"0\"><td class=\"n\">4</td><td class=\"lane\"></td>"
                + "<td class=\"lane act\"><div class=\"chip\"><span class=\"label\">right increments 0 -&gt; 1"), html);
        assertTrue(html.contains("<tr class=\"step breaks\" data-step=\"5\""));
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

    static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
