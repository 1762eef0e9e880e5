package trapcheck.report;

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
    static final String BASE_CSS = """
            :root { --fg:#1d2330; --muted:#5d6677; --line:#d7dce5; --bg:#ffffff; --panel:#f6f8fb;
                    --bad:#b3261e; --badbg:#fdecea; --good:#1e7b34; --goodbg:#e7f5ea; --warn:#8a5a00;
                    --warnbg:#fff4d6; --chg:#fff1b8; --sel:#dbe8ff; }
            * { box-sizing: border-box; }
            body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
                   color: var(--fg); background: var(--bg); }
            header.top { padding: 14px 24px; border-bottom: 1px solid var(--line); background: var(--panel); }
            header.top h1 { margin: 0; font-size: 20px; }
            header.top p { margin: 4px 0 0; color: var(--muted); }
            main { padding: 8px 24px 40px; }
            h2 { font-size: 17px; margin: 28px 0 6px; }
            code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
            table { border-collapse: collapse; }
            th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
            th { background: var(--panel); font-weight: 600; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            .verdict { font-weight: 600; }
            .v-holds { color: var(--good); }
            .v-violated { color: var(--bad); }
            .v-incomplete, .v-limit { color: var(--warn); }
            .v-error { color: var(--bad); font-style: italic; }
            .badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 12px; font-weight: 600; }
            .b-ok { background: var(--goodbg); color: var(--good); }
            .b-bad { background: var(--badbg); color: var(--bad); }
            .b-warn { background: var(--warnbg); color: var(--warn); }
            .muted { color: var(--muted); }
            a { color: #1a56c4; }
            """;
}
