package trapcheck.spi;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Text that came from outside (a file name, a trace file, a spec) made safe to print on a terminal:
 * nothing in it can move the cursor, clear the screen, change colours, reorder what follows or
 * start a new line that looks like trapcheck's own. One rule for every side of the SPI: the CLI's
 * output streams go through {@link #writer} (a net under everything every command prints); what a
 * command, a report or a model quotes from a file inside one of its lines goes through {@link #line}
 * first (a spec error's file name in {@link SpecException}, the loader's quoted values).
 *
 * <p>Escaped as {@code \\uXXXX}: C0 controls and DEL, C1 controls, the line and paragraph separators,
 * the bidirectional embeddings, overrides and isolates, and the byte-order mark.
 */
public final class SafeText {

    private SafeText() {
    }

    /** The text as one line: also newlines, carriage returns and tabs escaped. */
    public static String line(String text) {
        return text == null ? null : escape(text, false);
    }

    /** The text with its line ends and tabs kept, everything else {@link #line} escapes escaped. */
    public static String lines(String text) {
        return text == null ? null : escape(text, true);
    }

    /** {@link #line}, shortened to at most {@code max} characters (then ending in "..."). */
    public static String clip(String text, int max) {
        String s = line(text);
        return s == null || s.length() <= max ? s : s.substring(0, Math.max(0, max - 3)) + "...";
    }

    /** Whether {@code c} is escaped ({@code keepLineEnds}: except newline and tab). */
    public static boolean unsafe(char c, boolean keepLineEnds) {
        if (c == '\n' || c == '\t') {
            return !keepLineEnds;
        }
        return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                || c == 0x061c || c == 0xfeff;
    }

    private static String escape(String text, boolean keepLineEnds) {
        StringBuilder b = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean bad = unsafe(c, keepLineEnds)
                    && !(keepLineEnds && c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n');
            if (bad && b == null) {
                b = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (b != null) {
                if (bad) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? text : b.toString();
    }

    /** A writer that escapes as {@link #lines} does, character by character, before {@code out} sees them. */
    public static Writer writer(Writer out) {
        return new FilterWriter(out) {
            @Override
            public void write(int c) throws IOException {
                if (unsafe((char) c, true)) {
                    out.write(String.format("\\u%04x", c & 0xffff));
                } else {
                    out.write(c);
                }
            }

            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                out.write(escape(new String(cbuf, off, len), true));
            }

            @Override
            public void write(String str, int off, int len) throws IOException {
                out.write(escape(str.substring(off, off + len), true));
            }
        };
    }
}
