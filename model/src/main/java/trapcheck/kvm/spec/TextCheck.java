package trapcheck.kvm.spec;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a spec's bytes as strict UTF-8 and refuses characters YAML does not allow, locating the
 * first offender. Done before parsing so that a binary or mis-encoded file gets "line 3, column 7:
 * invalid UTF-8 byte 0xff" rather than whatever the scanner makes of it.
 */
final class TextCheck {
    private TextCheck() {
    }

    /** The text, without a leading byte-order mark. */
    static String decode(byte[] content) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content);
        CharBuffer out = CharBuffer.allocate(content.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            out.flip();
            int bad = content[in.position()] & 0xff;
            throw located(out.toString(), "the file is not UTF-8 text: invalid byte "
                    + String.format("0x%02x", bad) + " (binary data?)");
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        if (text.startsWith("\ufeff")) {
            text = text.substring(1);
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!printable(cp)) {
                throw located(text.substring(0, i), String.format(
                        "the file holds the control character U+%04X, which YAML does not allow (binary data?)", cp));
            }
            i += Character.charCount(cp);
        }
        return text;
    }

    /** YAML 1.1's printable set, as SnakeYAML's StreamReader checks it. */
    private static boolean printable(int c) {
        return (c >= 0x20 && c <= 0x7e) || c == 0x9 || c == 0xa || c == 0xd || c == 0x85
                || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
    }

    /** An error at the position just after {@code before}, counting lines as YAML does. */
    private static SpecError located(String before, String problem) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < before.length(); i++) {
            char c = before.charAt(i);
            boolean crlf = c == '\r' && i + 1 < before.length() && before.charAt(i + 1) == '\n';
            if (c == '\n' || (c == '\r' && !crlf) || c == 0x85 || c == 0x2028 || c == 0x2029) {
                line++;
                column = 1;
            } else if (!crlf && !Character.isLowSurrogate(c)) {
                column++;
            }
        }
        return new SpecError(line, column, "", problem);
    }
}
