package trapcheck.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import trapcheck.spi.SafeText;

/**
 * A counterexample as short text for a terminal: one numbered line per step with the action's label,
 * under it (indented) what each part of the step did when the model says so (an atomic hook's ops,
 * one per line, so that a missing op is a missing line), then the fields the step changed that neither
 * those lines nor the label already tell; the culprit step marked {@code <= culprit}; last the
 * explanation of each broken property (one sentence given once, with the ids of all the properties it
 * explains) and the culprit's way to the evidence. Deterministic: the same counterexample always
 * gives the same text. Every piece of text is one line with control characters escaped
 * ({@link SafeText}), whoever wrote the counterexample.
 *
 * <pre>
 * counterexample for spec-name: 2 steps, breaks [prop-a]
 *   0  initial state
 *   1  label of the first step  &lt;= culprit
 *        hook: op[x] value -&gt; place
 *        field.x: old -&gt; new
 *   2  label of the second step  (breaks [prop-a])
 *        field.y: old -&gt; new
 * BROKEN prop-a: why, in the model's words
 * culprit: step 1 wrote new into field.x (spec.yaml:12:9)
 * </pre>
 */
public final class TraceText {

    private TraceText() {
    }

    public static String render(Counterexample cx) {
        return render(cx, Integer.MAX_VALUE);
    }

    /**
     * The text, with at most {@code maxSteps} steps shown: past that the first and last few (and the
     * culprit), the others left out with a line that says how many.
     */
    public static String render(Counterexample cx, int maxSteps) {
        StringBuilder b = new StringBuilder();
        int n = cx.steps().size();
        List<Integer> shown = shownSteps(cx, maxSteps);
        b.append("counterexample for ").append(oneLine(cx.spec().name())).append(": ")
                .append(count(n)).append(n == 1 ? " step" : " steps")
                .append(", breaks ").append(list(cx.violatedIds()));
        if (shown.size() < n) {
            b.append(" (").append(count(shown.size())).append(" of them shown)");
        }
        b.append('\n');
        int width = Integer.toString(n).length();
        b.append("  ").append(pad("0", width)).append("  initial state");
        if (!cx.initial().violations().isEmpty()) {
            b.append(" (breaks ").append(list(cx.initial().violations())).append(')');
        }
        b.append('\n');
        String indent = "  " + " ".repeat(width) + "    ";
        int culprit = cx.culprit() == null ? -1 : cx.culprit().step();
        int last = 0;
        for (int index : shown) {
            if (index > last + 1) {
                int gap = index - last - 1;
                b.append("  ").append(pad("...", width)).append("  (").append(count(gap))
                        .append(gap == 1 ? " step" : " steps").append(" not shown)\n");
            }
            last = index;
            Counterexample.Step s = cx.steps().get(index - 1);
            b.append("  ").append(pad(Integer.toString(s.index()), width)).append("  ").append(oneLine(s.label()));
            if (!s.violations().isEmpty()) {
                b.append("  (breaks ").append(list(s.violations())).append(')');
            }
            if (s.index() == culprit) {
                b.append("  <= culprit");
            }
            b.append('\n');
            Set<String> explained = new LinkedHashSet<>(s.toldByLabel());
            for (Counterexample.Effect e : s.effects()) {
                if (e.text() != null) {
                    b.append(indent).append(oneLine(e.text())).append('\n');
                    e.moves().forEach(m -> explained.add(m.to()));
                }
            }
            for (Map.Entry<String, Counterexample.Change> e : s.changed().entrySet()) {
                if (!explained.contains(e.getKey())) {
                    b.append(indent).append(oneLine(e.getKey())).append(": ").append(value(e.getValue().from()))
                            .append(" -> ").append(value(e.getValue().to())).append('\n');
                }
            }
        }
        // One sentence once, with every property it explains.
        Map<String, List<String>> idsBySentence = new LinkedHashMap<>();
        for (Counterexample.Broken broken : cx.violated()) {
            String why = broken.explanation() == null || broken.explanation().isBlank()
                    ? oneLine(broken.description()) : oneLine(broken.explanation());
            idsBySentence.computeIfAbsent(why, k -> new ArrayList<>()).add(oneLine(broken.id()));
        }
        idsBySentence.forEach((why, ids) -> b.append("BROKEN ").append(String.join(", ", ids)).append(": ")
                .append(why).append('\n'));
        String way = culpritLine(cx);
        if (way != null) {
            b.append(way).append('\n');
        }
        return b.toString();
    }

    /** "culprit: step 18 wrote V into F (file:line:col), which reached G at step 21", or null. */
    static String culpritLine(Counterexample cx) {
        Counterexample.Culprit c = cx.culprit();
        if (c == null) {
            return null;
        }
        String at = c.location() == null ? "" : " (" + oneLine(c.location().toString()) + ")";
        if (c.field() == null) {
            return at.isEmpty() ? null : "culprit: step " + c.step() + at;
        }
        List<Counterexample.Hop> flow = c.flow();
        String value = flow.isEmpty() ? null : cx.lastState().get(flow.get(flow.size() - 1).field());
        StringBuilder b = new StringBuilder("culprit: step ").append(c.step()).append(" wrote ").append(value(value))
                .append(" into ").append(oneLine(c.field())).append(at);
        boolean after = false;
        List<String> onward = new ArrayList<>();
        for (Counterexample.Hop h : flow) {
            if (after) {
                onward.add(oneLine(h.field()) + " at step " + h.step());
            }
            after |= h.step() == c.step() && h.field().equals(c.field());
        }
        if (!onward.isEmpty()) {
            b.append(", which reached ").append(String.join(", then ", onward));
        }
        return b.toString();
    }

    /** The step indexes shown: all, or the first and last few and the culprit. */
    static List<Integer> shownSteps(Counterexample cx, int maxSteps) {
        return shownSteps(cx, maxSteps, 0);
    }

    /** As {@link #shownSteps(Counterexample, int)}, with {@code around} steps on each side of the culprit. */
    static List<Integer> shownSteps(Counterexample cx, int maxSteps, int around) {
        int n = cx.steps().size();
        List<Integer> shown = new ArrayList<>();
        if (n <= maxSteps) {
            for (int i = 1; i <= n; i++) {
                shown.add(i);
            }
            return shown;
        }
        int head = Math.max(1, maxSteps / 2);
        int tail = Math.max(1, maxSteps - head);
        int culprit = cx.culprit() == null ? -1 : cx.culprit().step();
        for (int i = 1; i <= n; i++) {
            if (i <= head || i > n - tail || (culprit > 0 && Math.abs(i - culprit) <= around)) {
                shown.add(i);
            }
        }
        return shown;
    }

    private static String count(int n) {
        return String.format(Locale.ROOT, "%,d", n);
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
