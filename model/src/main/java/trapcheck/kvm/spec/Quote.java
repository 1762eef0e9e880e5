package trapcheck.kvm.spec;

/**
 * Quotes user text inside an error message. Messages are one line and must stay readable whatever
 * the file holds, so control and line-separator characters are escaped and long values clipped.
 */
final class Quote {
    private static final int MAX = 40;

    private Quote() {
    }

    /** 'text', escaped and clipped. */
    static String value(String text) {
        return "'" + clip(text) + "'";
    }

    static String clip(String text) {
        return escape(text, MAX);
    }

    /** A file name: escaped like a value, never clipped (the end of a path is the part that matters). */
    static String path(java.nio.file.Path file) {
        return "'" + escape(file.toString(), Integer.MAX_VALUE) + "'";
    }

    private static String escape(String text, int max) {
        StringBuilder b = new StringBuilder();
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (count++ == max) {
                b.append("...");
                break;
            }
            if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }
}
