package trapcheck.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import trapcheck.engine.Model;
import trapcheck.engine.Verdict;

/**
 * One loaded spec, ready to check: the model the engine explores, what the author expects, and how
 * to present states and steps to a person. Everything here is in the model's own words; the CLI and
 * the reports only pass them on.
 */
public interface CheckTarget {

    /** The spec's name (unique in a folder; used for report file names). */
    String name();

    String description();

    /** The spec file as given. */
    Path file();

    /**
     * SHA-256 (hex) covering every file of {@link #sources()}: a trace records it to detect a stale
     * spec. For a spec read from one file, the SHA-256 of that file's bytes.
     */
    String sourceHash();

    /**
     * The files the target was read from with their hashes: the spec first, then each spec it builds
     * on (a base it extends), in order. A trace records them so that replay can say which one changed.
     */
    default List<SourceFile> sources() {
        return List.of(new SourceFile(file(), sourceHash()));
    }

    /** The transition system, with the properties selected by the spec. */
    Model model();

    /** What the author expects. */
    Expectation expectation();

    /**
     * Where the spec states its expectation ({@code expect}), for reports that point at a contradicted
     * one; the spec's file with line 0 when it states none (the default).
     */
    default SourceLocation expectLocation() {
        return new SourceLocation(file(), 0, 0);
    }

    /** Exploration settings the spec asks for (the CLI's flags override them). */
    Settings settings();

    /** One line in the model's words for taking {@code action} from {@code before}. */
    String describeAction(long[] before, int action);

    /** The lanes (actors) involved in the step, e.g. ["cpu1", "vm0.vcpu0"]; a subset of {@link #lanes()}. */
    List<String> actorsOf(long[] before, int action);

    /** Every lane of the topology, in display order. */
    List<String> lanes();

    /** The state as named fields, in display order; values are short strings. */
    Map<String, String> render(long[] state);

    /**
     * One sentence in domain words on why the step from {@code before} by {@code action} to
     * {@code after} breaks the property; {@code before} is null for an initial state.
     */
    String explain(long[] before, int action, long[] after, String propertyId);

    /**
     * What the step from {@code before} by {@code action} did, part by part, with the fields each part
     * wrote and where their values came from; {@link StepDetail#NONE} (the default) when the model does
     * not say, and a report then knows only which fields changed.
     */
    default StepDetail detail(long[] before, int action) {
        return StepDetail.NONE;
    }

    /**
     * Which fields of {@code after} show that the step from {@code before} by {@code action} breaks the
     * property ({@code before} null: the initial state does); {@link Evidence#NONE} (the default) when
     * the model does not say.
     */
    default Evidence evidence(long[] before, int action, long[] after, String propertyId) {
        return Evidence.NONE;
    }

    /**
     * Structured readings of some fields of {@link #render}, beside their display strings: for each such
     * field, members whose values are strings, booleans or integers (a key's owner and version, a
     * register's bits as booleans). A member named {@code owner} says whom a value belongs to: the HTML
     * report gives each owner one colour wherever its values are. Empty (the default) when the model
     * has none.
     */
    default Map<String, Map<String, Object>> structured(long[] state) {
        return Map.of();
    }

    /**
     * The same spec checking only the given properties (ids of {@code model().properties()}, in any
     * order), so a design review can give an exact verdict per property; empty when the model cannot
     * select properties (the default).
     *
     * @throws IllegalArgumentException when an id is not one of this target's properties
     */
    default java.util.Optional<CheckTarget> withProperties(List<String> ids) {
        return java.util.Optional.empty();
    }

    /** Design-review instrumentation; empty when the model has none. */
    default Instrumentation instrumentation() {
        return Instrumentation.NONE;
    }

    /**
     * The names of the topology dimensions {@link #scaled} takes, in argument order (e.g. ["pCPUs",
     * "VMs"]); empty when the target cannot be scaled. Used by {@code trapcheck bench} to run a ladder of
     * growing topologies of one spec.
     */
    default List<String> scaleDimensions() {
        return List.of();
    }

    /**
     * The same spec on a topology of the given sizes, one per {@link #scaleDimensions()} entry, each
     * at least 1. The result's name says the sizes (e.g. "v5.8-early-hyp-trap@3x2").
     *
     * @throws UnsupportedOperationException when the target cannot be scaled (the default)
     * @throws IllegalArgumentException      when the sizes are malformed or past the model's limits; the
     *                                       message says which limit
     */
    default CheckTarget scaled(int... sizes) {
        throw new UnsupportedOperationException(name() + " cannot be scaled");
    }

    /** The machines a sweep may check this spec on; empty when the model has none (the default). */
    default java.util.Optional<Topologies> topologies() {
        return java.util.Optional.empty();
    }

    /**
     * Every single-edit mutant of the target's definition (the policy under review), each a mistake a
     * change could make, in a fixed order; empty when the model has no mutation operators (the
     * default). A design review checks each to see whether the properties notice.
     */
    default List<Edit> mutants() {
        return List.of();
    }

    /**
     * The edits a repair tries: every mutant and the moves a fix makes, in a fixed order; applied to an
     * edited target, they give its own edits (pairs of edits). Empty by default.
     */
    default List<Edit> repairMoves() {
        return List.of();
    }

    /**
     * This target written as a spec file of its own, which its provider loads into a target with the
     * same model, under a new name and description and expecting {@code expectation}, after the
     * comment lines given; empty when the model cannot write specs (the default).
     */
    default java.util.Optional<String> specText(String name, String description, Expectation expectation,
                                                List<String> comments) {
        return java.util.Optional.empty();
    }

    /**
     * What the loader accepted but a reader should hear about, one located line each
     * ("specs/x.yaml:14:20: check.invariants[3]: warning: ..."); printed on stderr, the exit code
     * unchanged. Empty by default.
     */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * Facts about the target that its results show beside the verdict, each a name and its values
     * (the KVM model: "parked" and the pCPUs parked at boot); written on the result line as
     * {@code name: v1, v2}, as a field of the summary JSON, in the HTML report. Empty by default.
     */
    default java.util.Map<String, List<String>> resultFacts() {
        return java.util.Map.of();
    }

    /** What the spec's author expects: a verdict and, when violated, one invariant id. */
    record Expectation(Verdict verdict, String invariant) {
    }

    /**
     * @param symmetry whether symmetry reduction is asked for
     * @param maxDepth 0 for unbounded
     * @param strict   a vacuous hold ({@link Instrumentation#unreachedGoals}) fails like a mismatch
     */
    record Settings(boolean symmetry, int maxDepth, boolean strict) {
        /** Not strict. */
        public Settings(boolean symmetry, int maxDepth) {
            this(symmetry, maxDepth, false);
        }
    }
}
