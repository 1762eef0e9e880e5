package trapcheck.spi;

import java.util.List;
import java.util.function.Supplier;

/**
 * One edit of a target's definition, as a design review shows it: a mutant (a mistake a change
 * could make) or a repair move. In the model's words; the application only checks, ranks and reports.
 *
 * @param operator       the kind of edit, a short stable name ("drop-op")
 * @param where          the file and line of what it edits ("specs/a.yaml:49"), the file alone when the
 *                       edited thing has no line
 * @param diff           the edit in one line ("trap.do[0].then[1]: save_host_keys -> (dropped)")
 * @param coveragePoints the original target's coverage points ({@link Instrumentation#coveragePoints()})
 *                       of what the edit changes, moves or removes: when none of them is ever reached,
 *                       the edit changes code that never runs; empty when the edit changes no code
 *                       (a setting) or only adds code
 * @param edited         builds the edited target (each call a new one)
 */
public record Edit(String operator, String where, String diff, List<String> coveragePoints,
                   Supplier<CheckTarget> edited) {
    public Edit {
        coveragePoints = List.copyOf(coveragePoints);
    }

    /** The edited target. */
    public CheckTarget target() {
        return edited.get();
    }
}
