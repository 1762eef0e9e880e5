package trapcheck.cli;

import picocli.CommandLine.Option;

/**
 * {@code --por/--no-por} of a command that runs many small checks (a picocli mixin): each check
 * reduces by partial order unless {@code --no-por}. Every breadth-first check can reduce here (no
 * depth-first search, depth flag or checkpoint to rule it out; a spec's own depth bound searches in
 * full, as in {@code check}), so no combination is refused.
 */
final class ReviewReductionFlag {

    @Option(names = "--por", negatable = true, description = "Partial-order reduction of each check (on by "
            + "default; --no-por turns it off): the same verdicts, broken properties and shortest counterexamples as "
            + "in full, fewer states; a state count of a reduced check is marked (POR), partialOrder in --json. "
            + "Coverage, vacuity and lockstep comparisons always search in full.")
    Boolean partialOrder; // null: the default, on

    /** Whether the checks reduce (on unless --no-por). */
    boolean on() {
        return partialOrder == null || partialOrder;
    }
}
