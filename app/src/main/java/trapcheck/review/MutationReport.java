package trapcheck.review;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import trapcheck.report.JsonFiles;

/**
 * What {@code trapcheck mutate} found, as Markdown, JSON (format {@value #FORMAT} version
 * {@value #FORMAT_VERSION}) and HTML. Deterministic: no times, so a table can live in the docs.
 *
 * @param policies one entry per spec, in the order given
 */
public record MutationReport(List<Policy> policies) {
    public static final String FORMAT = "trapcheck-mutate";
    public static final int FORMAT_VERSION = 1;

    public MutationReport {
        policies = List.copyOf(policies);
    }

    /** What became of a mutant. */
    public enum Kind {
        KILLED("killed"), DEAD_CODE("dead code"), IDENTICAL("behaviour-identical"), FINDING("finding"),
        UNDECIDED("undecided"), NOT_RUN("not run");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    /**
     * One mutant.
     *
     * @param number   1-based, in the order of the model's mutants
     * @param killedBy the properties its shortest counterexample breaks (killed only)
     * @param steps    that counterexample's length (killed only)
     * @param states   distinct states its check explored
     * @param partialOrder its check reduced by partial order (took an ample set): {@code states} is of the
     *                 reduced state space
     * @param detail   for a survivor, why it is in its group; for undecided or not run, why
     */
    public record Mutant(int number, String operator, String where, String diff, Kind kind, List<String> killedBy,
                         int steps, long states, boolean partialOrder,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {
        public Mutant {
            killedBy = List.copyOf(killedBy);
        }

        /** "killed by host-keys-intact (12 steps)", "finding", ... */
        public String outcome() {
            if (kind == Kind.KILLED) {
                return "killed by " + String.join(", ", killedBy.stream().map(id -> "`" + id + "`").toList()) + " ("
                        + steps + (steps == 1 ? " step)" : " steps)");
            }
            return kind == Kind.UNDECIDED || kind == Kind.NOT_RUN ? kind.word() : "survived: " + kind.word();
        }
    }

    /**
     * The mutants of one policy.
     *
     * @param verdict    the original's verdict ("holds", "violated"; "incomplete" when its check stopped)
     * @param kept       the properties the original keeps: those a mutant is checked against
     * @param broken     the properties the original breaks (a violated original)
     * @param total      how many mutants the model gives
     * @param problem    why no mutant was checked, or null
     */
    public record Policy(String name, String file, String verdict, List<String> kept, List<String> broken, int total,
                         List<Mutant> mutants, @JsonInclude(JsonInclude.Include.NON_NULL) String problem) {
        public Policy {
            kept = List.copyOf(kept);
            broken = List.copyOf(broken);
            mutants = List.copyOf(mutants);
        }

        public long count(Kind k) {
            return mutants.stream().filter(m -> m.kind() == k).count();
        }

        /** Killed of the mutants decided to change behaviour (killed and findings); NaN when there are none. */
        public double score() {
            long killed = count(Kind.KILLED);
            long changed = killed + count(Kind.FINDING);
            return changed == 0 ? Double.NaN : (double) killed / changed;
        }

        String scoreText() {
            double s = score();
            return Double.isNaN(s) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * s);
        }
    }

    /** Whether some mutant is a finding. */
    public boolean hasFindings() {
        return policies.stream().anyMatch(p -> p.count(Kind.FINDING) > 0);
    }

    /** Whether some mutant was left undecided or not run (a limit, an interrupt). */
    public boolean hasUndecided() {
        return policies.stream().anyMatch(p -> p.problem() != null || p.count(Kind.UNDECIDED) + p.count(Kind.NOT_RUN) > 0);
    }

    // ---- the document ----

    /** The report as a document: a summary, then per policy its table and its survivors by group. */
    public ReviewDocument document(int headingLevel) {
        ReviewDocument d = new ReviewDocument();
        d.paragraph("Mutation score: of the mutants that change the policy's behaviour (killed and findings), the"
                + " share a property kills. Dead code and behaviour-identical mutants cannot be killed by any property.");
        List<List<String>> rows = new ArrayList<>();
        for (Policy p : policies) {
            rows.add(List.of("`" + p.name() + "`", p.verdict(), Integer.toString(p.total()), n(p, Kind.KILLED),
                    n(p, Kind.DEAD_CODE), n(p, Kind.IDENTICAL), n(p, Kind.FINDING),
                    Long.toString(p.count(Kind.UNDECIDED) + p.count(Kind.NOT_RUN)), p.scoreText()));
        }
        d.table(List.of("policy", "original", "mutants:", "killed:", "dead code:", "identical:", "findings:",
                "undecided:", "score:"), rows);
        for (Policy p : policies) {
            policy(d, p, headingLevel);
        }
        return d;
    }

