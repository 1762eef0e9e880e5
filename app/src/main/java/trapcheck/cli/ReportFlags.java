package trapcheck.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;
import trapcheck.report.AtomicFiles;
import trapcheck.report.Counterexample;
import trapcheck.report.GitHubAnnotations;
import trapcheck.report.HtmlReport;
import trapcheck.report.JUnitXml;
import trapcheck.report.Ktap;
import trapcheck.report.SarifLog;
import trapcheck.report.SpecOutcome;
import trapcheck.report.SummaryJson;

/**
 * The reports {@code check} and {@code report} write after the last spec, besides the counterexamples
 * (a picocli mixin): the JSON summary, JUnit XML, SARIF, KTAP and HTML, each written atomically, and
 * under {@code GITHUB_ACTIONS=true} the workflow commands that annotate the pull request.
 */
final class ReportFlags {

    @Option(names = "--summary", paramLabel = "FILE",
            description = "Also write a JSON summary of all results (reports/summary.schema.json).")
    Path summary;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write a JUnit XML report (one testcase per spec).")
    Path junit;

    @Option(names = "--sarif", paramLabel = "FILE", description =
        "Also write a SARIF 2.1.0 log: a result per mismatch, invalid spec, counterexample or limit, at the"
            + " spec's line, the counterexample as a thread flow.")
    Path sarif;

    @Option(names = "--ktap", paramLabel = "FILE|-", description =
        "Also write KTAP version 1 as kselftest does (one test per spec); - for stdout (the result lines"
            + " then go to stderr).")
    String ktap;

    @Option(names = "--incomplete", paramLabel = "failure|skipped", defaultValue = "failure",
            converter = IncompleteConverter.class,
            description = "How --junit and --ktap report a spec a limit stopped (default: ${DEFAULT-VALUE}).")
    Incomplete incomplete = Incomplete.FAILURE;

    @Option(names = "--html", description = "Also write a self-contained HTML report, index.html in --out.")
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
        if (sarif != null) {
            files.put("--sarif", sarif);
        }
        if (ktap != null && !ktapToStdout()) {
            files.put("--ktap", Path.of(ktap));
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

    /** How a spec a limit stopped is reported. */
    enum Incomplete {
        FAILURE, SKIPPED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final class IncompleteConverter implements ITypeConverter<Incomplete> {
        @Override
        public Incomplete convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "failure" -> Incomplete.FAILURE;
                case "skipped" -> Incomplete.SKIPPED;
                default -> throw new TypeConversionException("expected failure or skipped, got '" + value + "'");
            };
        }
    }

    /** Whether KTAP goes to stdout, so the command's own lines must go elsewhere. */
    boolean ktapToStdout() {
        return "-".equals(ktap);
    }

    /** Writes the reports asked for, each atomically; true if one could not be written. */
    boolean write(Environment env, Path outDir, boolean quiet, List<SpecOutcome> outcomes,
                  Map<String, Counterexample> counterexamples, boolean interrupted) {
        boolean failed = false;
        boolean limitIsFailure = incomplete == Incomplete.FAILURE;
        if (summary != null) {
            failed |= write(env, "the summary", summary,
                    () -> SummaryJson.write(summary, Version.NAME, Version.VERSION, outcomes, interrupted));
        }
        if (junit != null) {
            failed |= write(env, "the JUnit report", junit,
                    () -> JUnitXml.write(junit, Version.NAME, outcomes, counterexamples, limitIsFailure));
        }
        if (sarif != null) {
            failed |= write(env, "the SARIF log", sarif,
                    () -> SarifLog.write(sarif, Version.NAME, Version.VERSION, outcomes, counterexamples));
        }
        if (ktap != null) {
            String text = Ktap.render(outcomes, limitIsFailure);
            if (ktapToStdout()) {
                env.out().print(text);
                env.out().flush();
            } else {
                Path file = Path.of(ktap);
                failed |= write(env, "the KTAP report", file, () -> AtomicFiles.writeString(file, text));
            }
        }
        if (html) {
            try {
                Path index = HtmlReport.find().write(outDir, outcomes, counterexamples);
                if (index != null && !quiet) {
                    (ktapToStdout() ? env.err() : env.out()).println("HTML report: " + index);
                }
            } catch (IOException e) {
                env.err().println("trapcheck: cannot write the HTML report: " + e.getMessage());
                failed = true;
            }
        }
        if (GitHubAnnotations.active(env.variables())) {
            // Workflow commands are read from stdout; with KTAP there, stderr keeps that stream clean.
            var to = ktapToStdout() ? env.err() : env.out();
            GitHubAnnotations.lines(outcomes, counterexamples).forEach(to::println);
            to.flush();
        }
        return failed;
    }

    private interface Writing {
        void run() throws IOException;
    }

    private static boolean write(Environment env, String what, Path file, Writing writing) {
        try {
            writing.run();
            return false;
        } catch (IOException e) {
            env.err().println("trapcheck: cannot write " + what + " " + file + ": " + e.getMessage());
            return true;
        }
    }
}
