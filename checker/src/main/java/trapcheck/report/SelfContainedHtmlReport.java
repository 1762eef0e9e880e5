package trapcheck.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML report of a {@code check --html} run: one file, {@code index.html} in the output folder
 * beside the {@code *.trace.json} files, with inline CSS and JavaScript and no network access, so it
 * opens from the file system and can be attached to a CI run as is.
 *
 * <p>The page starts with an index of every spec checked (name, verdict, a vacuous hold's unreached
 * goals, broken properties, expected, matched, the actions a complete exploration never fired, states,
 * time, links to its section and trace). Each spec then has a section anchored by its name
 * ({@link #anchor}: {@code #spec-v5.2-lazy-host-trap}), so a link to it survives regenerating the
 * report: the verdict, what a vacuous hold never reached, the actions that never fired and, for a
 * counterexample, its view ({@link HtmlTimeline}). Clicking a step (or the arrow keys, or j/k, on a
 * focused step) shows the state after it; the culprit step (else the last) is selected when the page
 * opens, and a link to a step ({@code #spec-NAME-step-N}) selects that one.
 *
 * <p>The page is complete without JavaScript (every state table is then shown, one after the other);
 * the script only selects and hides. All model text goes through {@link Html#text}; the script reads
 * only numbers and ids from the page, so a spec cannot inject markup or code. Output is deterministic
 * (no time stamp): the same run writes the same bytes.
 */
public final class SelfContainedHtmlReport implements HtmlReport {
    /** After the state count of a search that used partial-order reduction. */
    private static final String REDUCED = " <span class=\"small\" title=\"partial-order reduction: states of the reduced "
            + "state space; the verdict and counterexample are exact\">(reduced)</span>";

    /** The file written in the output folder. */
    public static final String FILE_NAME = "index.html";

    @Override
    public Path write(Path outDir, List<SpecOutcome> outcomes, Map<String, Counterexample> counterexamples)
            throws IOException {
        Path index = outDir.resolve(FILE_NAME);
        AtomicFiles.writeString(index, render(outcomes, counterexamples));
        return index;
    }

    /** The page for these outcomes; counterexamples by spec name (a name without an outcome gets a section too). */
    public static String render(List<SpecOutcome> outcomes, Map<String, Counterexample> counterexamples) {
        // One section per spec, in the order of the outcomes, anchored by spec name.
        Map<String, String> anchorOf = new LinkedHashMap<>();
        Map<String, SpecOutcome> outcomeOf = new LinkedHashMap<>();
        List<String> taken = new ArrayList<>();
        for (SpecOutcome o : outcomes) {
            if (!anchorOf.containsKey(o.spec())) {
                anchorOf.put(o.spec(), anchor(o.spec(), taken));
                outcomeOf.put(o.spec(), o);
            }
        }
        for (String name : counterexamples.keySet()) {
            if (!anchorOf.containsKey(name)) {
                anchorOf.put(name, anchor(name, taken));
            }
        }
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>trapcheck report</title>\n<style>\n").append(Html.baseCss()).append(CSS)
                .append("</style>\n</head>\n<body>\n");
        header(b, outcomes, counterexamples);
        b.append("<main>\n");
        if (!outcomes.isEmpty()) {
            index(b, outcomes, anchorOf, counterexamples);
        }
        anchorOf.forEach((name, anchor) -> specSection(b, anchor, name, outcomeOf.get(name), counterexamples.get(name)));
        b.append("</main>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    /**
     * "spec-v5.2-lazy-host-trap": a spec's anchor, from its name (letters, digits, '.', '_' and '-'
     * kept, anything else '-'), so a link to a spec stays valid from run to run; a name that maps to a
     * taken anchor gets "-2", "-3".
     */
    public static String anchor(String specName, List<String> taken) {
        String base = "spec-" + specName.replaceAll("[^A-Za-z0-9._-]", "-");
        String a = base;
        for (int k = 2; taken.contains(a); k++) {
            a = base + "-" + k;
        }
        taken.add(a);
        return a;
    }

    private static void header(StringBuilder b, List<SpecOutcome> outcomes, Map<String, Counterexample> cxs) {
        long matched = outcomes.stream().filter(o -> o.status() == SpecOutcome.Status.MATCHED).count();
        long mismatched = outcomes.stream().filter(o -> o.status() == SpecOutcome.Status.MISMATCH).count();
        long limited = outcomes.stream().filter(o -> o.status() == SpecOutcome.Status.LIMIT).count();
        long invalid = outcomes.stream().filter(o -> o.status() == SpecOutcome.Status.ERROR).count();
        b.append("<header class=\"top\"><h1>trapcheck report</h1><p>");
        if (!outcomes.isEmpty()) {
            b.append(outcomes.size()).append(outcomes.size() == 1 ? " spec" : " specs").append(": ")
                    .append(matched).append(" as expected, ").append(mismatched).append(" mismatched, ")
                    .append(limited).append(" stopped by a limit, ").append(invalid).append(" invalid &middot; ");
        }
        b.append(cxs.size()).append(cxs.size() == 1 ? " counterexample" : " counterexamples");
        if (!cxs.isEmpty()) {
            Counterexample.Tool tool = cxs.values().iterator().next().tool();
            b.append(" &middot; ").append(Html.text(tool.name())).append(' ').append(Html.text(tool.version()));
        }
        b.append("</p></header>\n");
    }

    private static void index(StringBuilder b, List<SpecOutcome> outcomes, Map<String, String> anchorOf,
                              Map<String, Counterexample> cxs) {
        b.append("<section id=\"index\">\n<h2>Specs checked</h2>\n<div class=\"index-wrap\"><table class=\"index\">\n")
                .append("<thead><tr><th>spec</th><th>verdict</th><th>broken</th><th>expected</th><th>matched</th>")
                .append("<th class=\"num\">states</th><th class=\"num\">time</th><th>details</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (SpecOutcome o : outcomes) {
            b.append("<tr class=\"spec-row\"><td><span class=\"spec-name\">").append(Html.text(o.spec()))
                    .append("</span>");
            if (o.file() != null) {
                b.append("<br><span class=\"muted mono path\">").append(Html.text(o.file())).append("</span>");
            }
            if (!o.facts().isEmpty()) {
                b.append("<br><span class=\"muted small\">").append(Html.text(o.factsText())).append("</span>");
            }
            b.append("</td><td class=\"verdict v-").append(Html.attr(cssWord(o.verdict()))).append("\">")
                    .append(Html.text(o.verdict()));
            vacuous(b, o);
            b.append("</td><td>");
            b.append(o.invariants().isEmpty() ? "&ndash;" : codeList(o.invariants()));
            b.append("</td><td>").append(o.expected() == null ? "&ndash;" : Html.text(o.expected().toString()))
                    .append("</td><td>").append(statusBadge(o.status()));
            if (o.message() != null && o.status() != SpecOutcome.Status.MATCHED) {
                b.append("<div class=\"muted small\">").append(Html.text(o.message())).append("</div>");
            }
            neverFired(b, o, true);
            b.append("</td>");
            if (o.status() == SpecOutcome.Status.ERROR) {
                b.append("<td class=\"num\">&ndash;</td><td class=\"num\">&ndash;</td>");
            } else {
                b.append("<td class=\"num\">").append(String.format(Locale.ROOT, "%,d", o.states()))
                        .append(o.partialOrder() ? REDUCED : "").append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.1f s", o.seconds()))
                        .append("</td>");
            }
            b.append("<td><a href=\"#").append(Html.attr(anchorOf.get(o.spec()))).append("\">")
                    .append(cxs.containsKey(o.spec()) ? "counterexample" : "details").append("</a>");
            String file = traceFile(o);
            if (file != null) {
                b.append("<br><a class=\"mono path\" href=\"").append(Html.attr(Html.fileHref(file))).append("\">")
                        .append(Html.text(file)).append("</a>");
            }
            b.append("</td></tr>\n");
        }
        b.append("</tbody>\n</table></div>\n</section>\n");
    }

    /** "holds (vacuous: ...)": the goals a hold never reached, as the result line says them. */
    private static void vacuous(StringBuilder b, SpecOutcome o) {
        if (!o.vacuous().isEmpty()) {
            b.append("<div class=\"vacuous small\">vacuous: ").append(Html.text(String.join(", ", o.vacuous())))
                    .append("</div>");
        }
    }

    private static void neverFired(StringBuilder b, SpecOutcome o, boolean folded) {
        List<String> never = o.neverFired();
        if (never.isEmpty()) {
            return;
        }
        String head = "never fired: " + never.size() + (never.size() == 1 ? " action" : " actions");
        if (folded) {
            b.append("<details class=\"never small\"><summary>").append(head).append("</summary>")
                    .append(codeList(never)).append("</details>");
        } else {
            b.append("<p class=\"never\">").append(head).append(" (a complete exploration never took them): ")
                    .append(codeList(never)).append("</p>\n");
        }
    }

    private static String traceFile(SpecOutcome o) {
        if (o == null || o.trace() == null) {
            return null;
        }
        Path name = Path.of(o.trace()).getFileName();
        return name == null ? o.trace() : name.toString();
    }

    private static void specSection(StringBuilder b, String anchor, String name, SpecOutcome o, Counterexample cx) {
        b.append("<section class=\"spec\" id=\"").append(Html.attr(anchor)).append("\">\n<h2>")
                .append(cx == null ? "" : "Counterexample: ").append("<span class=\"spec-name\">").append(Html.text(name))
                .append("</span>");
        if (cx != null) {
            int n = cx.steps().size();
            b.append(" <span class=\"muted\">").append(HtmlTimeline.count(n)).append(n == 1 ? " step" : " steps")
                    .append("</span>");
        } else if (o != null) {
            b.append(" <span class=\"verdict v-").append(Html.attr(cssWord(o.verdict()))).append("\">")
                    .append(Html.text(o.verdict())).append("</span> ").append(statusBadge(o.status()));
        }
        b.append("</h2>\n<p class=\"muted\">");
        String path = cx != null && cx.spec().path() != null ? cx.spec().path() : o == null ? null : o.file();
        if (path != null) {
            b.append("spec <span class=\"mono\">").append(Html.text(path)).append("</span> &middot; ");
        }
        if (o != null && o.status() != SpecOutcome.Status.ERROR) {
            b.append(String.format(Locale.ROOT, "%,d states", o.states())).append(o.partialOrder() ? REDUCED : "")
                    .append(String.format(Locale.ROOT, ", %.1f s", o.seconds())).append(" &middot; ");
        }
        String trace = traceFile(o);
        if (cx != null && trace != null) {
            b.append("trace ");
            HtmlTimeline.traceLink(b, trace);
            b.append(" &middot; ");
        }
        b.append("<a href=\"#index\">back to the index</a></p>\n");
        if (o != null) {
            if (o.message() != null && o.status() != SpecOutcome.Status.MATCHED) {
                b.append("<p>").append(Html.text(o.message())).append("</p>\n");
            }
            if (!o.vacuous().isEmpty()) {
                b.append("<p class=\"vacuous\">").append(Html.text(o.verdict())).append(" (vacuous: ")
                        .append(Html.text(String.join(", ", o.vacuous()))).append(")</p>\n");
            }
            neverFired(b, o, false);
        }
        if (cx != null) {
            HtmlTimeline.render(b, anchor, cx, trace);
        }
        b.append("</section>\n");
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