    private static String n(Policy p, Kind k) {
        return Long.toString(p.count(k));
    }

    private static void policy(ReviewDocument d, Policy p, int level) {
        d.heading(level, "`" + p.name() + "`" + (p.file() == null ? "" : " (`" + p.file() + "`)"));
        if (p.problem() != null) {
            d.paragraph("No mutant checked: " + p.problem() + ".");
            return;
        }
        String against = p.broken().isEmpty() ? "The original holds; a mutant is killed when it breaks one of its "
                + p.kept().size() + " properties."
                : "The original breaks " + ids(p.broken()) + "; a mutant is killed when it breaks one of the "
                + p.kept().size() + " properties the original keeps (" + ids(p.kept()) + ").";
        d.paragraph(against + " Score " + p.scoreText() + ": " + p.count(Kind.KILLED) + " killed, "
                + p.count(Kind.FINDING) + " findings, " + p.count(Kind.DEAD_CODE) + " dead code, "
                + p.count(Kind.IDENTICAL) + " behaviour-identical" + undecided(p) + ", of " + p.total() + " mutants.");
        List<List<String>> rows = new ArrayList<>();
        for (Mutant m : p.mutants()) {
            rows.add(List.of(Integer.toString(m.number()), "`" + m.where() + "`", "`" + m.diff() + "`", m.operator(),
                    m.outcome()));
        }
        d.table(List.of("#:", "where", "mutant", "operator", "outcome"), rows);
        group(d, p, Kind.FINDING, "Findings (the policy changed and no property noticed: a gap in the properties, or a"
                + " redundant op)");
        group(d, p, Kind.DEAD_CODE, "Dead code (the edited code never runs)");
        group(d, p, Kind.IDENTICAL, "Behaviour-identical (no run tells the mutant from the original)");
        group(d, p, Kind.UNDECIDED, "Undecided (a limit stopped the check or the comparison)");
    }

    private static String undecided(Policy p) {
        long u = p.count(Kind.UNDECIDED) + p.count(Kind.NOT_RUN);
        return u == 0 ? "" : ", " + u + " undecided";
    }

    private static void group(ReviewDocument d, Policy p, Kind k, String title) {
        List<String> items = new ArrayList<>();
        for (Mutant m : p.mutants()) {
            if (m.kind() == k) {
                items.add("#" + m.number() + " `" + m.diff() + "`" + (m.detail() == null ? "" : ": " + m.detail()));
            }
        }
        if (!items.isEmpty()) {
            d.paragraph("**" + title + "**:");
            d.bullets(items);
        }
    }

    private static String ids(List<String> ids) {
        return String.join(", ", ids.stream().map(id -> "`" + id + "`").toList());
    }

    public String markdown() {
        return document(2).markdown();
    }

    public String html() {
        return document(2).html("trapcheck mutate");
    }

    // ---- JSON ----

    /** The file {@code --json} writes. */
    public record File(String format, int formatVersion, List<PolicyJson> policies) {
    }

    public record PolicyJson(String name, String file, String verdict, List<String> kept, List<String> broken,
                             int total, long killed, long deadCode, long identical, long findings, long undecided,
                             Double score, @JsonInclude(JsonInclude.Include.NON_NULL) String problem,
                             List<MutantJson> mutants) {
    }

    /** {@code partialOrder} (true) only for a mutant whose check reduced: its states are of the reduced space. */
    public record MutantJson(int number, String operator, String where, String diff, String outcome,
                             List<String> killedBy, int steps, long states,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Boolean partialOrder,
                             @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {
    }

    public String json() {
        List<PolicyJson> out = new ArrayList<>();
        for (Policy p : policies) {
            double s = p.score();
            out.add(new PolicyJson(p.name(), p.file(), p.verdict(), p.kept(), p.broken(), p.total(),
                    p.count(Kind.KILLED), p.count(Kind.DEAD_CODE), p.count(Kind.IDENTICAL), p.count(Kind.FINDING),
                    p.count(Kind.UNDECIDED) + p.count(Kind.NOT_RUN), Double.isNaN(s) ? null : s, p.problem(),
                    p.mutants().stream().map(m -> new MutantJson(m.number(), m.operator(), m.where(), m.diff(),
                            m.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), m.killedBy(), m.steps(),
                            m.states(), m.partialOrder() ? Boolean.TRUE : null, m.detail())).toList()));
        }
        return JsonFiles.toJson(new File(FORMAT, FORMAT_VERSION, out));
    }
}
