package trapcheck.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import trapcheck.spi.ModelProvider;
import trapcheck.spi.SafeText;

/**
 * The {@code trapcheck} command line. Subcommands live in their own classes ({@link CheckCommand}, {@link CompareCommand}, {@link BenchCommand},
 * {@link ReplayCommand}); add one by adding it in {@link #commandLine}.
 *
 * <p>The user never sees a stack trace: a usage error is one line and exit 2; an unexpected exception is
 * one line "trapcheck: internal error: ..." and exit 70 (the stack trace only with {@code --debug}); a
 * JVM heap too small to start, or one that runs out, is one line and exit 3 ({@link HeapGuard}). On
 * SIGINT/SIGTERM a shutdown hook, installed before anything else, stops the running exploration,
 * waits (at most {@value #INTERRUPT_WAIT_SECONDS} s) for the command to write its reports, and exits 130.
 */
@Command(name = "trapcheck", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Explicit-state model checker for trap policies written as spec files.",
        commandListHeading = "%nCommands:%n")
public final class Main implements Callable<Integer> {

    static final int INTERRUPT_WAIT_SECONDS = 20;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "On an internal error, print the stack trace too.")
    boolean debug;

    private final Environment env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Main(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        env.err().println("trapcheck: give a command, e.g. `trapcheck check specs/`");
        spec.commandLine().usage(env.err()); // this command line's, with its commands listed
        return ExitCodes.INVALID;
    }

    /** Lists the tool version, the model providers found and the Java runtime. */
    static final class VersionProvider implements IVersionProvider {
        private final Environment env;

        VersionProvider(Environment env) {
            this.env = env;
        }

        @Override
        public String[] getVersion() {
            List<String> lines = new ArrayList<>();
            lines.add(Version.NAME + " " + Version.VERSION);
            List<ModelProvider> providers = env.providers().get();
            lines.add("models: " + (providers.isEmpty() ? "(none installed)"
                    : String.join(", ", providers.stream().map(ModelProvider::name).toList())));
            lines.add("java " + Runtime.version() + " (" + System.getProperty("java.vm.name", "?") + ")");
            return lines.toArray(String[]::new);
        }
    }

    /** The configured command line (for tests: run {@code commandLine(env).execute(args)}). */
    static CommandLine commandLine(Environment env) {
        CommandLine cl = new CommandLine(new Main(env));
        cl.addSubcommand("check", new CheckCommand(env));
        cl.addSubcommand("watch", new WatchCommand(env));
        cl.addSubcommand("replay", new ReplayCommand(env));
        cl.addSubcommand("bench", new BenchCommand(env));
        cl.addSubcommand("compare", new CompareCommand(env));
        cl.addSubcommand("mutate", new MutateCommand(env));
        cl.addSubcommand("sweep", new SweepCommand(env));
        cl.addSubcommand("repair", new RepairCommand(env));
        cl.addSubcommand("report", new ReportCommand(env));
        cl.addSubcommand("help", new CommandLine.HelpCommand());
        Map<String, String> exitCodes = new LinkedHashMap<>();
        for (String line : ExitCodes.HELP) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).chars().allMatch(Character::isDigit)) {
                exitCodes.put(line.substring(0, colon), line.substring(colon + 1));
            } else {
                exitCodes.put("", line);
            }
        }
        VersionProvider version = new VersionProvider(env);
        for (CommandLine c : List.of(cl, cl.getSubcommands().get("check"), cl.getSubcommands().get("replay"),
                cl.getSubcommands().get("bench"), cl.getSubcommands().get("report"))) {
            c.getCommandSpec().versionProvider(version);
            c.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
        }
        for (String review : List.of("compare", "mutate", "sweep", "repair")) {
            cl.getSubcommands().get(review).getCommandSpec().versionProvider(version);
        }
        cl.setOut(env.out());
        cl.setErr(env.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("trapcheck: " + ex.getMessage());
            c.getErr().println("Try `" + c.getCommandSpec().qualifiedName() + " --help`.");
            c.getErr().flush();
            return ExitCodes.INVALID;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> internalError(ex, env.err(),
                Arrays.asList(parseResult.originalArgs().toArray(String[]::new)).contains("--debug")));
        return cl;
    }

    /**
     * Runs one command line and returns its exit code; never throws. Everything the command prints
     * goes through {@link SafeText#writer}: no byte of a file it quotes reaches the terminal as a control.
     */
    public static int run(String[] args, Environment env) {
        try {
            return commandLine(safe(env)).execute(args);
        } catch (Throwable t) { // an Error escaping picocli's handler, e.g. OutOfMemoryError
            return internalError(t, env.err(), Arrays.asList(args).contains("--debug"));
        } finally {
            env.out().flush();
            env.err().flush();
        }
    }

    private static Environment safe(Environment env) {
        return new Environment(env.providers(), env.engine(), new PrintWriter(SafeText.writer(env.out()), true),
                new PrintWriter(SafeText.writer(env.err()), true), env.terminal(), env.interruption(),
                env.variables());
    }

    static int internalError(Throwable t, PrintWriter err, boolean debug) {
        if (t instanceof OutOfMemoryError) {
            err.println(HeapGuard.exhaustedMessage());
            err.flush();
            return ExitCodes.LIMIT; // a limit of the machine, not a bug
        } else {
            String message = t.getMessage() == null ? "" : ": " + t.getMessage().replace('\n', ' ');
            err.println("trapcheck: internal error: " + t.getClass().getName() + message
                    + (debug ? "" : " (rerun with --debug for the stack trace)"));
        }
        if (debug) {
            t.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }

    public static void main(String[] args) {
        // First thing, before any class that takes time to load: a SIGTERM from now on is an interrupt
        // (reports written, exit 130), not the JVM's bare exit 143.
        Interruption interruption = new Interruption();
        InterruptHook hook = new InterruptHook(interruption);
        Runtime.getRuntime().addShutdownHook(hook);
        HeapGuard heap = HeapGuard.install();
        if (heap.tooSmall()) {
            System.err.println(heap.tooSmallMessage());
            Runtime.getRuntime().removeShutdownHook(hook);
            System.exit(ExitCodes.LIMIT);
        }
        Environment env = Environment.system(interruption);
        hook.env = env;
        int code = run(args, env);
        if (heap.exhausted()) {
            code = ExitCodes.stronger(code, ExitCodes.LIMIT);
        }
        if (heap.failed()) {
            code = ExitCodes.INTERNAL;
        }
        interruption.finished();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // An interrupt arrived: the hook is running and will exit with 130 now that we are finished.
            code = ExitCodes.INTERRUPTED;
        }
        System.exit(code);
    }

    /** The SIGINT/SIGTERM hook: stops the command, waits for its reports, exits 130. A class, not a lambda: cheap to load. */
    private static final class InterruptHook extends Thread {
        private final Interruption interruption;
        volatile Environment env;

        InterruptHook(Interruption interruption) {
            super("trapcheck-interrupt");
            this.interruption = interruption;
        }

        @Override
        public void run() {
            interruption.interrupt();
            boolean finished = interruption.awaitFinished(Duration.ofSeconds(INTERRUPT_WAIT_SECONDS));
            Environment e = env;
            if (!finished) {
                String message = "trapcheck: interrupted; gave up waiting for the reports after "
                        + INTERRUPT_WAIT_SECONDS + " s";
                if (e != null) {
                    e.err().println(message);
                } else {
                    System.err.println(message);
                }
            }
            if (e != null) {
                e.out().flush();
                e.err().flush();
            }
            Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
        }
    }
}
