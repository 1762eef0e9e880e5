package trapcheck.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Option;
import trapcheck.report.AtomicFiles;

/**
 * The report files {@code compare}, {@code mutate}, {@code sweep} and {@code repair} write beside what
 * they print (a picocli mixin): {@code --json FILE} and {@code --html FILE}, each written whole or not at
 * all (through {@link AtomicFiles}), so a failed write never leaves half a report.
 */
final class ReviewOutputs {

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
    Path json;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the report as a self-contained HTML page.")
    Path html;

    /** True when either file was asked for. */
    boolean any() {
        return json != null || html != null;
    }

    /**
     * Writes the files asked for; the HTML is given its own path (so it can link files relative to it).
     * Returns true when one could not be written (the error printed, one line each).
     */
    boolean write(Environment env, Supplier<String> jsonText, Function<Path, String> htmlText) {
        boolean failed = writeFile(env, json, jsonText);
        return writeFile(env, html, () -> htmlText.apply(html)) | failed;
    }

    /** Writes {@code text} to {@code file} when given; true when it could not (the error printed). */
    static boolean writeFile(Environment env, Path file, Supplier<String> text) {
        if (file == null) {
            return false;
        }
        try {
            AtomicFiles.writeString(file, text.get());
            return false;
        } catch (IOException e) {
            env.err().println("trapcheck: cannot write " + file + ": " + e.getMessage());
            return true;
        }
    }
}
