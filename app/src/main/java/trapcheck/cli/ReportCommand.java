package trapcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import trapcheck.report.Counterexample;
import trapcheck.report.SpecOutcome;
import trapcheck.report.SummaryJson;
import trapcheck.report.TraceJson;

/**
 * {@code trapcheck report}: merges the summaries of several {@code check} runs (the shards of a CI
 * matrix) into one: the result lines, the tally, and any report {@code check} writes (JUnit, SARIF,
 * KTAP, HTML, a merged summary), with the counterexamples read back from the trace files the
 * summaries name. Exits like {@code check} would have on all the specs together (an interrupted
 * shard counts as a limit: 3), 2 when a summary cannot be read or names a spec another one has.
 */
@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Merges the summaries of several check runs into one tally and set of reports.",
            "Reads the --summary files of check runs (e.g. the shards of a CI matrix) and writes what check"
                + " writes (JUnit, SARIF, KTAP, HTML, a merged summary); exits as check would have on all"
                + " their specs."})
final class ReportCommand implements Callable<Integer> {

    private final Environment env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SUMMARY.json", arity = "1..*", description = "Summaries written by check --summary.")
    List<Path> summaries = new ArrayList<>();

    @CommandLine.Mixin
    OutFolder out = new OutFolder();

    @CommandLine.Mixin
    ReportFlags reports = new ReportFlags();

    @CommandLine.Option(names = {"-q", "--quiet"},
            description = "Print only the specs that need attention (mismatched, invalid, stopped by a limit) and the tally.")
    boolean quiet;

    ReportCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = reports.ktapToStdout() ? env.err() : env.out();
        List<SpecOutcome> outcomes = new ArrayList<>();
        Map<String, String> from = new LinkedHashMap<>();
        Map<SpecOutcome, Path> folderOf = new java.util.IdentityHashMap<>();
        boolean interrupted = false;
        for (Path file : summaries) {
            if (!Files.isRegularFile(file)) {
                throw new ParameterException(spec.commandLine(), "no such summary file: " + file);
            }
            SummaryJson.File summary;
            try {
                summary = SummaryJson.read(file);
            } catch (IOException e) {
                env.err().println("trapcheck: " + e.getMessage());
                return ExitCodes.INVALID;
            }
            if (summary.interrupted()) {
                interrupted = true;
                env.err().println("trapcheck: " + file + " is of an interrupted run: the specs it did not reach are "
                        + "missing (a limit, exit 3)");
            }
            for (SummaryJson.Result r : summary.results()) {
                String key = r.spec() + "\u0000" + r.file();
                if (from.containsKey(key)) {
                    env.err().println("trapcheck: " + r.spec() + " (" + r.file() + ") is in both " + from.get(key)
                            + " and " + file + ": give each shard's summary once");
                    return ExitCodes.INVALID;
                }
                from.put(key, file.toString());
                SpecOutcome o = r.outcome();
                outcomes.add(o);
                folderOf.put(o, file.toAbsolutePath().getParent());
            }
        }
        Map<String, Counterexample> counterexamples = new LinkedHashMap<>();
        for (SpecOutcome o : outcomes) {
            if (o.trace() != null) {
                // As recorded (relative to the shard's working directory), else relative to the summary's folder.
                Path trace = Path.of(o.trace());
                if (!Files.exists(trace) && !trace.isAbsolute()) {
                    trace = folderOf.get(o).resolve(trace);
                }
                try {
                    counterexamples.put(o.spec(), TraceJson.read(trace));
                } catch (IOException | RuntimeException e) {
                    env.err().println("trapcheck: " + o.spec() + ": cannot read its counterexample " + o.trace() + " ("
                            + e.getMessage() + "); the reports go without it");
                }
            }
        }
        ResultTable table = ResultTable.of(outcomes.stream().map(SpecOutcome::spec).toList(),
                outcomes.stream().map(SpecOutcome::invariants).toList(),
                outcomes.stream().map(o -> o.expected() == null ? "-" : o.expected().toString()).toList());
        for (SpecOutcome o : outcomes) {
            if (!quiet || Tally.needsAttention(o)) {
                stdout.println(table.line(o));
            }
        }
        stdout.println(Tally.of(outcomes).line());
        stdout.flush();
        boolean failed = reports.write(env, out.dir, quiet, outcomes, counterexamples, interrupted);
        int code = ExitCodes.of(outcomes.stream().map(SpecOutcome::status).toList(), false);
        code = interrupted ? ExitCodes.stronger(code, ExitCodes.LIMIT) : code;
        return failed ? ExitCodes.stronger(code, ExitCodes.INVALID) : code;
    }
}
