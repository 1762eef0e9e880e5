package trapcheck.report;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The owners a counterexample's values name (a structured value with an {@code owner}: in a model of
 * keys, every register, host context and save area), each with one colour and one letter for the whole
 * page, so the same owner looks the same wherever its values are and a value arriving where another
 * owner's belongs shows as a change of colour. The colours are the Okabe-Ito palette (told apart with
 * the common colour-vision deficiencies); the letter, and the owner's name on hover, tell them apart
 * without colour. Empty for a counterexample without structured values (a trace of format version 1).
 */
final class OwnerColours {
    /** Colours in the style sheet ({@code own-0} to {@code own-7}); past them a colour repeats, the letter not. */
    static final int PALETTE = 8;
    /** The owner of an empty register: no colour. */
    static final String NOBODY = "nobody";

    private final List<String> owners;
    private final List<Map<String, Map<String, Object>>> byStep;

    private OwnerColours(List<String> owners, List<Map<String, Map<String, Object>>> byStep) {
        this.owners = owners;
        this.byStep = byStep;
    }

    static OwnerColours of(Counterexample cx) {
        List<Map<String, Map<String, Object>>> byStep = cx.valuesByStep();
        Set<String> owners = new LinkedHashSet<>();
        for (Map<String, Map<String, Object>> values : byStep) {
            for (Map<String, Object> v : values.values()) {
                if (v.get("owner") instanceof String o && !o.equals(NOBODY)) {
                    owners.add(o);
                }
            }
        }
        return new OwnerColours(List.copyOf(owners), byStep);
    }

    /** Every owner, in order of first appearance ("nobody" left out). */
    List<String> owners() {
        return owners;
    }

    /** The fields whose value names an owner at some step, in state order, that start with {@code prefix}. */
    List<String> ownedFields(String prefix) {
        Set<String> fields = new LinkedHashSet<>();
        for (Map<String, Map<String, Object>> values : byStep) {
            values.forEach((field, v) -> {
                if (v.containsKey("owner") && field.startsWith(prefix)) {
                    fields.add(field);
                }
            });
        }
        return List.copyOf(fields);
    }

    /** The structured value of {@code field} after step {@code step} (0: the initial state), or null. */
    Map<String, Object> value(int step, String field) {
        return byStep.get(step).get(field);
    }

    /** "A" for the first owner, "B", ..., "Z", "AA": the owner's cue without colour. */
    static String letter(int i) {
        StringBuilder b = new StringBuilder();
        for (int k = i; k >= 0; k = k / 26 - 1) {
            b.insert(0, (char) ('A' + k % 26));
        }
        return b.toString();
    }

    /**
     * A swatch for a value: its owner's colour and letter, the field, owner and version on hover
     * ({@code data-owner} for tests and scripts); nothing when the value names no owner.
     */
    void swatch(StringBuilder b, String field, Map<String, Object> value, boolean changed) {
        if (value == null || !(value.get("owner") instanceof String o)) {
            return;
        }
        int i = owners.indexOf(o);
        boolean nobody = o.equals(NOBODY) || i < 0;
        String version = value.containsKey("version") ? " v" + value.get("version") : "";
        b.append("<span class=\"own ").append(nobody ? "own-none" : "own-" + (i % PALETTE)).append(changed ? " moved" : "")
                .append("\" data-owner=\"").append(Html.attr(o)).append("\" title=\"")
                .append(Html.attr((field == null ? "" : field + ": ") + o + version)).append("\">")
                .append(nobody ? "&middot;" : letter(i)).append("</span>");
    }

    /** The legend: each owner's swatch and name. */
    void legend(StringBuilder b) {
        if (owners.isEmpty()) {
            return;
        }
        b.append("<p class=\"legend\"><span class=\"muted\">owners, one colour and letter each:</span>");
        for (String o : owners) {
            b.append(" <span class=\"owner\">");
            swatch(b, null, Map.of("owner", o), false);
            b.append(Html.text(o)).append("</span>");
        }
        b.append(" <span class=\"owner\">");
        swatch(b, null, Map.of("owner", NOBODY), false);
        b.append(NOBODY).append("</span></p>\n");
    }
}
