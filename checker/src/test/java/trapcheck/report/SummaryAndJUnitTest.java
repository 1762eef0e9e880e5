package trapcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class SummaryAndJUnitTest {

    static List<SpecOutcome> outcomes() {
        var matched = new SpecOutcome("a-good", "specs/a.yaml", "violated", List.of("x", "y"),
                new SpecOutcome.Expected("violated", "x"), SpecOutcome.Status.MATCHED, 25_802, 99_000, 14, 0.4321,
                "reports/out/a-good.trace.json", null, 4, 1.5e-9, null);
        var mismatch = new SpecOutcome("b-<bad>&", "specs/b.yaml", "holds", List.of(),
                new SpecOutcome.Expected("violated", "x"), SpecOutcome.Status.MISMATCH, 10, 20, 3, 0.1, null, null, 4,
                0, "expected violated/x but it holds");
        var limit = new SpecOutcome("c-big", "specs/c.yaml", "incomplete", List.of(),
                new SpecOutcome.Expected("holds", null), SpecOutcome.Status.LIMIT, 1000, 5000, 7, 2, null,
                "max-states", 4, 0, "stopped by max-states before a verdict (expected holds)");
        var error = SpecOutcome.error("d-broken", "specs/d.yaml", "specs/d.yaml:3:5: topology: expected a map");
        return List.of(matched, mismatch, limit, error);
    }

    @Test
    void summaryHasOneResultPerSpecWithEveryField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("summary.json");
        SummaryJson.write(file, "trapcheck", "0.1.0", outcomes(), false);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals("trapcheck", root.get("tool").asText());
        assertEquals("0.1.0", root.get("version").asText());
        assertEquals(false, root.get("interrupted").asBoolean());
        JsonNode results = root.get("results");
        assertEquals(4, results.size());
        JsonNode a = results.get(0);
        for (String key : List.of("spec", "file", "verdict", "invariants", "expected", "matched", "states",
                "transitions", "depth", "seconds", "trace", "stoppedBy", "threads", "collisionProbability")) {
            assertTrue(a.has(key), "missing " + key);
        }
        assertEquals("a-good", a.get("spec").asText());
        assertEquals("[\"x\",\"y\"]", a.get("invariants").toString());
        assertEquals("{\"verdict\":\"violated\",\"invariant\":\"x\"}", a.get("expected").toString());
        assertTrue(a.get("matched").asBoolean());
        assertEquals(25_802, a.get("states").asLong());
        assertEquals(99_000, a.get("transitions").asLong());
        assertEquals(0.432, a.get("seconds").asDouble());
        assertEquals("reports/out/a-good.trace.json", a.get("trace").asText());
        assertTrue(a.get("stoppedBy").isNull());
        assertEquals(1.5e-9, a.get("collisionProbability").asDouble());
        assertEquals(false, results.get(1).get("matched").asBoolean());
        assertTrue(results.get(1).get("trace").isNull());
        assertEquals("max-states", results.get(2).get("stoppedBy").asText());
        assertEquals("error", results.get(3).get("verdict").asText());
        assertTrue(results.get(3).get("expected").isNull());
        assertEquals("specs/d.yaml:3:5: topology: expected a map", results.get(3).get("message").asText());
    }

    @Test
    void junitHasATestcasePerSpecWithFailureErrorAndSkipped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("junit.xml");
        JUnitXml.write(file, "trapcheck", outcomes(), java.util.Map.of(), false);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(Files.readString(file).getBytes(StandardCharsets.UTF_8)));
        Element suite = doc.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("4", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        assertEquals("1", suite.getAttribute("skipped"));
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(4, cases.getLength());
        Element a = (Element) cases.item(0);
        assertEquals("trapcheck", a.getAttribute("classname"));
        assertEquals("a-good", a.getAttribute("name"));
        assertEquals(0, a.getChildNodes().getLength());
        Element b = (Element) cases.item(1);
        assertEquals("b-<bad>&", b.getAttribute("name"));
        Element failure = (Element) b.getElementsByTagName("failure").item(0);
        assertEquals("expected violated/x but it holds", failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("expected: violated/x"), failure.getTextContent());
        Element c = (Element) cases.item(2);
        assertEquals(1, c.getElementsByTagName("skipped").getLength());
        Element d = (Element) cases.item(3);
        Element error = (Element) d.getElementsByTagName("error").item(0);
        assertEquals("specs/d.yaml:3:5: topology: expected a map", error.getAttribute("message"));
    }

    @Test
    void byDefaultALimitIsAFailureWhoseBodySaysWhatWasExplored() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(
                JUnitXml.toXml("trapcheck", outcomes()).getBytes(StandardCharsets.UTF_8)));
        Element suite = doc.getDocumentElement();
        assertEquals("2", suite.getAttribute("failures"));
        assertEquals("0", suite.getAttribute("skipped"));
        Element c = (Element) suite.getElementsByTagName("testcase").item(2);
        assertEquals(0, c.getElementsByTagName("skipped").getLength());
        Element failure = (Element) c.getElementsByTagName("failure").item(0);
        assertEquals("Incomplete", failure.getAttribute("type"));
        assertEquals("stopped by max-states before a verdict (expected holds)", failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("explored: 1,000 states, 7 steps deep"), failure.getTextContent());
    }

    @Test
    void aFailureBodyHoldsTheBrokenExplanationsAndTheTracePath() throws Exception {
        var violated = new SpecOutcome("v", "specs/v.yaml", "violated", List.of("not-both-max"),
                new SpecOutcome.Expected("holds", null), SpecOutcome.Status.MISMATCH, 11, 20, 5, 0.1,
                "out/v.trace.json", null, 1, 0, "expected holds but it breaks [not-both-max]");
        Counterexample cx = TraceTextTest.counterexample();
        String xml = JUnitXml.toXml("trapcheck", List.of(violated), java.util.Map.of("v", cx), true);
        Element failure = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getElementsByTagName("failure").item(0);
        String body = failure.getTextContent();
        Counterexample.Broken broken = cx.violated().get(0);
        assertTrue(body.contains("BROKEN " + broken.id() + ": " + broken.explanation()), body);
        assertTrue(body.contains("counterexample: out/v.trace.json"), body);
    }
}
