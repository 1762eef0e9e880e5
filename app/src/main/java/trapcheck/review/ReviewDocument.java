package trapcheck.review;

import java.util.ArrayList;
import java.util.List;
import trapcheck.report.Html;

/**
 * A report of {@code mutate}, {@code sweep} or {@code repair} as a list of blocks (headings,
 * paragraphs, tables, preformatted text, bullet lists), rendered once as Markdown for stdout and the
 * docs and once as a self-contained HTML page, so that the two always say the same.
 */
public final class ReviewDocument {

    private sealed interface Block permits Heading, Paragraph, Table, Pre, Bullets {
    }

    private record Heading(int level, String text) implements Block {
    }

    private record Paragraph(String text) implements Block {
    }

    /** {@code numeric}: a column of numbers, right-aligned. */
    private record Table(List<String> header, boolean[] numeric, List<List<String>> rows) implements Block {
    }

    private record Pre(String text) implements Block {
    }

    private record Bullets(List<String> items) implements Block {
    }

    private final List<Block> blocks = new ArrayList<>();

    public ReviewDocument heading(int level, String text) {
        blocks.add(new Heading(level, text));
        return this;
    }

    /** A paragraph; {@code `code`} spans are kept as code in both renderings. */
    public ReviewDocument paragraph(String text) {
        blocks.add(new Paragraph(text));
        return this;
    }

    /** A table; a header ending in ":" marks a numeric column (the colon is not shown). */
    public ReviewDocument table(List<String> header, List<List<String>> rows) {
        boolean[] numeric = new boolean[header.size()];
        List<String> names = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i);
            numeric[i] = h.endsWith(":");
            names.add(numeric[i] ? h.substring(0, h.length() - 1) : h);
        }
        blocks.add(new Table(names, numeric, rows.stream().map(List::copyOf).toList()));
        return this;
    }

    public ReviewDocument pre(String text) {
        blocks.add(new Pre(text));
        return this;
    }

    public ReviewDocument bullets(List<String> items) {
        if (!items.isEmpty()) {
            blocks.add(new Bullets(List.copyOf(items)));
        }
        return this;
    }

    // ---- Markdown ----

    public String markdown() {
        StringBuilder b = new StringBuilder();
        for (Block block : blocks) {
            if (!b.isEmpty()) {
                b.append('\n');
            }
            if (block instanceof Heading h) {
                b.append("#".repeat(h.level())).append(' ').append(h.text()).append('\n');
            } else if (block instanceof Paragraph p) {
                b.append(p.text()).append('\n');
            } else if (block instanceof Table t) {
                b.append('|');
                t.header().forEach(h -> b.append(' ').append(cell(h)).append(" |"));
                b.append("\n|");
                for (boolean n : t.numeric()) {
                    b.append(n ? " ---: |" : " --- |");
                }
                b.append('\n');
                for (List<String> row : t.rows()) {
                    b.append('|');
                    row.forEach(c -> b.append(' ').append(cell(c)).append(" |"));
                    b.append('\n');
                }
            } else if (block instanceof Pre p) {
                b.append("```\n").append(p.text().stripTrailing()).append("\n```\n");
            } else if (block instanceof Bullets l) {
                l.items().forEach(i -> b.append("- ").append(i.replace('\n', ' ')).append('\n'));
            }
        }
        return b.toString();
    }

    /** A table cell: pipes escaped, one line; code spans ({@code `...`}) kept. */
    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace('\n', ' ').replace('\r', ' ');
    }

    // ---- HTML ----

    /** A self-contained page (inline style, no script, no network). */
    public String html(String title) {
        StringBuilder b = new StringBuilder(16 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(Html.text(title)).append("</title>\n<style>\n").append(Html.baseCss()).append(CSS)
                .append("</style>\n</head>\n<body>\n<header class=\"top\"><h1>").append(Html.text(title))
                .append("</h1></header>\n<main>\n");
        for (Block block : blocks) {
            if (block instanceof Heading h) {
                int level = Math.min(6, h.level() + 1);
                b.append("<h").append(level).append('>').append(inline(h.text())).append("</h").append(level).append(">\n");
            } else if (block instanceof Paragraph p) {
                b.append("<p>").append(inline(p.text())).append("</p>\n");
            } else if (block instanceof Table t) {
                b.append("<table class=\"review\"><thead><tr>");
                for (int i = 0; i < t.header().size(); i++) {
                    b.append(t.numeric()[i] ? "<th class=\"num\">" : "<th>").append(inline(t.header().get(i))).append("</th>");
                }
                b.append("</tr></thead>\n<tbody>\n");
                for (List<String> row : t.rows()) {
                    b.append("<tr>");
                    for (int i = 0; i < row.size(); i++) {
                        boolean num = i < t.numeric().length && t.numeric()[i];
                        b.append(num ? "<td class=\"num\">" : "<td>").append(inline(row.get(i))).append("</td>");
                    }
                    b.append("</tr>\n");
                }
                b.append("</tbody></table>\n");
            } else if (block instanceof Pre p) {
                b.append("<pre>").append(Html.text(p.text().stripTrailing())).append("</pre>\n");
            } else if (block instanceof Bullets l) {
                b.append("<ul>\n");
                l.items().forEach(i -> b.append("<li>").append(inline(i)).append("</li>\n"));
                b.append("</ul>\n");
            }
        }
        b.append("</main>\n</body>\n</html>\n");
        return b.toString();
    }

    /** Text with {@code `code`} spans and {@code **bold**} as HTML, everything else escaped. */
    static String inline(String s) {
        StringBuilder b = new StringBuilder();
        String[] parts = s.split("`", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i % 2 == 1 && i < parts.length - 1) {
                b.append("<code>").append(Html.text(parts[i])).append("</code>");
            } else {
                String text = i % 2 == 1 ? "`" + parts[i] : parts[i];
                String[] bold = text.split("\\*\\*", -1);
                for (int j = 0; j < bold.length; j++) {
                    if (j % 2 == 1 && j < bold.length - 1) {
                        b.append("<strong>").append(Html.text(bold[j])).append("</strong>");
                    } else {
                        b.append(Html.text(j % 2 == 1 ? "**" + bold[j] : bold[j]));
                    }
                }
            }
        }
        return b.toString();
    }

    private static final String CSS = Html.resource(ReviewDocument.class, "review.css");
}
