package trapcheck.review;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import trapcheck.report.Html;
import trapcheck.report.JsonFiles;

/**
 * The design-review matrix of {@code trapcheck compare} as Markdown, JSON and HTML: policies against
 * properties (a verdict per cell), the cost of each policy under each workload, and each policy's dead
 * code. Deterministic: no times, and the simulation is seeded.
 *
 * @param policies   the reviews, in the order given
 * @param seed       simulation seed
 * @param runs       walks per workload
 * @param depth      steps per walk
 */
public record CompareReport(List<PolicyReview> policies, long seed, long runs, int depth) {

    public static final String FORMAT = "trapcheck-compare";
    public static final int FORMAT_VERSION = 1;

    public CompareReport {
        policies = List.copyOf(policies);
    }

    /**
     * Every property of every policy, once: each policy's properties keep their relative order, a
     * property first seen in a later policy goes right after its predecessor there.
     */
    public List<String> properties() {
        List<String> columns = new ArrayList<>();
        for (PolicyReview p : policies) {
            String previous = null;
            for (String id : p.properties()) {
                if (!columns.contains(id)) {
                    columns.add(previous == null ? 0 : columns.indexOf(previous) + 1, id);
                }
                previous = id;
            }
        }
        return columns;
    }

    /** The workload names, in the order of the first policy that has them. */
    public List<String> workloads() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        policies.forEach(p -> p.costs().forEach(c -> names.add(c.workload())));
        return List.copyOf(names);
    }

    /** The cost names: the model's ratios, or its raw counters when it has no ratios. */
    public List<String> costNames() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (PolicyReview p : policies) {
            for (PolicyReview.Cost c : p.costs()) {
                names.addAll(c.ratios().isEmpty() ? c.counters().keySet() : c.ratios().keySet());
            }
        }
        return List.copyOf(names);
    }

    private static String costValue(PolicyReview p, String workload, String name) {
        for (PolicyReview.Cost c : p.costs()) {
            if (c.workload().equals(workload)) {
                if (c.ratios().containsKey(name)) {
                    double v = c.ratios().get(name);
                    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
                }
                Long n = c.counters().get(name);
                return n == null ? "-" : Long.toString(n);
            }
        }
        return "-";
    }

    // ---- Markdown ----

    /** The Markdown text; {@code link} turns a trace path into the link target (identity for stdout). */
    public String markdown(Function<String, String> link) {
        StringBuilder b = new StringBuilder();
        List<String> props = properties();
        b.append("## Verdicts\n\n");
        b.append("| policy |");
        props.forEach(id -> b.append(' ').append(md(id)).append(" |"));
        b.append("\n|---|");
        props.forEach(id -> b.append("---|"));
        b.append('\n');
        for (PolicyReview p : policies) {
            b.append("| ").append(md(p.name())).append(" |");
            for (String id : props) {
                PolicyReview.Cell c = p.cells().getOrDefault(id, PolicyReview.Cell.NOT_CHECKED);
                b.append(' ');
                if (c.trace() != null) {
                    b.append('[').append(c.text()).append("](").append(mdLink(link.apply(c.trace()))).append(')');
                } else {
                    b.append(c.text());
                }
                b.append(" |");
            }
            b.append('\n');
        }
        List<String> workloads = workloads();
        List<String> costs = costNames();
        if (!workloads.isEmpty() && !costs.isEmpty()) {
            b.append("\n## Costs\n\nSeeded random simulation (seed ").append(seed).append(", ").append(runs)
                    .append(" walks of ").append(depth).append(" steps per workload); each cell: ")
                    .append(String.join(" / ", workloads)).append(".\n\n| policy |");
            costs.forEach(c -> b.append(' ').append(md(c)).append(" |"));
            b.append("\n|---|");
            costs.forEach(c -> b.append("---:|"));
            b.append('\n');
            for (PolicyReview p : policies) {
                b.append("| ").append(md(p.name())).append(" |");
                for (String c : costs) {
                    List<String> values = new ArrayList<>();
                    workloads.forEach(w -> values.add(costValue(p, w, c)));
                    b.append(' ').append(String.join(" / ", values)).append(" |");
                }
                b.append('\n');
            }
        }
        if (policies.stream().anyMatch(p -> p.coverage() != null)) {
            b.append("\n## Dead branches\n\nPolicy code no explored transition reached (exploring past violations);"
                    + " dead policy code is a review finding.\n\n");
            for (PolicyReview p : policies) {
                PolicyReview.Coverage cov = p.coverage();
                if (cov == null) {
                    continue;
                }
                b.append("- **").append(md(p.name())).append("**: ");
                if (cov.dead().isEmpty()) {
                    b.append("all ").append(cov.points()).append(" points covered");
                } else {
                    b.append(cov.dead().size()).append(" of ").append(cov.points()).append(" points never covered");
                }
                if (!cov.complete()) {
                    b.append(" (exploration stopped by ").append(md(String.valueOf(cov.stoppedBy())))
                            .append(": these may be reachable)");
                }
                b.append('\n');
                for (String d : cov.dead()) {
                    b.append("  - `").append(d.replace('`', '\'').replace('\n', ' ')).append("`\n");
                }
            }
        }
        return b.toString();
    }

    private static String md(String s) {
        return s == null ? "" : s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("\r", " ")
                .replace("[", "\\[").replace("]", "\\]").replace("<", "&lt;");
    }

    private static String mdLink(String target) {
        StringBuilder b = new StringBuilder();
        for (char c : target.toCharArray()) {
            switch (c) {
                case ' ' -> b.append("%20");
                case '(' -> b.append("%28");
                case ')' -> b.append("%29");
                case '<' -> b.append("%3C");
                case '>' -> b.append("%3E");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    // ---- JSON ----

    /** The review as JSON ({@link CompareJson}). */
    public String json() {
        return JsonFiles.toJson(CompareJson.File.of(this));
    }

    // ---- HTML ----

    /** A self-contained page; trace links relative to {@code htmlFile}'s folder. */
    public String html(Path htmlFile) {
        return html(htmlFile, null, java.util.Map.of());
    }

    /**
     * A self-contained page whose verdicts open the counterexamples' HTML view: page {@code views} at the
     * anchor {@code anchorOfTrace} gives for a cell's trace path, with a link to the JSON file beside it
     * (a trace without an anchor links to its JSON file only). Links are relative to {@code htmlFile}'s folder.
     */
    public String html(Path htmlFile, Path views, java.util.Map<String, String> anchorOfTrace) {
        Path base = htmlFile.toAbsolutePath().getParent();
        StringBuilder b = new StringBuilder(16 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>trapcheck compare</title>\n<style>\n").append(Html.baseCss()).append(CSS)
                .append("</style>\n</head>\n<body>\n<header class=\"top\"><h1>trapcheck compare</h1><p>")
                .append(policies.size()).append(policies.size() == 1 ? " policy" : " policies")
                .append(" &middot; simulation seed ").append(seed).append(", ").append(runs).append(" walks of ")
                .append(depth).append(" steps per workload</p></header>\n<main>\n");
        List<String> props = properties();
        b.append("<h2>Verdicts</h2>\n<table class=\"matrix\"><thead><tr><th>policy</th>");
        props.forEach(id -> b.append("<th><code>").append(Html.text(id)).append("</code></th>"));
        b.append("</tr></thead>\n<tbody>\n");
        for (PolicyReview p : policies) {
            b.append("<tr><th class=\"policy\">").append(Html.text(p.name())).append("</th>");
            for (String id : props) {
                PolicyReview.Cell c = p.cells().getOrDefault(id, PolicyReview.Cell.NOT_CHECKED);
                b.append("<td class=\"cell c-").append(c.word()).append("\">");
                String anchor = c.trace() == null || views == null ? null : anchorOfTrace.get(c.trace());
                if (anchor != null) {
                    b.append("<a href=\"").append(Html.attr(relativeHref(base, views) + "#" + anchor)).append("\">")
                            .append(Html.text(c.text())).append("</a> <a class=\"json\" href=\"")
                            .append(Html.attr(relativeHref(base, Path.of(c.trace())))).append("\">json</a>");
                } else if (c.trace() != null) {
                    b.append("<a href=\"").append(Html.attr(relativeHref(base, Path.of(c.trace())))).append("\">")
                            .append(Html.text(c.text())).append("</a>");
                } else {
                    b.append(Html.text(c.text()));
                }
                b.append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n");
        List<String> workloads = workloads();
        List<String> costs = costNames();
        if (!workloads.isEmpty() && !costs.isEmpty()) {
            b.append("<h2>Costs</h2>\n<p class=\"muted\">Seeded random simulation; each cell: ")
                    .append(Html.text(String.join(" / ", workloads))).append(".</p>\n<table class=\"costs\"><thead><tr>")
                    .append("<th>policy</th>");
            costs.forEach(c -> b.append("<th class=\"num\">").append(Html.text(c)).append("</th>"));
            b.append("</tr></thead>\n<tbody>\n");
            for (PolicyReview p : policies) {
                b.append("<tr><th class=\"policy\">").append(Html.text(p.name())).append("</th>");
                for (String c : costs) {
                    List<String> values = new ArrayList<>();
                    workloads.forEach(w -> values.add(costValue(p, w, c)));
                    b.append("<td class=\"num\">").append(Html.text(String.join(" / ", values))).append("</td>");
                }
                b.append("</tr>\n");
            }
            b.append("</tbody></table>\n");
        }
        if (policies.stream().anyMatch(p -> p.coverage() != null)) {
            b.append("<h2>Dead branches</h2>\n<p class=\"muted\">Policy code no explored transition reached "
                    + "(exploring past violations): a review finding.</p>\n<ul class=\"dead\">\n");
            for (PolicyReview p : policies) {
                PolicyReview.Coverage cov = p.coverage();
                if (cov == null) {
                    continue;
                }
                b.append("<li><strong>").append(Html.text(p.name())).append("</strong>: ");
                b.append(cov.dead().isEmpty() ? "all " + cov.points() + " points covered"
                        : cov.dead().size() + " of " + cov.points() + " points never covered");
                if (!cov.complete()) {
                    b.append(" <span class=\"badge b-warn\">exploration stopped by ")
                            .append(Html.text(String.valueOf(cov.stoppedBy()))).append("</span>");
                }
                if (!cov.dead().isEmpty()) {
                    b.append("<ul>");
                    cov.dead().forEach(d -> b.append("<li><code>").append(Html.text(d)).append("</code></li>"));
                    b.append("</ul>");
                }
                b.append("</li>\n");
            }
            b.append("</ul>\n");
        }
        b.append("</main>\n</body>\n</html>\n");
        return b.toString();
    }

    /** A relative link from {@code base} to {@code target}, each segment percent-encoded. */
    static String relativeHref(Path base, Path target) {
        Path rel;
        try {
            rel = base.relativize(target.toAbsolutePath().normalize());
        } catch (IllegalArgumentException e) {
            rel = target.toAbsolutePath().normalize();
        }
        List<String> parts = new ArrayList<>();
        for (Path part : rel) {
            String s = part.toString();
            parts.add(s.equals("..") ? ".." : Html.fileHref(s).substring(2));
        }
        return String.join("/", parts);
    }

    private static final String CSS = Html.resource(CompareReport.class, "compare.css");
}
