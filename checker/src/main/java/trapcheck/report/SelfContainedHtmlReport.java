package trapcheck.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report of a {@code check --html} run: one file, {@code index.html} in the output folder
 * beside the {@code *.trace.json} files, with inline CSS and JavaScript and no network access, so it
 * opens from the file system and can be attached to a CI run as is.
 *
 * <p>The page starts with an index of every spec checked (name, verdict, broken properties, expected,
 * matched, states, time, a link to its counterexample). Each counterexample follows in its own section:
 * the broken properties' explanations first, in a red box; then a timeline with one column per lane of
 * the model ({@link Counterexample#lanes()}) and one row per step, the step's label written in the
 * lanes of its actors (the first actor's chip in full colour, the others lighter); beside it the state
 * after the selected step as a table of every field, the fields the step changed marked with the CSS
 * class {@code changed} (old value struck through). Clicking a row (or the arrow keys, or j/k, on a
 * focused row) selects a step; the last step is selected when the page loads.
 *
 * <p>The page is complete without JavaScript (every state table is then shown, one after the other);
 * the script only selects and hides. All model text goes through {@link Html#text}; the script reads
 * only numbers from the page, so a spec cannot inject markup or code. Output is deterministic (no
 * time stamp): the same run writes the same bytes.
 */
public final class SelfContainedHtmlReport implements HtmlReport {

    /** The file written in the output folder. */
    public static final String FILE_NAME = "index.html";

    @Override
    public Path write(Path outDir, List<SpecOutcome> outcomes, Map<String, Counterexample> counterexamples)
            throws IOException {
        Path index = outDir.resolve(FILE_NAME);
        AtomicFiles.writeString(index, render(outcomes, counterexamples));
        return index;
    }

    /** The page for these outcomes; counterexamples by spec name. */
    public static String render(List<SpecOutcome> outcomes, Map<String, Counterexample> counterexamples) {
        // One section per distinct counterexample, in the order of the outcomes.
        Map<String, Integer> sectionOf = new LinkedHashMap<>();
        List<Counterexample> sections = new ArrayList<>();
        for (SpecOutcome o : outcomes) {
            Counterexample cx = counterexamples.get(o.spec());
            if (cx != null && !sectionOf.containsKey(o.spec())) {
                sections.add(cx);
                sectionOf.put(o.spec(), sections.size());
            }
        }
        for (Map.Entry<String, Counterexample> e : counterexamples.entrySet()) {
            if (!sectionOf.containsKey(e.getKey())) {
                sections.add(e.getValue());
                sectionOf.put(e.getKey(), sections.size());
            }
        }
        Map<String, String> traceFileOf = new HashMap<>();
        for (SpecOutcome o : outcomes) {
            if (o.trace() != null) {
                Path name = Path.of(o.trace()).getFileName();
                traceFileOf.putIfAbsent(o.spec(), name == null ? o.trace() : name.toString());
            }
        }

        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>trapcheck report</title>\n<style>\n").append(Html.baseCss()).append(CSS)
                .append("</style>\n</head>\n<body>\n");
        header(b, outcomes, sections);
        b.append("<main>\n");
        index(b, outcomes, sectionOf);
        for (int i = 0; i < sections.size(); i++) {
            Counterexample cx = sections.get(i);
            section(b, i + 1, cx, traceFileOf.get(cx.spec().name()));
        }
        b.append("</main>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void header(StringBuilder b, List<SpecOutcome> outcomes, List<Counterexample> sections) {
        long matched = outcomes.stream().filter(o -> o.status() == SpecOutcome.Status.MATCHED).count();
        long mismatched = outcomes.stream().filter(o -> o.status() == SpecOutcome.Status.MISMATCH).count();
        long limited = outcomes.stream().filter(o -> o.status() == SpecOutcome.Status.LIMIT).count();
        long invalid = outcomes.stream().filter(o -> o.status() == SpecOutcome.Status.ERROR).count();
        b.append("<header class=\"top\"><h1>trapcheck report</h1><p>")
                .append(outcomes.size()).append(outcomes.size() == 1 ? " spec" : " specs").append(": ")
                .append(matched).append(" as expected, ").append(mismatched).append(" mismatched, ")
                .append(limited).append(" stopped by a limit, ").append(invalid).append(" invalid &middot; ")
                .append(sections.size()).append(sections.size() == 1 ? " counterexample" : " counterexamples");
        if (!sections.isEmpty()) {
            Counterexample.Tool tool = sections.get(0).tool();
            b.append(" &middot; ").append(Html.text(tool.name())).append(' ').append(Html.text(tool.version()));
        }
        b.append("</p></header>\n");
    }

    private static void index(StringBuilder b, List<SpecOutcome> outcomes, Map<String, Integer> sectionOf) {
        b.append("<section id=\"index\">\n<h2>Specs checked</h2>\n<table class=\"index\">\n<thead><tr>")
                .append("<th>spec</th><th>verdict</th><th>broken</th><th>expected</th><th>matched</th>")
                .append("<th class=\"num\">states</th><th class=\"num\">time</th><th>counterexample</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (SpecOutcome o : outcomes) {
            b.append("<tr class=\"spec-row\"><td><span class=\"spec-name\">").append(Html.text(o.spec()))
                    .append("</span>");
            if (o.file() != null) {
                b.append("<br><span class=\"muted mono\">").append(Html.text(o.file())).append("</span>");
            }
            if (!o.facts().isEmpty()) {
                b.append("<br><span class=\"muted small\">").append(Html.text(o.factsText())).append("</span>");
            }
            b.append("</td><td class=\"verdict v-").append(Html.attr(cssWord(o.verdict()))).append("\">")
                    .append(Html.text(o.verdict()));
            if (!o.vacuous().isEmpty()) {
                b.append("<div class=\"muted small\">vacuous: ").append(Html.text(String.join(", ", o.vacuous())))
                        .append("</div>");
            }
            b.append("</td><td>");
            b.append(o.invariants().isEmpty() ? "&ndash;" : codeList(o.invariants()));
            b.append("</td><td>").append(o.expected() == null ? "&ndash;" : Html.text(o.expected().toString()))
                    .append("</td><td>").append(statusBadge(o.status()));
            if (o.message() != null && o.status() != SpecOutcome.Status.MATCHED) {
                b.append("<div class=\"muted small\">").append(Html.text(o.message())).append("</div>");
            }
            b.append("</td>");
            if (o.status() == SpecOutcome.Status.ERROR) {
                b.append("<td class=\"num\">&ndash;</td><td class=\"num\">&ndash;</td>");
            } else {
                b.append("<td class=\"num\">").append(String.format(Locale.ROOT, "%,d", o.states()))
                        .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.1f s", o.seconds()))
                        .append("</td>");
            }
            b.append("<td>");
            Integer section = sectionOf.get(o.spec());
            if (section != null) {
                b.append("<a href=\"#cx-").append(section).append("\">view</a>");
            } else {
                b.append("&ndash;");
            }
            if (o.trace() != null) {
                Path name = Path.of(o.trace()).getFileName();
                String file = name == null ? o.trace() : name.toString();
                b.append(" &middot; <a class=\"mono\" href=\"").append(Html.attr(Html.fileHref(file))).append("\">")
                        .append(Html.text(file)).append("</a>");
            }
            b.append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n</section>\n");
    }

    private static void section(StringBuilder b, int number, Counterexample cx, String traceFile) {
        int n = cx.steps().size();
        List<String> lanes = cx.lanes();
        b.append("<section class=\"cx\" id=\"cx-").append(number).append("\" data-steps=\"").append(n)
                .append("\" data-selected=\"").append(n).append("\">\n");
        b.append("<h2>Counterexample: <span class=\"spec-name\">").append(Html.text(cx.spec().name()))
                .append("</span> <span class=\"muted\">").append(n).append(n == 1 ? " step" : " steps")
                .append("</span></h2>\n<p class=\"muted\">");
        if (cx.spec().path() != null) {
            b.append("spec <span class=\"mono\">").append(Html.text(cx.spec().path())).append("</span>");
        }
        if (traceFile != null) {
            b.append(cx.spec().path() != null ? " &middot; " : "").append("trace <a class=\"mono\" href=\"")
                    .append(Html.attr(Html.fileHref(traceFile))).append("\">").append(Html.text(traceFile))
                    .append("</a>");
        }
        b.append(" &middot; <a href=\"#index\">back to the index</a></p>\n");

        b.append("<div class=\"broken-box\">\n");
        for (Counterexample.Broken broken : cx.violated()) {
            String why = broken.explanation() == null || broken.explanation().isBlank()
                    ? broken.description() : broken.explanation();
            b.append("<div class=\"broken\"><span class=\"badge b-bad\">BROKEN</span> <code class=\"prop\">")
                    .append(Html.text(broken.id())).append("</code><p class=\"explanation\">").append(Html.text(why))
                    .append("</p>");
            if (broken.description() != null && !broken.description().isBlank() && !broken.description().equals(why)) {
                b.append("<p class=\"muted small\">").append(Html.text(broken.id())).append(": ")
                        .append(Html.text(broken.description())).append("</p>");
            }
            b.append("</div>\n");
        }
        b.append("</div>\n");

        b.append("<div class=\"cx-body\">\n<div class=\"timeline-wrap\">\n<table class=\"timeline\" style=\"min-width: calc(3.2em + ")
                .append(Math.max(1, lanes.size()) * 10).append("em)\">\n<thead><tr><th class=\"n\">#</th>");
        for (String lane : lanes) {
            b.append("<th class=\"lane-head\">").append(Html.text(lane)).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        int span = Math.max(1, lanes.size());
        b.append("<tr class=\"step\" data-step=\"0\" tabindex=\"0\"><td class=\"n\">0</td><td class=\"init\" colspan=\"")
                .append(span).append("\">initial state");
        if (!cx.initial().violations().isEmpty()) {
            b.append(" <span class=\"badge b-bad\">breaks ").append(Html.text(String.join(", ",
                    cx.initial().violations()))).append("</span>");
        }
        b.append("</td></tr>\n");
        for (Counterexample.Step s : cx.steps()) {
            stepRow(b, s, lanes, span);
        }
        b.append("</tbody>\n</table>\n</div>\n");

        b.append("<aside class=\"state-panel\">\n<label class=\"toggle\"><input type=\"checkbox\" class=\"only-changed\">")
                .append(" only the changed fields</label>\n");
        stateTable(b, 0, "initial state", cx.initial().state(), Map.of(), cx.initial().violations());
        for (Counterexample.Step s : cx.steps()) {
            stateTable(b, s.index(), s.label(), s.state(), s.changed(), s.violations());
        }
        b.append("</aside>\n</div>\n</section>\n");
    }

    private static void stepRow(StringBuilder b, Counterexample.Step s, List<String> lanes, int span) {
        boolean breaks = !s.violations().isEmpty();
        b.append("<tr class=\"step").append(breaks ? " breaks" : "").append("\" data-step=\"").append(s.index())
                .append("\" tabindex=\"0\"><td class=\"n\">").append(s.index()).append("</td>");
        List<String> actors = s.actors().stream().filter(lanes::contains).toList();
        if (actors.isEmpty()) {
            b.append("<td class=\"lane act\" colspan=\"").append(span).append("\">");
            chip(b, s, true);
            b.append("</td>");
        } else {
            for (String lane : lanes) {
                int at = actors.indexOf(lane);
                if (at < 0) {
                    b.append("<td class=\"lane\"></td>");
                } else {
                    b.append("<td class=\"lane act\">");
                    chip(b, s, at == 0);
                    b.append("</td>");
                }
            }
        }
        b.append("</tr>\n");
    }

    private static void chip(StringBuilder b, Counterexample.Step s, boolean primary) {
        b.append("<div class=\"chip").append(primary ? "" : " also").append("\"><span class=\"label\">")
                .append(Html.text(s.label())).append("</span>");
        int changed = s.changed().size();
        if (primary) {
            b.append(" <span class=\"changes\">").append(changed).append(changed == 1 ? " field" : " fields")
                    .append("</span>");
            if (!s.violations().isEmpty()) {
                b.append(" <span class=\"badge b-bad\">breaks ").append(Html.text(String.join(", ", s.violations())))
                        .append("</span>");
            }
        }
        b.append("</div>");
    }

    private static void stateTable(StringBuilder b, int index, String label, Map<String, String> state,
                                   Map<String, Counterexample.Change> changed, List<String> violations) {
        b.append("<div class=\"state\" data-step=\"").append(index).append("\">\n<h3><span class=\"n\">")
                .append(index).append("</span> ").append(Html.text(label)).append("</h3>\n");
        if (!violations.isEmpty()) {
            b.append("<p><span class=\"badge b-bad\">breaks ").append(Html.text(String.join(", ", violations)))
                    .append("</span></p>\n");
        }
        b.append("<p class=\"muted small\">").append(changed.size())
                .append(changed.size() == 1 ? " field changed" : " fields changed").append("</p>\n")
                .append("<table class=\"fields\"><thead><tr><th>field</th><th>value after the step</th></tr></thead><tbody>\n");
        Map<String, String> rows = new LinkedHashMap<>(state);
        for (String gone : changed.keySet()) {
            rows.putIfAbsent(gone, null);
        }
        for (Map.Entry<String, String> e : rows.entrySet()) {
            Counterexample.Change c = changed.get(e.getKey());
            b.append(c != null ? "<tr class=\"changed\">" : "<tr>").append("<td class=\"field mono\">")
                    .append(Html.text(e.getKey())).append("</td><td class=\"value mono\">");
            if (c != null) {
                b.append("<del class=\"old\">").append(c.from() == null ? "(absent)" : Html.text(c.from()))
                        .append("</del> &rarr; <span class=\"new\">")
                        .append(c.to() == null ? "(absent)" : Html.text(c.to())).append("</span>");
            } else {
                b.append(Html.text(e.getValue()));
            }
            b.append("</td></tr>\n");
        }
        b.append("</tbody></table>\n</div>\n");
    }

    private static String codeList(List<String> ids) {
        StringBuilder b = new StringBuilder();
        for (String id : ids) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append("<code>").append(Html.text(id)).append("</code>");
        }
        return b.toString();
    }

    private static String statusBadge(SpecOutcome.Status s) {
        return switch (s) {
            case MATCHED -> "<span class=\"badge b-ok\">ok</span>";
            case MISMATCH -> "<span class=\"badge b-bad\">MISMATCH</span>";
            case LIMIT -> "<span class=\"badge b-warn\">limit</span>";
            case ERROR -> "<span class=\"badge b-bad\">ERROR</span>";
        };
    }

    private static String cssWord(String verdict) {
        return verdict == null ? "none" : verdict.replaceAll("[^a-z]", "");
    }

    private static final String CSS = Html.resource(SelfContainedHtmlReport.class, "report.css");

    /* Reads only data-step numbers from the page; never inserts text. */
    private static final String SCRIPT = Html.resource(SelfContainedHtmlReport.class, "report.js");
}
