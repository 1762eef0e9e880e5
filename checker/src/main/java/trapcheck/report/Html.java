package trapcheck.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Escaping and the shared look of the HTML reports. Every string that reaches a page from a spec or a
 * model (names, labels, field names and values, explanations, paths) goes through {@link #text} or
 * {@link #attr}; the pages hold no other user text.
 */
public final class Html {

    private Html() {
    }

    /** Text content: {@code & < > " '} become entities; a null is the empty string. */
    public static String text(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // Control characters other than tab/newline would make the page invalid.
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        b.append("&#xFFFD;");
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** An attribute value (to be written inside double quotes). */
    public static String attr(String s) {
        return text(s).replace("\n", "&#10;").replace("\r", "&#13;");
    }

    /**
     * A relative link to a file name (no directory part): every byte but unreserved characters is
     * percent-encoded, so a name can neither leave the folder nor become a {@code javascript:} URL.
     */
    public static String fileHref(String fileName) {
        StringBuilder b = new StringBuilder("./");
        for (byte x : fileName.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    /** The style sheet the reports share (inline, no web fonts, no network). */
    public static String baseCss() {
        return BASE_CSS;
    }

    /** The style sheet both reports share: inline, no web fonts, no network. */
    private static final String BASE_CSS = resource(Html.class, "base.css");

    /**
     * A text file shipped beside {@code owner} (a style sheet or script in
     * {@code src/main/resources/<owner's package>/}), read once by the constant that holds it.
     */
    public static String resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(owner.getPackageName() + "/" + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
