package trapcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import trapcheck.engine.Options;
import trapcheck.engine.Strategy;
import trapcheck.report.SpecOutcome;
import trapcheck.spi.CheckTarget;
import trapcheck.spi.ModelProvider;
import trapcheck.spi.SourceFile;

/**
 * {@code trapcheck watch}: checks the specs as {@code check} does, then keeps the JVM (loaded and
 * compiled) and re-checks a spec each time one of its files changes: the spec itself or a base it
 * extends. A folder's new spec files join the watch. Ends on SIGINT/SIGTERM (exit 130).
 *
 * <p>Editors save by writing a new file and renaming it over the old one, a burst of events on the
 * folder: a change is acted on once the folder has been quiet for {@link #SETTLE_MILLIS} ms, and a
 * spec is re-checked only when the bytes of one of its files changed.
 */
@Command(name = "watch", sortOptions = false, mixinStandardHelpOptions = true,
        description = {
            "Checks every spec, then re-checks a spec each time its file, or a base it extends, changes.",
            "Prints what `check` prints for that spec; an invalid spec prints its error and the watch goes on.",
            "Ctrl-C (SIGINT) or SIGTERM ends it with exit code 130; a usage error is exit code 2."})
final class WatchCommand implements Callable<Integer> {

    /** How long a folder must be quiet before its changes are acted on (an editor's save is one burst). */
    static final long SETTLE_MILLIS = 30;

