package trapcheck.report;

import java.util.List;

/**
 * The result of checking one spec, as the summary, the JUnit report and the result table show it.
 *
 * @param spec                 the spec's name (the file name without extension for an invalid spec)
 * @param file                 the spec file as given
 * @param verdict              "holds", "violated", "incomplete" or "error"
 * @param invariants           ids of the properties broken at the end of the counterexample
 * @param expected             what the author expects; null when the spec could not be loaded
 * @param status               how the verdict compares with the expectation
 * @param states               distinct states explored
 * @param transitions          transitions generated
 * @param depth                deepest level reached
 * @param seconds              wall time of the exploration
 * @param trace                the counterexample file written, or null
 * @param stoppedBy            why an incomplete run stopped, or null
 * @param threads              worker threads used
 * @param collisionProbability estimated probability that a fingerprint collision hid a state
 * @param message              one line: the mismatch, the limit or the spec error; null when matched
 * @param neverFired           after a complete exploration, the actions that never fired (a policy
 *                             branch nobody reaches is worth knowing); empty otherwise
 * @param sources              for a spec that extends others, every file it was read from with its
 *                             hash ({@link Counterexample.Source#of}); empty otherwise
 * @param facts                the target's facts to show ({@code CheckTarget.resultFacts}), in order
 * @param vacuous              for a hold, the goals the exploration never reached, one sentence each
 *                             ("vm0.vcpu0 never entered the guest"): a hold that reached them all, or
 *                             another verdict, has none
 * @param location             where a report points for this spec: its {@code expect}, or the error of
 *                             an invalid spec; null when unknown
 * @param recheck              when the expected invariant was re-checked alone, what that found; null
 *                             otherwise
 * @param spilled              what the run moved to disk; null when nothing
 * @param partialOrder         the run searched with partial-order reduction: states, transitions and depth
 *                             are of the reduced state space
 */
