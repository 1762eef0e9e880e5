package trapcheck.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Hook for an HTML report of a {@code check} run ({@code --html}). No writer exists yet: {@link #find()}
 * returns the first one registered in {@code META-INF/services/trapcheck.report.HtmlReport}, or
 * {@link #NONE}, which writes nothing.
 */
public interface HtmlReport {

    /** Writes nothing. */
    HtmlReport NONE = new HtmlReport() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public Path write(Path outDir, List<SpecOutcome> outcomes, Map<String, Counterexample> counterexamples) {
            return null;
        }
    };

    /** Whether this writer produces anything. */
    default boolean available() {
        return true;
    }

    /**
     * Writes the report under {@code outDir} (atomically) and returns its main file, or null if it wrote
     * nothing.
     *
     * @param counterexamples by spec name, for the specs that have one
     */
    Path write(Path outDir, List<SpecOutcome> outcomes, Map<String, Counterexample> counterexamples)
            throws IOException;

    /** The registered writer, or {@link #NONE}. */
    static HtmlReport find() {
        return ServiceLoader.load(HtmlReport.class).findFirst().orElse(NONE);
    }
}