    /** How often the loop looks at the interrupt flag while no file changes. */
    private static final long POLL_MILLIS = 100;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Environment env;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SPEC|DIR", arity = "0..*",
            description = "Spec files, or folders whose *.yaml, *.yml and *.json files are specs (new ones "
                    + "join the watch). Default: specs/")
    List<Path> inputs = new ArrayList<>();

    @CommandLine.Mixin
    OutFolder out = new OutFolder();

    @CommandLine.Mixin
    ExplorationFlags flags = new ExplorationFlags();

    @CommandLine.Mixin
    SearchFlags search = new SearchFlags();

    @CommandLine.Mixin
    ProgressFlag progress = new ProgressFlag();

    @Option(names = {"-q", "--quiet"},
            description = "Print only the specs that need attention: no counterexample text, no progress.")
    boolean quiet;

    /** A watched spec file: the files it was read from (absolute) and their content hash at its last check. */
    private static final class Watched {
        final Path file;
        Set<Path> sources = Set.of();
        String hash = "";

        Watched(Path file) {
            this.file = file;
        }
    }

    private static final java.time.Duration PROGRESS_INTERVAL = java.time.Duration.ofSeconds(3);

    /** A spec file as loaded: its target, or the one-line error that refused it. */
    private record Loaded(Path file, CheckTarget target, String error) {
        static Loaded load(List<ModelProvider> providers, Path file, java.io.PrintWriter stderr) {
            try {
                CheckTarget loaded = SpecFiles.load(providers, file);
                loaded.warnings().forEach(stderr::println);
                return new Loaded(file, loaded, null);
            } catch (trapcheck.spi.SpecException e) {
                stderr.println(e.getMessage());
                return new Loaded(file, null, e.getMessage());
            }
        }
    }

    private final Map<Path, Watched> watched = new LinkedHashMap<>();
    private final Set<Path> folders = new HashSet<>();
    private final Set<Path> registered = new HashSet<>();
    private WatchService service;
    private SpecRun run;
    private final Set<String> fileNames = new HashSet<>();

    WatchCommand(Environment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        flags.validate(spec.commandLine());
        flags.refusePartialOrderWith(spec.commandLine(),
                search.strategy != Strategy.BFS ? "--strategy dfs" : null);
        if (search.maxStates() < 0 || search.maxSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--max-states and --max-seconds take 0 (no limit) or "
                    + "a positive number");
        }
        List<Path> given = inputs.isEmpty() ? List.of(Path.of("specs")) : inputs;
        List<Path> files;
        try {
            files = SpecFiles.expand(given, env.providers().get(), env.err()::println);
        } catch (SpecFiles.UsageException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        run = new SpecRun(env, out, quiet, false);
        try (WatchService ws = FileSystems.getDefault().newWatchService()) {
            service = ws;
            for (Path input : given) {
                if (Files.isDirectory(input)) {
                    folders.add(absolute(input));
                    register(absolute(input));
                }
            }
            List<Watched> first = new ArrayList<>();
            for (Path file : files) {
                first.add(watched.computeIfAbsent(absolute(file), k -> new Watched(file)));
            }
            List<SpecOutcome> outcomes = check(first);
            String reduced = Tally.partialOrderRemark(outcomes);
            if (reduced != null) {
                env.out().println(reduced);
            }
            env.out().println(Tally.of(outcomes).line());
            env.err().println("trapcheck: watching " + watched.size() + (watched.size() == 1 ? " spec" : " specs")
                    + " for changes (Ctrl-C to stop)");
            flush();
            loop();
        } catch (IOException e) {
            env.err().println("trapcheck: cannot watch the spec files: " + e.getMessage());
            flush();
            return ExitCodes.INVALID;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException e) {
            // closed under us: the JVM is shutting down
        }
        env.err().println("trapcheck: watch stopped");
        flush();
        return ExitCodes.INTERRUPTED;
    }

    /** Waits for changes and re-checks the specs they touch, until an interrupt. */
    private void loop() throws IOException, InterruptedException {
        while (!env.interruption().requested()) {
            WatchKey key = service.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (key == null) {
                continue;
            }
            Set<Path> changed = new HashSet<>();
            boolean overflow = false;
            do {
                overflow |= take(key, changed);
                key = service.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS);
            } while (key != null);
            if (env.interruption().requested()) {
                return;
            }
            for (Path folder : folders) {
                for (Path file : specsIn(folder)) {
                    if (!watched.containsKey(file)) {
                        watched.put(file, new Watched(file));
                        changed.add(file);
                    }
                }
            }
            List<Watched> due = new ArrayList<>();
            for (Watched w : watched.values()) {
                boolean touched = overflow || changed.contains(absolute(w.file))
                        || w.sources.stream().anyMatch(changed::contains);
                if (touched && Files.isRegularFile(w.file) && !hash(w).equals(w.hash)) {
                    due.add(w);
                }
            }
            if (!due.isEmpty()) {
                env.err().println("[" + LocalTime.now().format(CLOCK) + "] re-checking " + String.join(", ",
                        due.stream().map(w -> w.file.toString()).toList()));
                check(due);
                flush();
            }
        }
    }

    /** Adds the files a key's events name to {@code changed}; true when events were lost. */
    private static boolean take(WatchKey key, Set<Path> changed) {
        boolean overflow = false;
        Path folder = (Path) key.watchable();
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                overflow = true;
            } else {
                changed.add(folder.resolve((Path) event.context()));
            }
        }
        key.reset();
        return overflow;
    }

    /** Loads and checks the specs, printing as check does, and starts watching the files they read. */
    private List<SpecOutcome> check(List<Watched> specs) throws IOException {
        List<ModelProvider> providers = env.providers().get();
        List<Loaded> entries = new ArrayList<>();
        for (Watched w : specs) {
            Loaded entry = Loaded.load(providers, w.file, env.err());
            entries.add(entry);
            // An invalid spec keeps the files of its last good load: a broken base is among them.
            Set<Path> sources = new HashSet<>(w.sources);
            sources.add(absolute(w.file));
            if (entry.target() != null) {
                sources.clear();
                sources.add(absolute(w.file));
                for (SourceFile f : entry.target().sources()) {
                    if (f.file() != null) {
                        sources.add(absolute(f.file()));
                    }
                }
            }
            w.sources = sources;
            w.hash = hash(w);
            for (Path s : sources) {
                register(s.getParent());
            }
        }
        ResultTable table = CheckCommand.table(entries.stream().map(Loaded::file).toList(),
                entries.stream().map(Loaded::target).toList());
        List<SpecOutcome> outcomes = new ArrayList<>();
        fileNames.clear();
        for (Loaded entry : entries) {
            if (env.interruption().requested()) {
                break;
            }
            outcomes.add(entry.target() == null ? run.invalid(entry.file(), entry.error(), table)
                    : run.check(entry.file(), entry.target(), options(entry.target()), table, fileNames).outcome());
            env.out().flush();
        }
        return outcomes;
    }

    private Options options(CheckTarget target) {
        CheckTarget.Settings settings = target.settings();
        Options o = flags.applyTo(Options.defaults().withStrategy(search.strategy), settings)
                .withLimits(search.maxStates(), settings == null ? 0 : settings.maxDepth(), search.maxSeconds, flags.memoryBytes())
                .withStop(env.interruption().newSignal());
        // Engine warnings print even when progress is not shown, as in check.
        return o.withProgress(new ProgressPrinter(env.err(), target.name(), progress.shown(quiet, env)),
                PROGRESS_INTERVAL);
    }

    private void register(Path folder) throws IOException {
        if (folder != null && registered.add(folder)) {
            folder.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }
    }

    private List<Path> specsIn(Path folder) {
        try {
            return SpecFiles.expand(List.of(folder), env.providers().get(), s -> { }).stream().map(WatchCommand::absolute).toList();
        } catch (SpecFiles.UsageException e) {
            return List.of(); // emptied or gone: nothing new to watch
        }
    }

    /** SHA-256 over the spec's files (a missing one counts as empty), to skip saves that changed nothing. */
    private static String hash(Watched w) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (Path s : w.sources.stream().sorted().toList()) {
                d.update(s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try {
                    d.update(Files.readAllBytes(s));
                } catch (IOException gone) {
                    d.update((byte) 0);
                }
            }
            return java.util.HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }

    private void flush() {
        env.out().flush();
        env.err().flush();
    }
}
