package trapcheck.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One counterexample in the HTML report: the broken properties' explanations and the culprit's way,
 * then a timeline (one column per lane of the model that takes part or holds owned values, one row per
 * step) beside the state after the selected step.
 *
 * <p>A step's label is written once, in its first actor's lane; its other actors' lanes get a mark,
 * not a copy. Every lane cell shows the values of the lane's fields that name an owner
 * ({@link OwnerColours}), after the step, in the owner's colour and letter, a field the step wrote
 * outlined: a foreign value arriving in a lane is a change of colour down its column. The culprit step
 * is marked, selected when the page opens (also without the script) and linked to the symptom (the
 * last step), with a line down the step numbers between them. Past {@link #MAX_STEPS} steps only the
 * first and last ones and those around the culprit are shown, and the page says how many are left out
 * and where the full trace is.
 */
final class HtmlTimeline {

    /** Steps shown in full at most; as many as a screen or two of the text story would hold. */
    static final int MAX_STEPS = 120;
    private static final String CHIP_LANE_WIDTH = "13em";

    private HtmlTimeline() {
    }

    static void render(StringBuilder b, String anchor, Counterexample cx, String traceFile) {
        int n = cx.steps().size();
        Counterexample.Culprit culprit = cx.culprit();
        int open = culprit == null ? n : culprit.step();
        List<Integer> shown = TraceText.shownSteps(cx, MAX_STEPS, 2);
        OwnerColours colours = OwnerColours.of(cx);
        b.append("<div class=\"cx\" data-open=\"").append(open).append("\">\n");
        if (shown.size() < n) {
            b.append("<p class=\"long\">This counterexample has ").append(count(n)).append(" steps; ")
                    .append(count(shown.size())).append(" are shown (the first and last ones and those around the ")
                    .append("culprit), ").append(count(n - shown.size())).append(" left out. Every step is in ");
            traceLink(b, traceFile);
            b.append(".</p>\n");
        }
        brokenBox(b, anchor, cx, n);

        List<String> lanes = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        Map<String, List<String>> fieldsOf = new LinkedHashMap<>();
        for (String lane : cx.lanes()) {
            List<String> fields = colours.ownedFields(lane + ".");
            boolean acts = cx.steps().stream().anyMatch(s -> s.actors().contains(lane));
            if (acts || !fields.isEmpty()) {
                lanes.add(lane);
                fieldsOf.put(lane, fields);
            } else {
                hidden.add(lane);
            }
        }
        colours.legend(b);
        b.append("<div class=\"cx-body\">\n<div class=\"timeline-wrap\">\n");
        timeline(b, anchor, cx, lanes, fieldsOf, colours, shown, open);
        if (!hidden.isEmpty()) {
            b.append("<p class=\"muted small\">lanes without a step or an owned value: ")
                    .append(Html.text(String.join(", ", hidden))).append("</p>\n");
        }
        b.append("</div>\n<aside class=\"state-panel\">\n<label class=\"toggle\"><input type=\"checkbox\" ")
                .append("class=\"only-changed\"> only the changed fields</label>\n");
        stateTable(b, 0, "initial state", cx.initial().state(), Map.of(), cx.initial().violations(), List.of(),
                colours);
        for (int i : shown) {
            Counterexample.Step s = cx.steps().get(i - 1);
            stateTable(b, i, s.label(), s.state(), s.changed(), s.violations(), s.effects(), colours);
        }
        b.append("</aside>\n</div>\n</div>\n");
    }

    private static void brokenBox(StringBuilder b, String anchor, Counterexample cx, int n) {
        b.append("<div class=\"broken-box\">\n");
        // One sentence once, with every property it explains (as the text story does).
        Map<String, List<Counterexample.Broken>> bySentence = new LinkedHashMap<>();
        for (Counterexample.Broken broken : cx.violated()) {
            String why = broken.explanation() == null || broken.explanation().isBlank()
                    ? broken.description() : broken.explanation();
            bySentence.computeIfAbsent(why, k -> new ArrayList<>()).add(broken);
        }
        bySentence.forEach((why, props) -> {
            b.append("<div class=\"broken\"><span class=\"badge b-bad\">BROKEN</span>");
            for (Counterexample.Broken p : props) {
                b.append(" <code class=\"prop\">").append(Html.text(p.id())).append("</code>");
            }
            b.append("<p class=\"explanation\">").append(Html.text(why)).append("</p>");
            for (Counterexample.Broken p : props) {
                if (p.description() != null && !p.description().isBlank() && !p.description().equals(why)) {
                    b.append("<p class=\"muted small\">").append(Html.text(p.id())).append(": ")
                            .append(Html.text(p.description())).append("</p>");
                }
            }
            b.append("</div>\n");
        });
        String way = TraceText.culpritLine(cx);
        if (way != null) {
            b.append("<p class=\"culprit-line\"><a class=\"badge b-culprit\" href=\"#").append(Html.attr(stepId(anchor,
                    cx.culprit().step()))).append("\">culprit</a> ")
                    .append(Html.text(way.substring("culprit: ".length())))
                    .append("; the harm shows at <a href=\"#").append(Html.attr(stepId(anchor, n))).append("\">step ")
                    .append(n).append("</a></p>\n");
        }
        b.append("</div>\n");
    }

    /** "spec-NAME-step-18": a step's row, stable from run to run like the section's anchor. */
    static String stepId(String anchor, int step) {
        return anchor + "-step-" + step;
    }

    private static void timeline(StringBuilder b, String anchor, Counterexample cx, List<String> lanes,
                                 Map<String, List<String>> fieldsOf, OwnerColours colours, List<Integer> shown,
                                 int open) {
        int n = cx.steps().size();
        Counterexample.Culprit culprit = cx.culprit();
        // Lanes that tell a label get room for it; the others only for their name and their values.
        StringBuilder cols = new StringBuilder("<col class=\"n\">");
        double width = 3.2;
        for (String lane : lanes) {
            boolean tells = cx.steps().stream().anyMatch(s -> !s.actors().isEmpty() && s.actors().get(0).equals(lane));
            // Room for the lane's name (12.5 px monospace: about 0.54 em a character) and its values' squares.
            double em = tells ? 13 : Math.max(Math.ceil(10 * (0.54 * lane.length() + 1.3)) / 10,
                    1.6 * fieldsOf.get(lane).size() + 1);
            width += em;
            cols.append("<col class=\"").append(tells ? "tells" : "marks").append("\" style=\"width: ")
                    .append(tells ? CHIP_LANE_WIDTH : String.format(Locale.ROOT, "%.1fem", em)).append("\">");
        }
        b.append("<table class=\"timeline\" style=\"min-width: ").append(String.format(Locale.ROOT, "%.1fem", width))
                .append("\">\n<colgroup>").append(cols).append("</colgroup>\n<thead><tr><th class=\"n\">#</th>");
        for (String lane : lanes) {
            b.append("<th class=\"lane-head\">").append(Html.text(lane));
            List<String> fields = fieldsOf.get(lane);
            if (!fields.isEmpty()) {
                b.append("<div class=\"key-names\">");
                for (String f : fields) {
                    b.append("<span>").append(Html.text(f.substring(lane.length() + 1))).append("</span> ");
                }
                b.append("</div>");
            }
            b.append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        b.append("<tr class=\"step").append(open == 0 ? " selected" : "").append("\" id=\"")
                .append(Html.attr(stepId(anchor, 0))).append("\" data-step=\"0\" tabindex=\"0\"><td class=\"n\">0</td>");
        for (int l = 0; l < lanes.size(); l++) {
            b.append("<td class=\"lane\">");
            keys(b, lanes.get(l), fieldsOf, colours, 0, Map.of());
            if (l == 0) {
                b.append("<span class=\"init\">initial state</span>");
                if (!cx.initial().violations().isEmpty()) {
                    b.append(" <span class=\"badge b-bad\">breaks ")
                            .append(Html.text(String.join(", ", cx.initial().violations()))).append("</span>");
                }
            }
            b.append("</td>");
        }
        b.append("</tr>\n");
        int last = 0;
        for (int i : shown) {
            if (i > last + 1) {
                int gap = i - last - 1;
                b.append("<tr class=\"gap\"><td class=\"n\">&hellip;</td><td colspan=\"").append(Math.max(1, lanes.size()))
                        .append("\">").append(count(gap)).append(gap == 1 ? " step" : " steps")
                        .append(" not shown (steps ").append(last + 1).append(" to ").append(i - 1)
                        .append(")</td></tr>\n");
            }
            last = i;
            Counterexample.Step s = cx.steps().get(i - 1);
            boolean isCulprit = culprit != null && culprit.step() == i;
            boolean onWay = culprit != null && i > culprit.step();
            b.append("<tr class=\"step").append(s.violations().isEmpty() ? "" : " breaks")
                    .append(isCulprit ? " culprit" : "").append(onWay ? " way" : "").append(i == open ? " selected" : "")
                    .append("\" id=\"").append(Html.attr(stepId(anchor, i))).append("\" data-step=\"").append(i)
                    .append("\" tabindex=\"0\"><td class=\"n\">").append(i);
            if (onWay && i == n) {
                b.append("<span class=\"arrow-end\" title=\"the symptom\">&#9660;</span>");
            }
            b.append("</td>");
            List<String> actors = s.actors().stream().filter(lanes::contains).toList();
            for (int l = 0; l < lanes.size(); l++) {
                String lane = lanes.get(l);
                int at = actors.indexOf(lane);
                b.append(at < 0 ? "<td class=\"lane\">" : "<td class=\"lane act\">");
                keys(b, lane, fieldsOf, colours, i, s.changed());
                if (at == 0 || (actors.isEmpty() && l == 0)) {
                    chip(b, anchor, s, isCulprit, n);
                } else if (at > 0) {
                    b.append("<span class=\"also\" title=\"").append(Html.attr(lane + " takes part; the step is told in "
                            + actors.get(0) + "'s lane")).append("\">&#9679;</span>");
                }
                b.append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static void keys(StringBuilder b, String lane, Map<String, List<String>> fieldsOf, OwnerColours colours,
                             int step, Map<String, Counterexample.Change> changed) {
        List<String> fields = fieldsOf.get(lane);
        if (fields.isEmpty()) {
            return;
        }
        b.append("<div class=\"keys\">");
        for (String f : fields) {
            colours.swatch(b, f, colours.value(step, f), changed.containsKey(f));
        }
        b.append("</div>");
    }

    private static void chip(StringBuilder b, String anchor, Counterexample.Step s, boolean culprit, int symptom) {
        b.append("<div class=\"chip\"><span class=\"label\">").append(Html.text(s.label())).append("</span>");
        int changed = s.changed().size();
        b.append(" <span class=\"changes\">").append(changed).append(changed == 1 ? " field" : " fields")
                .append("</span>");
        if (culprit) {
            b.append(" <span class=\"badge b-culprit\">culprit</span>");
            if (symptom != s.index()) {
                b.append(" <a class=\"to-symptom\" href=\"#").append(Html.attr(stepId(anchor, symptom)))
                        .append("\">&#8595; symptom at step ").append(symptom).append("</a>");
            }
        }
        if (!s.violations().isEmpty()) {
            b.append(" <span class=\"badge b-bad\">breaks ").append(Html.text(String.join(", ", s.violations())))
                    .append("</span>");
        }
        b.append("</div>");
    }

    private static void stateTable(StringBuilder b, int index, String label, Map<String, String> state,
                                   Map<String, Counterexample.Change> changed, List<String> violations,
                                   List<Counterexample.Effect> effects, OwnerColours colours) {
        b.append("<div class=\"state\" data-step=\"").append(index).append("\">\n<h3><span class=\"n\">")
                .append(index).append("</span> ").append(Html.text(label)).append("</h3>\n");
        if (!violations.isEmpty()) {
            b.append("<p><span class=\"badge b-bad\">breaks ").append(Html.text(String.join(", ", violations)))
                    .append("</span></p>\n");
        }
        List<Counterexample.Effect> told = effects.stream().filter(e -> e.text() != null).toList();
        if (!told.isEmpty()) {
            b.append("<ul class=\"effects mono\">");
            for (Counterexample.Effect e : told) {
                b.append("<li>").append(Html.text(e.text()));
                if (e.location() != null) {
                    b.append(" <span class=\"muted\">").append(Html.text(e.location().toString())).append("</span>");
                }
                b.append("</li>");
            }
            b.append("</ul>\n");
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
            // A field name may wrap after a dot, so its value keeps the room for whole words.
            b.append(c != null ? "<tr class=\"changed\">" : "<tr>").append("<td class=\"field mono\">")
                    .append(Html.text(e.getKey()).replace(".", ".<wbr>")).append("</td><td class=\"value mono\">");
            colours.swatch(b, null, colours.value(index, e.getKey()), false);
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

    static void traceLink(StringBuilder b, String traceFile) {
        if (traceFile == null) {
            b.append("the trace file");
        } else {
            b.append("<a class=\"mono\" href=\"").append(Html.attr(Html.fileHref(traceFile))).append("\">")
                    .append(Html.text(traceFile)).append("</a>");
        }
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
