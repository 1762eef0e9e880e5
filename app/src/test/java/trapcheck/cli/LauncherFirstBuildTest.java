package trapcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's first build says so in one line on stderr. A copy of ../trapcheck runs with a stand-in
 * {@code mvn} on the PATH that "builds" by copying a jar whose manifest points at this test's class
 * path, so nothing is compiled.
 */
class LauncherFirstBuildTest {

    @Test
    void theFirstBuildPrintsOneLineAndALaterRunNone(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path launcher = Files.copy(Path.of("..", "trapcheck"), root.resolve("trapcheck"));
        launcher.toFile().setExecutable(true);
        Path prepared = manifestJar(dir.resolve("prepared.jar"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path mvn = Files.writeString(bin.resolve("mvn"), "#!/usr/bin/env bash\nmkdir -p target && cp \"$FAKE_JAR\" "
                + "target/trapcheck.jar\n");
        mvn.toFile().setExecutable(true);

        LauncherLocaleTest.Result first = run(dir, bin, prepared, launcher);
        assertEquals(0, first.exit(), first.err());
        assertEquals(List.of("building trapcheck, about a minute on first use"), first.err().lines().toList());
        assertTrue(first.out().startsWith("trapcheck "), first.out());

        LauncherLocaleTest.Result again = run(dir, bin, prepared, launcher);
        assertEquals("", again.err(), "the jar is fresh: no build, no line");
    }

    private static LauncherLocaleTest.Result run(Path cwd, Path bin, Path jar, Path launcher) throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PATH", bin + File.pathSeparator + System.getProperty("java.home") + "/bin" + File.pathSeparator
                + System.getenv("PATH"));
        env.put("FAKE_JAR", jar.toString());
        return LauncherLocaleTest.runWith(cwd, env, launcher.toString(), "--version");
    }

    /** A jar of nothing whose manifest runs {@link Main} on this test's class path. */
    static Path manifestJar(Path file) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Path.of(e).toAbsolutePath().toUri().toString());
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", entries));
        try (OutputStream jar = new JarOutputStream(Files.newOutputStream(file), manifest)) {
            jar.flush();
        }
        return file;
    }
}
