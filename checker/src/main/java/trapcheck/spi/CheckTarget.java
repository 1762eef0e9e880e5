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

    /** SHA-256 (hex) of the spec file's bytes: a trace records it to detect a stale spec. */
    String sourceHash();

    /** The transition system, with the properties selected by the spec. */
    Model model();

    /** What the author expects. */
    Expectation expectation();

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

    /** Design-review instrumentation; empty when the model has none. */
    default Instrumentation instrumentation() {
        return Instrumentation.NONE;
    }

    /** What the spec's author expects: a verdict and, when violated, one invariant id. */
    record Expectation(Verdict verdict, String invariant) {
    }

    /**
     * @param symmetry whether symmetry reduction is asked for
     * @param maxDepth 0 for unbounded
     */
    record Settings(boolean symmetry, int maxDepth) {
    }
}
