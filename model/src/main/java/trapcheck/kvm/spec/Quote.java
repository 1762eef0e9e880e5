package trapcheck.kvm.spec;

import trapcheck.spi.SafeText;

/**
 * Quotes user text inside an error message. Messages are one line and must stay readable whatever
 * the file holds, so what {@link SafeText} escapes (controls, separators, bidi overrides) is escaped
 * the same way, and long values clipped.
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
            if (Character.isBmpCodePoint(cp) && SafeText.unsafe((char) cp, false)) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        }
        return b.toString();
    }
}
