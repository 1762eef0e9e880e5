package trapcheck.report;

import java.util.List;
import java.util.Locale;

/**
 * The results in KTAP version 1, as kselftest writes them, for kernel CI systems that parse kselftest
 * output: the version line, the plan {@code 1..N}, then per spec its diagnostics as {@code #} lines
 * followed by its result line ({@code ok N name} or {@code not ok N name}; a spec a limit stopped is
 * {@code not ok}, or {@code ok N name # SKIP reason} when limits are reported as skipped), and last
 * kselftest's totals line. Test names are the spec names with {@code #} and line breaks replaced (a
 * {@code #} would start a directive).
 */
public final class Ktap {

    private Ktap() {
    }

    /** @param limitIsFailure report a spec a limit stopped as {@code not ok} (else {@code ok ... # SKIP}) */
    public static String render(List<SpecOutcome> outcomes, boolean limitIsFailure) {
        StringBuilder b = new StringBuilder("KTAP version 1\n");
        b.append("1..").append(outcomes.size()).append('\n');
        int pass = 0;
        int fail = 0;
        int skip = 0;
        int n = 0;
        for (SpecOutcome o : outcomes) {
            n++;
            diagnostic(b, summary(o));
            if (o.message() != null) {
                diagnostic(b, o.message());
            }
            if (o.trace() != null) {
                diagnostic(b, "counterexample: " + o.trace());
            }
            String name = name(o.spec());
            switch (o.status()) {
                case MATCHED -> {
                    pass++;
                    b.append("ok ").append(n).append(' ').append(name);
                }
                case LIMIT -> {
                    if (limitIsFailure) {
                        fail++;
                        b.append("not ok ").append(n).append(' ').append(name);
                    } else {
                        skip++;
                        b.append("ok ").append(n).append(' ').append(name).append(" # SKIP ")
                                .append(oneLine(o.stoppedBy() == null ? "stopped by a limit" : "stopped by "
                                        + o.stoppedBy()));
                    }
                }
                case MISMATCH, ERROR -> {
                    fail++;
                    b.append("not ok ").append(n).append(' ').append(name);
                }
            }
            b.append('\n');
        }
        b.append("# Totals: pass:").append(pass).append(" fail:").append(fail).append(" xfail:0 xpass:0 skip:").append(skip)
                .append(" error:0\n");
        return b.toString();
    }

    private static String summary(SpecOutcome o) {
        if (o.status() == SpecOutcome.Status.ERROR) {
            return o.spec() + ": invalid spec (" + o.file() + ")";
        }
        String broken = o.invariants().isEmpty() ? "" : " [" + String.join(", ", o.invariants()) + "]";
        return String.format(Locale.ROOT, "%s: %s%s, expected %s, %,d states%s, %.1f s", o.spec(), o.verdict(), broken,
                o.expected(), o.states(), o.partialOrder() ? " (partial-order reduced)" : "", o.seconds());
    }

    private static void diagnostic(StringBuilder b, String text) {
        for (String line : text.split("\\R", -1)) {
            b.append("# ").append(line).append('\n');
        }
    }

    static String name(String spec) {
        String s = oneLine(spec).replace('#', '_').strip();
        return s.isEmpty() ? "_" : s;
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
