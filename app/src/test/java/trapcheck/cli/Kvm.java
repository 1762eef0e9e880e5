package trapcheck.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the CLI in-process with the real model providers (the KVM model) and the module's engine. */
final class Kvm {
    static final Path SPECS = Path.of("..", "specs");
    static final Path RESOURCES = Path.of("src", "test", "resources", "review");

    private Kvm() {
    }

    static Cli.Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(Environment::loadProviders, Engine.standard(), new PrintWriter(out, true),
                new PrintWriter(err, true), false, new Interruption());
        return Cli.run(env, out, err, args);
    }
}
