package trapcheck.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The direction of the design: the checker module (engine, SPI, reports) knows no model, and the
 * engine's code knows no KVM word. Plain source scanning: the sources are the contract.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src", "main", "java", "trapcheck");
    private static final Pattern DOMAIN_WORD = Pattern.compile("(?i)kvm|ptrauth|vcpu|pcpu|hcr_el2|\\bguest|\\bAPIA|\\bAPGA");
    private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

    private static List<Path> sources(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void theCheckerModuleImportsNoModel() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path p : sources(MAIN)) {
            if (Files.readString(p).contains("import trapcheck.kvm")) {
                offenders.add(p.toString());
            }
        }
        assertEquals(List.of(), offenders, "the checker finds models through ServiceLoader only");
    }

    @Test
    void theEngineCodeSpeaksNoKvm() throws IOException {
        List<Path> engine = sources(MAIN.resolve("engine"));
        assertTrue(engine.size() > 10, "the engine sources are where this test expects them");
        List<String> offenders = new ArrayList<>();
        for (Path p : engine) {
            String code = COMMENT.matcher(Files.readString(p)).replaceAll("");
            var m = DOMAIN_WORD.matcher(code);
            if (m.find()) {
                offenders.add(p.getFileName() + ": '" + m.group() + "'");
            }
        }
        assertEquals(List.of(), offenders, "engine code must stay generic");
    }
}
