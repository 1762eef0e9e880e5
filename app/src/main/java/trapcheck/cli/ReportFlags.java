package trapcheck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    /**
     * Why the reports cannot be written where asked, checked before any work; null when they can. A
     * report path that is a folder, or two reports in one file (one would replace the other), is a
     * usage error. A device or FIFO ({@code /dev/stdout} for both) takes them one after the other.
     */
    String problem(Path outDir) {
        Map<String, Path> files = new LinkedHashMap<>();
        if (summary != null) {
            files.put("--summary", summary);
        }
        if (junit != null) {
            files.put("--junit", junit);
        }
        if (html) {
            files.put("--html", outDir.resolve(trapcheck.report.SelfContainedHtmlReport.FILE_NAME));
        }
        Map<Path, String> seen = new HashMap<>();
        for (Map.Entry<String, Path> f : files.entrySet()) {
            Path file = f.getValue();
            if (Files.isDirectory(file)) {
                return f.getKey() + " " + file + ": a folder, not a file";
            }
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
                return f.getKey() + " " + file + ": " + parent + " is a file, not a folder";
            }
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                continue;
            }
            String before = seen.putIfAbsent(file.toAbsolutePath().normalize(), f.getKey());
            if (before != null) {
                return before + " and " + f.getKey() + " name the same file " + file + " (one would replace the other)";
            }
        }
        return null;
    }

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
