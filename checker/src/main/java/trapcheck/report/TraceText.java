package trapcheck.report;

import java.util.List;
import java.util.Map;
import trapcheck.spi.SafeText;

/**
 * A counterexample as short text for a terminal: one numbered line per step with the action's label,
 * under it (indented) only the fields the step changed, and last the explanation of each broken
 * property. Deterministic: the same counterexample always gives the same text. Every piece of text is
 * one line with control characters escaped ({@link SafeText}), whoever wrote the counterexample.
 *
 * <pre>
 * counterexample for spec-name: 2 steps, breaks [prop-a]
 *   0  initial state
 *   1  label of the first step
 *        field.x: old -&gt; new
 *   2  label of the second step
 *        field.y: old -&gt; new
 * BROKEN prop-a: why, in the model's words
 * </pre>
 */
public final class TraceText {

    private TraceText() {
    }

    public static String render(Counterexample cx) {
        StringBuilder b = new StringBuilder();
        int n = cx.steps().size();
        b.append("counterexample for ").append(oneLine(cx.spec().name())).append(": ")
                .append(n).append(n == 1 ? " step" : " steps")
                .append(", breaks ").append(list(cx.violatedIds())).append('\n');
        int width = Integer.toString(n).length();
        b.append("  ").append(pad("0", width)).append("  initial state");
        if (!cx.initial().violations().isEmpty()) {
            b.append(" (breaks ").append(list(cx.initial().violations())).append(')');
        }
        b.append('\n');
        String indent = "  " + " ".repeat(width) + "    ";
        for (Counterexample.Step s : cx.steps()) {
            b.append("  ").append(pad(Integer.toString(s.index()), width)).append("  ").append(oneLine(s.label()));
            if (!s.violations().isEmpty()) {
                b.append("  (breaks ").append(list(s.violations())).append(')');
            }
            b.append('\n');
            for (Map.Entry<String, Counterexample.Change> e : s.changed().entrySet()) {
                b.append(indent).append(oneLine(e.getKey())).append(": ").append(value(e.getValue().from()))
                        .append(" -> ").append(value(e.getValue().to())).append('\n');
            }
        }
        for (Counterexample.Broken broken : cx.violated()) {
            b.append("BROKEN ").append(oneLine(broken.id())).append(": ")
                    .append(broken.explanation() == null || broken.explanation().isBlank()
                            ? oneLine(broken.description()) : oneLine(broken.explanation()))
                    .append('\n');
        }
        return b.toString();
    }

    private static String list(List<String> ids) {
        return "[" + String.join(", ", ids.stream().map(TraceText::oneLine).toList()) + "]";
    }

    private static String value(String v) {
        return v == null ? "(absent)" : oneLine(v);
    }

    /** Text of the model or of a trace file on one line, with nothing a terminal would act on. */
    private static String oneLine(String s) {
        return s == null ? "" : SafeText.line(s.replace('\n', ' ').replace('\r', ' '));
    }

    private static String pad(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
