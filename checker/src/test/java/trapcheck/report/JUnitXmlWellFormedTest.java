package trapcheck.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The JUnit report parses whatever a spec's name, path or message holds: characters XML does not
 * allow (a spec path may hold any byte but NUL and '/') are written as visible escapes.
 */
class JUnitXmlWellFormedTest {

    static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<SpecOutcome> outcomes(String text) {
        return List.of(SpecOutcome.error(text, "specs/" + text + ".yaml", text + ": topology: expected a map"),
                new SpecOutcome(text, text, "holds", List.of(), new SpecOutcome.Expected("violated", text),
                        SpecOutcome.Status.MISMATCH, 1, 1, 1, 0.1, text, null, 1, 0, "expected " + text));
    }

    @Test
    void controlCharactersInASpecPathAreEscaped() throws Exception {
        String hostile = "evil\u001b[2J\u0000\u0007\uFFFE\uD800name";
        Element testcase = (Element) parse(JUnitXml.toXml("suite\u0001", outcomes(hostile)))
                .getElementsByTagName("testcase").item(0);
        assertEquals("evil\\u001b[2J\\u0000\\u0007\\ufffe\\ud800name", testcase.getAttribute("name"));
        assertEquals("specs/evil\\u001b[2J\\u0000\\u0007\\ufffe\\ud800name.yaml", testcase.getAttribute("file"));
    }

    @Test
    void legalTextIsLeftAsItIs() throws Exception {
        String fine = "v5.2 \u00e9t\u00e9 \uD83D\uDE00 <&> \"quoted\"";
        Element testcase = (Element) parse(JUnitXml.toXml("s", outcomes(fine))).getElementsByTagName("testcase").item(0);
        assertEquals(fine, testcase.getAttribute("name"));
    }

    @Property(tries = 300)
    void everyStringGivesAReportThatParses(@ForAll @Chars({'\u0000', '\u001b', '\u0085', '\uFFFE', '\uFFFF', '\uD800',
            '\uDC00', '<', '&', '"', ']', '>'}) @CharRange(from = '\u0000', to = '\uFFFF') String text) throws Exception {
        Document doc = parse(JUnitXml.toXml(text, outcomes(text)));
        assertEquals(2, doc.getElementsByTagName("testcase").getLength());
        assertFalse(((Element) doc.getElementsByTagName("testcase").item(0)).getAttribute("name").isEmpty() && !text.isEmpty());
    }
}
