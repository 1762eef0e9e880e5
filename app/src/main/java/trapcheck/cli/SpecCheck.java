package trapcheck.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import trapcheck.review.PartialOrderLabel;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.engine.Statistics;
import trapcheck.engine.Verdict;
import trapcheck.report.Counterexample;
import trapcheck.report.SpecOutcome;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.SourceLocation;

/**
 * One spec checked for {@code check}: the exploration, and when it ends in a counterexample that does
 * not break the invariant {@code expect} names, the re-check of that invariant alone ({@code
 * expect.invariant} means "this invariant is violated", not "the shortest counterexample breaks it").
 * Gives the outcome and the counterexample to report; the counterexample is written by the caller's
 * sink.
 */
final class SpecCheck {

    /**
     * @param outcome        the spec's result
     * @param counterexample the counterexample reported, or null
     * @param actions        the model's action count (for the never-fired line)
     * @param stats          the first exploration's statistics, or null
     */
    record Done(SpecOutcome outcome, Counterexample counterexample, int actions, Statistics stats) {
    }

    private SpecCheck() {
    }

    /**
     * @param strict  a vacuous hold fails like a mismatch (--strict)
     * @param options the options of the spec's exploration
     * @param alone   the options of the re-check, for the spec checking only its expected invariant
     * @param traces  writes the counterexample and gives its path, or null when it could not
     */
    static Done run(Engine engine, CheckTarget target, Path fallbackFile, boolean strict,
                    Function<CheckTarget, Options> options,
                    Function<CheckTarget, Options> alone, Function<Counterexample, String> traces) {
        Result first = engine.explore(target.model(), options.apply(target));
        List<String> broken = brokenBy(target, first);
        CheckTarget.Expectation exp = target.expectation();
        CheckTarget reportedTarget = target;
        Result reported = first;
        SpecOutcome.Status status = Matching.status(exp, first.verdict(), broken);
        String message = Matching.message(exp, first.verdict(), broken, first.stoppedBy());
        SpecOutcome.Recheck recheck = null;
        String stoppedBy = first.stoppedBy();
        double seconds = seconds(first);

        Optional<CheckTarget> only = status == SpecOutcome.Status.MISMATCH && first.verdict() == Verdict.VIOLATED
                && exp.verdict() == Verdict.VIOLATED ? expectedAlone(target, exp.invariant()) : Optional.empty();
        if (only.isPresent()) {
            CheckTarget sub = only.get();
            Result again = engine.explore(sub.model(), alone.apply(sub));
            seconds += seconds(again);
            int firstSteps = first.trace() == null ? 0 : first.trace().length();
            int steps = again.verdict() == Verdict.VIOLATED && again.trace() != null ? again.trace().length() : 0;
            recheck = new SpecOutcome.Recheck(exp.invariant(), again.verdict().word(), steps, broken, firstSteps);
            switch (again.verdict()) {
                case VIOLATED -> {
                    reportedTarget = sub;
                    reported = again;
                    broken = brokenBy(sub, again);
                    status = SpecOutcome.Status.MATCHED;
                    message = null;
                }
                case HOLDS -> message += "; " + exp.invariant() + " checked alone holds";
                case INCOMPLETE -> {
                    status = SpecOutcome.Status.LIMIT;
                    stoppedBy = again.stoppedBy();
                    message = exp.invariant() + " checked alone: " + (Interruption.REASON.equals(again.stoppedBy())
                            ? "interrupted" : "stopped by " + again.stoppedBy()) + " before a verdict (the shortest "
                            + "counterexample breaks [" + String.join(", ", broken) + "])";
                }
            }
        }

        Counterexample cx = reported.verdict() == Verdict.VIOLATED && reported.trace() != null
                ? Counterexample.of(new Counterexample.Tool(Version.NAME, Version.VERSION), reportedTarget,
                        reported.trace(), reported.violations())
                : null;
        String tracePath = cx == null ? null : traces.apply(cx);
        Statistics s = first.stats();
        long[] fires = s == null ? null : s.actionFires();
        if (first.verdict() == Verdict.HOLDS) {
            Options searched = options.apply(target);
            if (FullFires.needed(target.model(), searched, s)) {
                FullFires.Confirmed confirmed = FullFires.of(engine, target.model(), searched, fires);
                fires = confirmed.fires();
                seconds += confirmed.seconds(); // the spec's time is every search it took
            }
        }
        String verdict = status == SpecOutcome.Status.LIMIT && recheck != null ? Verdict.INCOMPLETE.word()
                : reported.verdict().word();
        SpecOutcome o = new SpecOutcome(target.name(), target.file() == null ? fallbackFile.toString()
                : target.file().toString(), verdict, status == SpecOutcome.Status.LIMIT ? List.of() : broken,
                new SpecOutcome.Expected(exp.verdict().word(), exp.verdict() == Verdict.VIOLATED ? exp.invariant() : null),
                status, s == null ? 0 : s.distinct(), s == null ? 0 : s.generated(), s == null ? 0 : s.depth(), seconds,
                tracePath, stoppedBy, s == null ? 0 : s.threads(), s == null ? 0 : s.collisionProbability(), message,
                first.verdict() == Verdict.HOLDS ? neverFired(target, fires) : List.of())
                .withSources(Counterexample.Source.of(target))
                .withLocation(location(target.expectLocation(), fallbackFile))
                .withRecheck(recheck)
                .withFacts(target.resultFacts())
                .withSpilled(s == null || s.spilledBytes() == 0 ? null
                        : new SpecOutcome.Spilled(s.spilledStates(), s.spilledBytes(), s.spilledWindows()))
                .withPartialOrder(PartialOrderLabel.reduced(s));   // counts of a reduced space: an ample set was taken
        if (first.verdict() == Verdict.HOLDS && s != null) {
            List<String> unreached = target.instrumentation().unreachedGoals(fires);
            if (unreached != null) {
                o = o.withVacuous(unreached, strict || target.settings().strict());
            }
        }
        return new Done(o, cx, target.model().actionCount(), s);
    }

    /** The spec checking only {@code invariant}, when the model can select it. */
    private static Optional<CheckTarget> expectedAlone(CheckTarget target, String invariant) {
        try {
            return target.withProperties(List.of(invariant));
        } catch (IllegalArgumentException notChecked) {
            return Optional.empty(); // the spec does not check it: the mismatch stands
        }
    }

    private static List<String> brokenBy(CheckTarget target, Result r) {
        return r.verdict() == Verdict.VIOLATED ? Counterexample.ids(target.model().properties(), r.violations())
                : List.of();
    }

    private static double seconds(Result r) {
        return r.stats() == null ? 0 : r.stats().seconds();
    }

    static SpecOutcome.Location location(SourceLocation where, Path fallbackFile) {
        if (where == null) {
            return new SpecOutcome.Location(fallbackFile.toString(), 0, 0);
        }
        return new SpecOutcome.Location(where.file() == null ? fallbackFile.toString() : where.file().toString(),
                where.line(), where.column());
    }

    /** Names of the actions that never fired in a complete exploration ({@code fires}: {@link FullFires#of}). */
    private static List<String> neverFired(CheckTarget target, long[] fires) {
        List<String> out = new java.util.ArrayList<>();
        if (fires == null) {
            return out;
        }
        for (int a = 0; a < fires.length; a++) {
            if (fires[a] == 0) {
                out.add(target.model().actionName(a));
            }
        }
        return out;
    }
}
