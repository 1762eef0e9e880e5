package trapcheck.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The HTML report of a {@code check} run ({@code --html}). {@link #find()} returns the first writer
 * registered in {@code META-INF/services/trapcheck.report.HtmlReport}, or the built-in
 * {@link SelfContainedHtmlReport} (one {@code index.html} with inline CSS and script).
 */
public interface HtmlReport {

    /**
     * Writes the report under {@code outDir} (atomically) and returns its main file, or null if it wrote
     * nothing.
     *
     * @param counterexamples by spec name, for the specs that have one
     */
    Path write(Path outDir, List<SpecOutcome> outcomes, Map<String, Counterexample> counterexamples)
            throws IOException;

    /** The registered writer, or the built-in {@link SelfContainedHtmlReport}. */
    static HtmlReport find() {
        return ServiceLoader.load(HtmlReport.class).findFirst().orElseGet(SelfContainedHtmlReport::new);
    }
}
