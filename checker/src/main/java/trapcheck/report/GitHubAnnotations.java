package trapcheck.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * GitHub Actions workflow commands for the outcomes that fail the gate, so they show on the pull
 * request's diff: {@code ::error file=F,line=L,col=C,title=T::message} for a mismatch or an invalid
 * spec, {@code ::warning ...} for a spec a limit stopped. Printed when {@code GITHUB_ACTIONS=true}.
 * Escaped as the runner reads them: in a message {@code %}, CR and LF; in a property also {@code :}
 * and {@code ,}.
 */
public final class GitHubAnnotations {

    private GitHubAnnotations() {
    }

    /** Whether the environment is a GitHub Actions job. */
    public static boolean active(java.util.function.Function<String, String> variables) {
        return "true".equals(variables.apply("GITHUB_ACTIONS"));
    }

    /** One line per outcome that needs attention, in order. */
    public static List<String> lines(List<SpecOutcome> outcomes, Map<String, Counterexample> counterexamples) {
        List<String> lines = new ArrayList<>();
        for (SpecOutcome o : outcomes) {
            String command = switch (o.status()) {
                case MATCHED -> null;
                case MISMATCH, ERROR -> "error";
                case LIMIT -> "warning";
            };
            if (command == null) {
                continue;
            }
            Counterexample cx = counterexamples.get(o.spec());
            SpecOutcome.Location at = cx != null ? SarifLog.violationLocation(o, cx) : o.location();
            StringBuilder b = new StringBuilder("::").append(command).append(" file=")
                    .append(property(at == null || at.file() == null ? o.file() : at.file()));
            if (at != null && at.line() > 0) {
                b.append(",line=").append(at.line());
                if (at.column() > 0) {
                    b.append(",col=").append(at.column());
                }
            }
            String title = switch (o.status()) {
                case ERROR -> "invalid spec " + o.spec();
                case LIMIT -> o.spec() + " stopped by a limit";
                default -> o.spec() + " contradicts its expect";
            };
            b.append(",title=").append(property("trapcheck: " + title)).append("::").append(message(describe(o)));
            lines.add(b.toString());
        }
        return lines;
    }

    private static String describe(SpecOutcome o) {
        StringBuilder b = new StringBuilder(o.message() == null ? o.verdict() : o.message());
        if (o.trace() != null) {
            b.append("\ncounterexample: ").append(o.trace());
        }
        return b.toString();
    }

    static String message(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    static String property(String s) {
        return message(s).replace(":", "%3A").replace(",", "%2C");
    }
}
