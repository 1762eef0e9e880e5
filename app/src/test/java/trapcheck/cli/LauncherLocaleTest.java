package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launcher in a real child process, with the caller's locale set to C: a spec path outside
 * ASCII reaches the loader intact (the JVM alone, under LANG=C, decodes argv as ASCII and the path
 * arrives as "sp??c.yaml"). The launcher runs from a copy whose target/trapcheck.jar is a manifest
 * pointing at this test's class path, so nothing is built.
 */
class LauncherLocaleTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"LANG=C", "LC_ALL=C", "LC_ALL=POSIX", "LC_CTYPE=C"})
    void aNonAsciiSpecPathSurvivesACLocale(String locale, @TempDir Path dir) throws Exception {
        Path launcher = launcherWithTestJar(dir.resolve("root"));
        Path folder = Files.createDirectories(dir.resolve("spécs"));
        Path spec = Files.writeString(folder.resolve("ünïcode.yaml"), "spec: 1\nname: x\ntopology: { vcpus: 010 }\n");

        Result byPath = run(dir, locale, launcher.toString(), "check", "--out", dir.resolve("out").toString(),
                dir.relativize(spec).toString());
        assertEquals(2, byPath.exit(), byPath.err());
        assertEquals(List.of("spécs/ünïcode.yaml:3:13: topology.vcpus: unknown field 'vcpus' (did you mean 'cpus'?)"),
                byPath.err().lines().toList());

        // A folder: the names the JVM lists must be decoded the same way.
        Result byFolder = run(dir, locale, launcher.toString(), "check", "--out", dir.resolve("out").toString(),
                "spécs");
        assertEquals(2, byFolder.exit(), byFolder.err());
        assertEquals(byPath.err(), byFolder.err());
    }

    record Result(int exit, String out, String err) {
    }

    private static Result run(Path cwd, String locale, String... command) throws IOException, InterruptedException {
        Map<String, String> env = new java.util.HashMap<>();
        String javaHome = System.getProperty("java.home");
        env.put("PATH", javaHome + "/bin" + File.pathSeparator + System.getenv("PATH"));
        String[] kv = locale.split("=", 2);
        env.put(kv[0], kv[1]);
        return runWith(cwd, env, command);
    }

    /** Runs {@code command} in {@code cwd} with exactly the variables {@code env}, for at most 120 s. */
    static Result runWith(Path cwd, Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = Files.createTempFile(cwd, "out", ".txt");
        Path err = Files.createTempFile(cwd, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A copy of ../trapcheck whose jar is this test's class path: the launcher finds it fresh and runs it. */
    private static Path launcherWithTestJar(Path root) throws IOException {
        Files.createDirectories(root.resolve("target"));
        Path launcher = Files.copy(Path.of("..", "trapcheck"), root.resolve("trapcheck"));
        launcher.toFile().setExecutable(true);
        LauncherFirstBuildTest.manifestJar(root.resolve("target/trapcheck.jar"));
        return launcher;
    }
}
