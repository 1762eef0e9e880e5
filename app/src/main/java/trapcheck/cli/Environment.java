package trapcheck.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.Supplier;
import trapcheck.spi.ModelProvider;

/**
 * What the commands use from the outside world, as one value so a test can run a command in-process
 * with fake providers, a stand-in engine and captured output.
 *
 * @param providers    the model providers, in ServiceLoader order
 * @param engine       runs an exploration
 * @param out          results
 * @param err          errors, warnings and progress
 * @param terminal     whether stderr is shown to a person (progress is on by default then)
 * @param interruption the link with the SIGINT/SIGTERM hook
 * @param variables    the environment variables (GITHUB_ACTIONS); null for a name not set
 */
public record Environment(Supplier<List<ModelProvider>> providers, Engine engine, PrintWriter out,
                          PrintWriter err, boolean terminal, Interruption interruption,
                          Function<String, String> variables) {

    /** An environment with no variables set (tests). */
    public Environment(Supplier<List<ModelProvider>> providers, Engine engine, PrintWriter out, PrintWriter err,
                       boolean terminal, Interruption interruption) {
        this(providers, engine, out, err, terminal, interruption, name -> null);
    }

    /** The real thing: ServiceLoader, the module's engine, System.out/err. */
    public static Environment system() {
        return system(new Interruption());
    }

    /** The real thing, linked to the interrupt hook already installed with {@code interruption}. */
    public static Environment system(Interruption interruption) {
        Charset cs = Charset.defaultCharset();
        boolean terminal;
        try {
            terminal = System.console() != null;
        } catch (IllegalStateException shuttingDown) { // a SIGTERM came first: Console cannot register its hook
            terminal = false;
        }
        return new Environment(Environment::loadProviders, Engine.standard(),
                new PrintWriter(new java.io.OutputStreamWriter(System.out, cs), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, cs), true), terminal, interruption,
                System::getenv);
    }

    static List<ModelProvider> loadProviders() {
        return ServiceLoader.load(ModelProvider.class).stream().map(ServiceLoader.Provider::get).toList();
    }
}
