package trapcheck.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import trapcheck.report.Counterexample;
import trapcheck.report.HtmlReport;
import trapcheck.report.JUnitXml;
import trapcheck.report.SpecOutcome;
import trapcheck.report.SummaryJson;

/**
 * The reports {@code check} writes after the last spec, besides the counterexamples (a picocli mixin):
 * the JSON summary, the JUnit XML report and the HTML report, with the writing of each.
 */
final class ReportFlags {

    @Option(names = "--summary", paramLabel = "FILE", description = "Also write a JSON summary of all results.")
    Path summary;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write a JUnit XML report (one testcase per spec).")
    Path junit;

    @Option(names = "--html", description = "Also write a self-contained HTML report to --out (index.html).")
    boolean html;

    /** Writes the reports asked for, each atomically; true if one could not be written. */
    boolean write(Environment env, Path outDir, boolean quiet, List<SpecOutcome> outcomes,
                  Map<String, Counterexample> counterexamples, boolean interrupted) {
        boolean failed = false;
        if (summary != null) {
            try {
                SummaryJson.write(summary, Version.NAME, Version.VERSION, outcomes, interrupted);
            } catch (IOException e) {
                env.err().println("trapcheck: cannot write the summary " + summary + ": " + e.getMessage());
                failed = true;
            }
        }
        if (junit != null) {
            try {
                JUnitXml.write(junit, Version.NAME, outcomes);
            } catch (IOException e) {
                env.err().println("trapcheck: cannot write the JUnit report " + junit + ": " + e.getMessage());
                failed = true;
            }
        }
        if (html) {
            try {
                Path index = HtmlReport.find().write(outDir, outcomes, counterexamples);
                if (index != null && !quiet) {
                    env.out().println("HTML report: " + index);
                }
            } catch (IOException e) {
                env.err().println("trapcheck: cannot write the HTML report: " + e.getMessage());
                failed = true;
            }
        }
        return failed;
    }
}
