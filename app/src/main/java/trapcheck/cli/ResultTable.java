package trapcheck.cli;

import java.util.List;
import java.util.Locale;
import trapcheck.report.SpecOutcome;

/**
 * The one line per spec that {@code check} prints, in aligned columns:
 * {@code name  verdict  [broken]  expected verdict/invariant  ok  25,802 states  0.4 s}. Column widths
 * come from what is known before the first spec runs (names, property ids, expectations) so lines
 * can be printed as each spec finishes and still line up.
 */
final class ResultTable {
    private final int nameWidth;
    private final int brokenWidth;
    private final int expectedWidth;

    ResultTable(int nameWidth, int brokenWidth, int expectedWidth) {
        this.nameWidth = nameWidth;
        this.brokenWidth = brokenWidth;
        this.expectedWidth = expectedWidth;
    }

    /**
     * @param names        every spec name that will be printed
     * @param propertyIds  per spec, every property id it may break
     * @param expectations every expectation, as printed ("holds", "violated/x")
     */
    static ResultTable of(List<String> names, List<List<String>> propertyIds, List<String> expectations) {
        int name = names.stream().mapToInt(String::length).max().orElse(4);
        // Wide enough for every property of a spec broken at once, up to 40 characters; a longer list
        // pushes the rest of its line to the right.
        int broken = Math.min(40, propertyIds.stream()
                .mapToInt(ids -> ("[" + String.join(", ", ids) + "]").length()).max().orElse(2));
        int expected = expectations.stream().mapToInt(s -> s.length() + "expected ".length()).max().orElse(10);
        return new ResultTable(name, Math.max(broken, 2), expected);
    }

    static String statusWord(SpecOutcome.Status s) {
        return switch (s) {
            case MATCHED -> "ok";
            case MISMATCH -> "MISMATCH";
            case LIMIT -> "limit";
            case ERROR -> "ERROR";
        };
    }

    String line(SpecOutcome o) {
        String broken = o.invariants().isEmpty() ? "-" : "[" + String.join(", ", o.invariants()) + "]";
        String expected = o.expected() == null ? "-" : "expected " + o.expected();
        StringBuilder b = new StringBuilder();
        b.append(pad(o.spec(), nameWidth)).append("  ")
                .append(pad(o.verdictText(), "incomplete".length())).append("  ")
                .append(pad(broken, brokenWidth)).append("  ")
                .append(pad(expected, expectedWidth)).append("  ")
                .append(pad(statusWord(o.status()), "MISMATCH".length())).append("  ");
        if (o.status() != SpecOutcome.Status.ERROR) {
            b.append(String.format(Locale.ROOT, "%11s states  %.1f s", String.format(Locale.ROOT, "%,d", o.states()),
                    o.seconds()));
            if (o.status() == SpecOutcome.Status.LIMIT) {
                b.append(Interruption.REASON.equals(o.stoppedBy()) ? "  (interrupted)"
                        : "  (stopped by " + o.stoppedBy() + ")");
            }
            if (!o.facts().isEmpty()) {
                b.append("  (").append(o.factsText()).append(")");
            }
        } else {
            b.append("invalid spec");
        }
        SpecOutcome.Recheck r = o.recheck();
        if (r != null && "violated".equals(r.verdict())) {
            // The verdict column shows the expected invariant's counterexample; say what the shortest broke.
            b.append("  (").append(String.join(", ", r.firstBroken())).append(r.firstBroken().size() == 1 ? " is" : " are")
                    .append(" also violated, in ").append(steps(r.firstSteps())).append("; ").append(r.invariant())
                    .append(" re-checked alone: ").append(steps(r.steps())).append(")");
        }
        return b.toString().stripTrailing();
    }

    private static String steps(int n) {
        return n + (n == 1 ? " step" : " steps");
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
