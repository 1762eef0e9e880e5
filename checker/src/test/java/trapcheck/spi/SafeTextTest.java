package trapcheck.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Text from files reaches a terminal with nothing a terminal would act on. */
class SafeTextTest {

    @Test
    void controlsSeparatorsAndBidiOverridesAreEscaped() {
        assertEquals("a\\u001b[2Jb\\u0007\\u000d\\u000a\\u0009\\u007f\\u009b\\u2028\\u202e\\u2066\\ufeffz",
                SafeText.line("a\u001b[2Jb\u0007\r\n\t\u007f\u009b\u2028\u202e\u2066\ufeffz"));
        assertEquals("line one\nline two\t\\u001b[31m\r\n", SafeText.lines("line one\nline two\t\u001b[31m\r\n"));
        assertEquals("\\u000d overwrite", SafeText.lines("\r overwrite"), "a lone carriage return is escaped");
    }

    @Test
    void ordinaryTextIsUnchanged() {
        String s = "vm0.vcpu0: in trap on cpu1, save_host_keys[APIA] -> été ✓ \uD83D\uDE00 \\u001b";
        assertEquals(s, SafeText.line(s));
        assertEquals(s, SafeText.lines(s));
    }

    @Test
    void clipShortensAfterEscaping() {
        assertEquals("abc...", SafeText.clip("abcdefghij", 6));
        assertEquals("ab", SafeText.clip("ab", 6));
    }

    @Test
    void theWriterEscapesWhateverPathItIsWrittenBy() throws IOException {
        StringWriter out = new StringWriter();
        Writer w = SafeText.writer(out);
        w.write('\u001b');
        w.write("[1m".toCharArray());
        w.write("x\u0008y\n", 0, 4);
        w.write("\n");
        w.flush();
        assertEquals("\\u001b[1mx\\u0008y\n\n", out.toString());
    }

    @Property(tries = 500)
    void nothingEscapedIsAControl(@ForAll String text) {
        for (char c : SafeText.line(text).toCharArray()) {
            assertTrue(!SafeText.unsafe(c, false), "U+" + Integer.toHexString(c));
        }
        for (char c : SafeText.lines(text).toCharArray()) {
            assertTrue(c == '\r' || !SafeText.unsafe(c, true), "U+" + Integer.toHexString(c));
        }
    }
}
