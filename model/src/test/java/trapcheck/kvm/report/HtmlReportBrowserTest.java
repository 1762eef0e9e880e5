package trapcheck.kvm.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import trapcheck.report.Counterexample;
import trapcheck.report.HeadlessChromium;
import trapcheck.report.HtmlReport;
import trapcheck.report.SpecOutcome;
import trapcheck.report.TraceJson;

/**
 * The HTML report of real counterexamples, rendered by headless Chromium. A copy of the page with a
 * probe script (test resources {@code probe-head.js}, {@code probe-measure.js}) records every script
 * error and measures the laid-out page at 1000 px: no label broken mid-word or spilling out of its
 * lane, no lane name cut, each owner one colour and letter wherever its values are, the culprit
 * selected on open. The pages and screenshots stay in {@code target/html-report/} for a person to look
 * at. Skipped, saying so, when Chromium is not installed ({@code .ci/run} installs it); with Chromium
 * present a wrong page fails.
 */
class HtmlReportBrowserTest {

    static final Path OUT = Path.of("target", "html-report");
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void needsChromium() {
        Assumptions.assumeTrue(HeadlessChromium.available(),
                "headless Chromium is not installed (/usr/bin/chromium): the HTML report's browser test did not run");
    }

    @Test
    @Timeout(400)
    void chromiumShowsTheCulpritTheOwnersColoursAndWholeWordsAt1000Px() throws Exception {
        var race = RealCounterexamples.check("v5.2-lazy-host-trap.yaml");
        var fixup = RealCounterexamples.check("broken-hyp-fixup-no-hcr-write.yaml");
        var fixed = RealCounterexamples.check("v5.7-stable-fix.yaml");
        var vacuous = RealCounterexamples.check("v5.9-physical-hcr-biglittle.yaml");
        Files.createDirectories(OUT);
        Map<String, Counterexample> cxs = new LinkedHashMap<>();
        cxs.put(race.target().name(), race.counterexample());
        cxs.put(fixup.target().name(), fixup.counterexample());
        TraceJson.write(race.counterexample(), OUT.resolve("v5.2-lazy-host-trap.trace.json"));
        TraceJson.write(fixup.counterexample(), OUT.resolve("broken-hyp-fixup-no-hcr-write.trace.json"));
        String evil = "evil<img src=x onerror=\"document.title='pwned'\">";
        SpecOutcome vacuousHold = vacuous.holdOutcome();
        assertEquals(List.of("asks.vcpu0 never entered the guest"), vacuousHold.vacuous());
        assertFalse(vacuousHold.neverFired().isEmpty(), "the vCPU that never runs leaves actions unfired");
        List<SpecOutcome> outcomes = List.of(
                race.outcome(OUT.resolve("v5.2-lazy-host-trap.trace.json").toString()),
                fixup.outcome(OUT.resolve("broken-hyp-fixup-no-hcr-write.trace.json").toString()),
                fixed.holdOutcome(), vacuousHold,
                SpecOutcome.error(evil, "specs/" + evil + ".yaml", "specs/x.yaml:1:1: name: " + evil));
        Path page = HtmlReport.find().write(OUT, outcomes, cxs);

        String dom = HeadlessChromium.dumpDom(page);
        assertTrue(dom.contains("data-ready=\"true\""), "the page's script ran");
        assertTrue(dom.contains("<title>trapcheck report</title>"), "no injected script ran");
        assertFalse(Pattern.compile("<img\\b").matcher(dom).find(), "the hostile name is text, not an element");
        assertTrue(dom.contains("evil&lt;img src=x"), "and is shown");

        // every step of both traces is a row; the culprit is selected in each when the page opens: the
        // race's step 18 (vm0 on cpu1 saves its VMM's key into cpu0's host context), the way from it
        // down to the symptom, step 22; the fixup's breaking step 5 is its own culprit
        int raceSteps = race.counterexample().steps().size();
        assertEquals(22, raceSteps);
        assertEquals(18, race.counterexample().culprit().step());
        assertEquals(raceSteps + 1 + fixup.counterexample().steps().size() + 1, count(dom, "<tr class=\"step"));
        assertTrue(dom.contains("<tr class=\"step culprit selected\" id=\"spec-v5.2-lazy-host-trap-step-18\""), dom);
        assertTrue(dom.contains("<tr class=\"step breaks way\" id=\"spec-v5.2-lazy-host-trap-step-22\""));
        assertEquals(3, count(dom, "<tr class=\"step way\""), "steps 19 to 21 lead to the symptom");
        assertTrue(dom.contains("href=\"#spec-v5.2-lazy-host-trap-step-22\">↓ symptom at step 22</a>"));
        assertTrue(dom.contains("<tr class=\"step breaks culprit selected\" id=\"spec-broken-hyp-fixup-no-hcr-write-step-5\""));
        assertEquals(2, count(dom, " selected\""), "one selected step per counterexample");
        assertTrue(dom.contains("step 18 wrote vm0's VMM into cpu0.host_ctx.APIA (../specs/v5.2-lazy-host-trap.yaml:50:49),"
                + " which reached cpu0.APIA at step 21"), "the culprit's way, as the text story says it");
        // anchors by spec name, for every spec
        for (String name : List.of("v5.2-lazy-host-trap", "broken-hyp-fixup-no-hcr-write", "v5.7-stable-fix",
                "v5.9-physical-hcr-biglittle")) {
            assertTrue(dom.contains("<section class=\"spec\" id=\"spec-" + name + "\">"), name);
            assertTrue(dom.contains("<a href=\"#spec-" + name + "\">"), name);
        }
        // a step's label is written once: its other lanes get a mark, not a truncated copy
        assertFalse(dom.contains("chip also"));
        assertEquals(raceSteps, count(dom.substring(0, dom.indexOf("id=\"spec-broken-hyp")), "<span class=\"also\""));
        // vacuity and the actions that never fired, in the index and in the spec's section
        assertTrue(dom.contains("<div class=\"vacuous small\">vacuous: asks.vcpu0 never entered the guest</div>"));
        assertTrue(dom.contains("<p class=\"vacuous\">holds (vacuous: asks.vcpu0 never entered the guest)</p>"));
        String never = "never fired: " + vacuousHold.neverFired().size() + " actions";
        assertEquals(2, count(dom, never), "in the index and the section: " + never);
        assertTrue(dom.contains("<code>" + vacuousHold.neverFired().get(0) + "</code>"));

        // only the selected step's state is visible; its changed fields carry the class
        Matcher shown = Pattern.compile("<div class=\"state\" data-step=\"(\\d+)\">").matcher(dom);
        assertEquals(List.of("18", "5"), shown.results().map(r -> r.group(1)).toList(), "the others are hidden");
        assertTrue(count(dom, "<tr class=\"changed\">") >= 5);
        assertTrue(dom.contains("cpu0 returns vm1's VMM to userspace holding vm0's VMM's APIAKey"));
        // the owners' legend, and the race's culprit write in its owner's swatch in cpu0's lane
        Matcher vmm = Pattern.compile("<span class=\"own (own-\\d)\" data-owner=\"vm0's VMM\" title=\"vm0's VMM\">(\\w)</span>")
                .matcher(dom);
        assertTrue(vmm.find(), "the legend names vm0's VMM");
        assertTrue(dom.contains("<span class=\"own " + vmm.group(1) + " moved\" data-owner=\"vm0's VMM\" "
                + "title=\"cpu0.host_ctx.APIA: vm0's VMM\">"), "the culprit's write, outlined, in vm0's VMM's colour");
        for (String lane : List.of("cpu0", "cpu1", "vm0.vcpu0", "vm1.vcpu0")) {
            assertTrue(dom.contains("<th class=\"lane-head\">" + lane), lane);
        }
        assertTrue(dom.contains("lanes without a step or an owned value: task0"), "an empty lane is named, not drawn");

        // laid out at 1000 px
        JsonNode probe = probe(page, "", 1000, 1400);
        assertEquals("true", probe.get("ready").asText());
        assertEquals("[]", probe.get("errors").toString(), "no script error or console.error");
        assertEquals("[]", probe.get("midWord").toString(), "no label breaks inside a word at 1000 px");
        assertEquals("[]", probe.get("overflowing").toString(), "no label spills out of its lane");
        assertEquals("[]", probe.get("truncatedHeads").toString(), "no lane name is cut");
        for (JsonNode w : probe.get("tellsWidths")) {
            assertTrue(w.asDouble() >= 170, "a lane that tells labels is at least 170 px wide: " + w);
        }
        assertEquals(0, probe.get("scroll").get(0).asInt(), "the race's four lanes fit beside the state at 1000 px");
        assertEquals("18", probe.get("selected").get(0).get("rows").asText());
        assertEquals("18", probe.get("selected").get(0).get("states").asText());
        assertEquals("5", probe.get("selected").get(1).get("rows").asText());
        // one look (colour and letter) per owner, a different one for each owner
        JsonNode owners = probe.get("owners");
        Set<String> looks = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = owners.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> owner = it.next();
            assertEquals(1, owner.getValue().size(), owner.getKey() + " looks the same everywhere: " + owner.getValue());
            assertTrue(looks.add(owner.getValue().fieldNames().next()), "a look of its own: " + owner.getKey());
        }
        for (String who : List.of("vm0.vcpu0", "vm1.vcpu0", "vm0's VMM", "vm1's VMM", "nobody")) {
            assertTrue(owners.has(who), who + " in " + owners);
        }
        assertNotEquals(owners.get("vm0's VMM").fieldNames().next(), owners.get("vm1's VMM").fieldNames().next());
        // a link to a step selects it
        JsonNode linked = probe(page, "spec-v5.2-lazy-host-trap-step-9", 1000, 1400);
        assertEquals("9", linked.get("selected").get(0).get("rows").asText());
        assertEquals("9", linked.get("selected").get(0).get("states").asText());