public record SpecOutcome(String spec, String file, String verdict, List<String> invariants, Expected expected,
                          Status status, long states, long transitions, int depth, double seconds, String trace,
                          String stoppedBy, int threads, double collisionProbability, String message,
                          List<String> neverFired, List<Counterexample.Source> sources, List<String> vacuous,
                          java.util.Map<String, List<String>> facts, Location location, Recheck recheck,
                          Spilled spilled, boolean partialOrder) {

    /** An outcome whose run kept every state in memory. */
    public SpecOutcome(String spec, String file, String verdict, List<String> invariants, Expected expected,
                       Status status, long states, long transitions, int depth, double seconds, String trace,
                       String stoppedBy, int threads, double collisionProbability, String message,
                       List<String> neverFired, List<Counterexample.Source> sources, List<String> vacuous,
                       java.util.Map<String, List<String>> facts, Location location, Recheck recheck) {
        this(spec, file, verdict, invariants, expected, status, states, transitions, depth, seconds, trace, stoppedBy,
                threads, collisionProbability, message, neverFired, sources, vacuous, facts, location, recheck, null,
                false);
    }

    public SpecOutcome {
        facts = facts == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(facts));
        vacuous = vacuous == null ? List.of() : List.copyOf(vacuous);
        invariants = List.copyOf(invariants);
        neverFired = neverFired == null ? List.of() : List.copyOf(neverFired);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }

    /** An outcome read from one file. */
    public SpecOutcome(String spec, String file, String verdict, List<String> invariants, Expected expected,
                       Status status, long states, long transitions, int depth, double seconds, String trace,
                       String stoppedBy, int threads, double collisionProbability, String message,
                       List<String> neverFired) {
        this(spec, file, verdict, invariants, expected, status, states, transitions, depth, seconds, trace, stoppedBy,
                threads, collisionProbability, message, neverFired, List.of(), List.of(), null, null, null);
    }

    /** The same outcome with the files of a spec that extends others. */
    public SpecOutcome withSources(List<Counterexample.Source> files) {
        return new SpecOutcome(spec, file, verdict, invariants, expected, status, states, transitions, depth, seconds,
                trace, stoppedBy, threads, collisionProbability, message, neverFired, files, vacuous, facts, location, recheck,
                spilled, partialOrder);
    }

    /**
     * The same hold, vacuous: the goals it never reached; {@code strict} makes it a mismatch (a hold
     * that checked nothing fails the gate).
     */
    public SpecOutcome withVacuous(List<String> unreached, boolean strict) {
        if (unreached.isEmpty()) {
            return this;
        }
        boolean fails = strict && status == Status.MATCHED;
        return new SpecOutcome(spec, file, verdict, invariants, expected, fails ? Status.MISMATCH : status, states,
                transitions, depth, seconds, trace, stoppedBy, threads, collisionProbability,
                fails ? "holds vacuously under --strict: " + String.join(", ", unreached) : message, neverFired,
                sources, unreached, facts, location, recheck, spilled, partialOrder);
    }

    /** The same outcome with the target's facts. */
    public SpecOutcome withFacts(java.util.Map<String, List<String>> shown) {
        return new SpecOutcome(spec, file, verdict, invariants, expected, status, states, transitions, depth, seconds,
                trace, stoppedBy, threads, collisionProbability, message, neverFired, sources, vacuous, shown, location, recheck,
                spilled, partialOrder);
    }

    /** "parked: cpu2; other: x", or "" without facts. */
    public String factsText() {
        return String.join("; ", facts.entrySet().stream()
                .map(e -> e.getKey() + ": " + String.join(", ", e.getValue())).toList());
    }

    /** "holds (vacuous: vm0.vcpu0 never entered the guest)", or the verdict word. */
    public String verdictText() {
        return vacuous.isEmpty() ? verdict : verdict + " (vacuous: " + String.join(", ", vacuous) + ")";
    }

    /** The same outcome pointing at {@code where}. */
    public SpecOutcome withLocation(Location where) {
        return new SpecOutcome(spec, file, verdict, invariants, expected, status, states, transitions, depth, seconds,
                trace, stoppedBy, threads, collisionProbability, message, neverFired, sources, vacuous, facts, where, recheck,
                spilled, partialOrder);
    }

    /**
     * The same outcome with whether its run searched with partial-order reduction: its states,
     * transitions and depth are then of the reduced state space (verdict and counterexample are exact).
     */
    public SpecOutcome withPartialOrder(boolean reduced) {
        return new SpecOutcome(spec, file, verdict, invariants, expected, status, states, transitions, depth, seconds,
                trace, stoppedBy, threads, collisionProbability, message, neverFired, sources, vacuous, facts, location,
                recheck, spilled, reduced);
    }

    /** The same outcome with what its run moved to disk (null: nothing). */
    public SpecOutcome withSpilled(Spilled moved) {
        return new SpecOutcome(spec, file, verdict, invariants, expected, status, states, transitions, depth, seconds,
                trace, stoppedBy, threads, collisionProbability, message, neverFired, sources, vacuous, facts, location,
                recheck, moved, partialOrder);
    }

    /**
     * What a breadth-first search moved to disk because the states outgrew its memory budget.
     *
     * @param states distinct states its seen set held on disk at the end
     * @param bytes  the most bytes its spill files held at once
     * @param windows level windows whose candidates went to disk (a level's table did not fit)
     */
    public record Spilled(long states, long bytes, long windows) {
        /** "1,234,567 states of the seen set, 12 level windows, at most 34.5 MiB in spill files". */
        public String text() {
            return String.format(java.util.Locale.ROOT, "%,d states of the seen set, %,d level windows, at most %.1f MiB"
                    + " in spill files", states, windows, bytes / 1048576.0);
        }
    }

    /** The same outcome with what the re-check of the expected invariant found. */
    public SpecOutcome withRecheck(Recheck found) {
        return new SpecOutcome(spec, file, verdict, invariants, expected, status, states, transitions, depth, seconds,
                trace, stoppedBy, threads, collisionProbability, message, neverFired, sources, vacuous, facts, location, found,
                spilled, partialOrder);
    }

    /**
     * A place in a spec file: 1-based line and column, 0 when unknown.
     *
     * @param file the file as given (a base the spec extends when the place is there)
     */
    public record Location(String file, int line, int column) {
    }

    /**
     * The expected invariant checked alone, after the first exploration found a counterexample that
     * does not break it (the first counterexample is then the shortest of another invariant).
     *
     * @param invariant    the expected invariant
     * @param verdict      what the re-check found: "violated", "holds" or "incomplete"
     * @param steps        the length of the re-check's counterexample; 0 unless violated
     * @param firstBroken  what the first counterexample breaks
     * @param firstSteps   the length of the first counterexample
     */
    public record Recheck(String invariant, String verdict, int steps, List<String> firstBroken, int firstSteps) {
        public Recheck {
            firstBroken = List.copyOf(firstBroken);
        }
    }

    /** An outcome without the never-fired list. */
    public SpecOutcome(String spec, String file, String verdict, List<String> invariants, Expected expected,
                       Status status, long states, long transitions, int depth, double seconds, String trace,
                       String stoppedBy, int threads, double collisionProbability, String message) {
        this(spec, file, verdict, invariants, expected, status, states, transitions, depth, seconds, trace, stoppedBy,
                threads, collisionProbability, message, List.of());
    }

    /** The author's expectation: a verdict word and, for "violated", an invariant id. */
    public record Expected(String verdict, String invariant) {
        @Override
        public String toString() {
            return invariant == null ? verdict : verdict + "/" + invariant;
        }
    }

    /** How a result compares with its expectation. */
    public enum Status {
        /** The verdict is the expected one. */
        MATCHED,
        /** The verdict contradicts the expectation: fails the gate. */
        MISMATCH,
        /** A limit stopped the run before a verdict: reported, not a mismatch. */
        LIMIT,
        /** The spec is invalid. */
        ERROR
    }

    public boolean matched() {
        return status == Status.MATCHED;
    }

    /** An invalid spec. */
    public static SpecOutcome error(String spec, String file, String message) {
        return new SpecOutcome(spec, file, "error", List.of(), null, Status.ERROR, 0, 0, 0, 0, null, null, 0, 0,
                message);
    }
}
