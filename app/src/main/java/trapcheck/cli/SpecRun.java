package trapcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import trapcheck.engine.Options;
import trapcheck.engine.Property;
import trapcheck.engine.Result;
import trapcheck.engine.Statistics;
import trapcheck.engine.Verdict;
import trapcheck.report.Counterexample;
import trapcheck.report.SpecOutcome;
import trapcheck.report.TraceJson;
import trapcheck.report.TraceText;
import trapcheck.spi.CheckTarget;

/**
 * One spec checked as {@code check} shows it, shared by {@code check} and {@code watch}: explore,
 * write the counterexample to the out folder, print the result line and under it the actions that
 * never fired and the counterexample's text.
 *
 * @param env   where the exploration runs and the lines go
 * @param out   the folder for counterexamples
 * @param quiet  print only what needs attention
 * @param strict a vacuous holds is a mismatch, whatever the spec's check.strict says
 */
record SpecRun(Environment env, OutFolder out, boolean quiet, boolean strict) {

    /**
     * @param outcome        what the summary and the tally count
     * @param counterexample the counterexample found, or null
     * @param writeFailed    whether its trace file could not be written (said on stderr)
     * @param fingerprintBits the fingerprint bits the seen set kept (0 in exact mode), for the collision remark
     */
    record Done(SpecOutcome outcome, Counterexample counterexample, boolean writeFailed, int fingerprintBits) {
    }

    /** Explores {@code target} read from {@code file}; {@code fileNames} keeps trace file names unique. */
    Done check(Path file, CheckTarget target, Options options, ResultTable table, Set<String> fileNames) {
        PrintWriter stdout = env.out();
        Path traceFile = out.traceFile(target.name(), fileNames);
        boolean[] writeFailed = new boolean[1];
        // the same exploration, re-check and outcome as check's (SpecCheck), printed as check prints them
        SpecCheck.Done done = SpecCheck.run(env.engine(), target, file, strict, t -> options,
                t -> options, cx -> {
                    try {
                        TraceJson.write(cx, traceFile);
                        return traceFile.toString();
                    } catch (IOException e) {
                        env.err().println("trapcheck: cannot write " + traceFile + ": " + e.getMessage());
                        writeFailed[0] = true;
                        return null;
                    }
                });
        SpecOutcome o = done.outcome();
        Counterexample cx = done.counterexample();
        printResult(table, o);
        if (!quiet) {
            printDetails(stdout, o, cx, done.actions(), 60);
        }
        Statistics s = done.stats();
        return new Done(o, cx, writeFailed[0], s == null ? 0 : s.fingerprintBits());
    }

    /**
     * What check prints under a result line: the actions that never fired, the counterexample's text
     * (at most {@code maxTraceSteps} steps) and where its trace file went.
     */
    static void printDetails(PrintWriter stdout, SpecOutcome o, Counterexample cx, int actions, int maxTraceSteps) {
        if (!o.neverFired().isEmpty()) {
            List<String> never = o.neverFired();
            stdout.println("    never fired: " + never.size() + " of " + actions + " actions: "
                    + String.join(", ", never.subList(0, Math.min(6, never.size())))
                    + (never.size() > 6 ? ", ... (all in --summary)" : ""));
        }
        if (o.spilled() != null) {
            stdout.println("    disk: " + o.spilled().text());
        }
        if (cx != null) {
            TraceText.render(cx, maxTraceSteps).lines().forEach(l -> stdout.println("    " + l));
            if (o.trace() != null) {
                stdout.println("    counterexample written to " + o.trace());
            }
        }
    }

    /** The outcome of a spec that did not load, its result line printed (its error is already on stderr). */
    SpecOutcome invalid(Path file, String error, ResultTable table) {
        SpecOutcome o = SpecOutcome.error(SpecFiles.stem(file), file.toString(), error);
        printResult(table, o);
        return o;
    }

    /** The spec's result line; under --quiet only when it needs attention. */
    private void printResult(ResultTable table, SpecOutcome o) {
        if (!quiet || Tally.needsAttention(o)) {
            env.out().println(table.line(o));
        }
    }
}