        screenshots(page, "report");
        // the race alone, its section first, as docs/html-report-5.2.png shows it
        Path alone = OUT.resolve("race");
        Files.createDirectories(alone);
        Path racePage = HtmlReport.find().write(alone, List.of(), Map.of(race.target().name(), race.counterexample()));
        Path png = OUT.resolve("race-1000x1250.png");
        HeadlessChromium.screenshot(racePage, png, 1000, 1250);
        assertTrue(Files.size(png) > 10_000);
    }

    @Test
    @Timeout(400)
    void aLongDfsCounterexampleIsShownHeadAndTailAroundTheCulprit() throws Exception {
        var dfs = RealCounterexamples.checkDfs("v5.2-lazy-host-trap.yaml");
        Counterexample cx = dfs.counterexample();
        int n = cx.steps().size();
        assertTrue(n > 1000, "DFS finds a long counterexample: " + n + " steps");
        int culprit = cx.culprit().step();
        Path dir = OUT.resolve("dfs");
        Files.createDirectories(dir);
        Path trace = dir.resolve("v5.2-lazy-host-trap.trace.json");
        TraceJson.write(cx, trace);
        Path page = HtmlReport.find().write(dir, List.of(dfs.outcome(trace.toString())), Map.of(cx.spec().name(), cx));
        String html = Files.readString(page);
        assertTrue(Files.size(page) < 2_000_000, "not every step's state: " + Files.size(page) + " bytes");
        assertTrue(html.contains(String.format(java.util.Locale.ROOT, "This counterexample has %,d steps;", n)), "says how long");
        assertTrue(html.contains("Every step is in <a class=\"mono\" href=\"./v5.2-lazy-host-trap.trace.json\">"),
                "and where they all are");
        assertTrue(html.contains("<tr class=\"gap\">"));
        for (int step : List.of(1, 60, culprit - 2, culprit, culprit + 2, n - 59, n)) {
            assertTrue(html.contains("id=\"spec-v5.2-lazy-host-trap-step-" + step + "\""), "step " + step + " shown");
        }
        assertFalse(html.contains("id=\"spec-v5.2-lazy-host-trap-step-" + (n / 3) + "\""), "a middle step is left out");

        JsonNode probe = probe(page, "", 1000, 1400);
        assertEquals("[]", probe.get("errors").toString());
        assertEquals(String.valueOf(culprit), probe.get("selected").get(0).get("rows").asText(), "the culprit, opened");
        assertEquals("[]", probe.get("midWord").toString());
        assertEquals("[]", probe.get("overflowing").toString());
        assertEquals("[]", probe.get("truncatedHeads").toString());
        assertEquals(0, probe.get("scroll").get(0).asInt(), "five lanes (task0 too) fit beside the state at 1000 px");
        screenshots(page, "dfs");
    }

    /** The probe's measurements of the page laid out at this size. */
    static JsonNode probe(Path page, String fragment, int width, int height) throws Exception {
        String html = Files.readString(page);
        String probed = html.replace("<head>\n", "<head>\n<script>\n" + resource("probe-head.js") + "</script>\n")
                .replace("</body>", "<script>\n" + resource("probe-measure.js") + "</script>\n</body>");
        Path copy = page.resolveSibling("probe.html");
        Files.writeString(copy, probed);
        String dom = HeadlessChromium.dumpDom(copy, fragment, width, height);
        Matcher m = Pattern.compile("<pre id=\"probe\">(\\{.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "the probe ran: " + dom.substring(Math.max(0, dom.length() - 2000)));
        String json = m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
        return JSON.readTree(json);
    }

    static void screenshots(Path page, String name) throws Exception {
        for (int[] size : new int[][] {{1000, 1600}, {1400, 1000}}) {
            Path png = OUT.resolve(name + "-" + size[0] + "x" + size[1] + ".png");
            HeadlessChromium.screenshot(page, png, size[0], size[1]);
            assertTrue(Files.size(png) > 10_000, "a real picture: " + png);
        }
    }

    static String resource(String name) throws Exception {
        try (InputStream in = HtmlReportBrowserTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
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
