package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import trapcheck.kvm.spec.SpecLoader;
import trapcheck.spi.SpecException;

/**
 * The model's identity (what a checkpoint records) is equal for specs that define the same world and
 * differs for specs that explore differently, above all for two policies on the same topology (the
 * same shape to the engine).
 */
class ModelIdentityTest {
    private static final String SPEC_58 = TestSpecs.spec(TestSpecs.TWO_BY_TWO, "[APIA]", TestSpecs.HOOKS_58);
    private static final String SPEC_52 = TestSpecs.spec(TestSpecs.TWO_BY_TWO, "[APIA]", TestSpecs.HOOKS_52);

    private static String identity(String yaml) {
        return TestSpecs.model(yaml).identity();
    }

    @Test
    void twoPoliciesOfTheSameShapeDiffer() {
        KvmModel a = TestSpecs.model(SPEC_58);
        KvmModel b = TestSpecs.model(SPEC_52);
        assertEquals(a.stateWords(), b.stateWords());
        assertEquals(a.actionCount(), b.actionCount());
        assertNotEquals(a.identity(), b.identity());
    }

    @Test
    void whatDoesNotChangeTheExplorationDoesNotChangeTheIdentity() {
        String base = identity(SPEC_58);
        assertEquals(base, identity(SPEC_58), "stable");
        assertEquals(base, identity(SPEC_58.replace("name: t\n", "name: other\ndescription: words\n")));
        assertEquals(base, identity("# a comment\n" + SPEC_58.replace("\n", "   \n")), "layout and comments");
        assertEquals(base, identity(SPEC_58 + "expect:\n  verdict: holds\n"));
        assertEquals(base, identity(SPEC_58.replace("clear_vcpu_hcr: [API, APK]", "clear_vcpu_hcr: [APK, API]")),
                "a set in another order");
    }

    @Test
    void everyDefiningChangeChangesTheIdentity() {
        String base = identity(SPEC_58);
        assertNotEquals(base, identity(SPEC_58.replace("keys: [APIA]", "keys: [APIB]")));
        assertNotEquals(base, identity(SPEC_58.replace("key_versions: 2", "key_versions: 3")));
        assertNotEquals(base, identity(SPEC_58.replace("other_tasks: 1", "other_tasks: 2")));
        assertNotEquals(base, identity(SPEC_58.replace("guest_enter: [ activate_traps ]", "guest_enter: [ ]")));
        assertNotEquals(base, identity(SPEC_58.replace("then: [ save_guest_keys, restore_host_keys ]",
                "then: [ restore_host_keys, save_guest_keys ]")), "ops in another order");
        assertNotEquals(base, identity(SPEC_58 + "check:\n  invariants: [no-key-leakage]\n"));
        assertNotEquals(base, identity(SPEC_58 + "check:\n  symmetry: false\n"));
    }

    @Test
    void everyLibrarySpecHasItsOwnIdentity() throws IOException, SpecException {
        Map<String, Path> seen = new HashMap<>();
        try (Stream<Path> files = Files.list(Path.of("..", "specs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                String id = new KvmModel(SpecLoader.load(f)).identity();
                Path before = seen.put(id, f);
                assertEquals(null, before, f + " and " + before + " share an identity");
            }
        }
        assertEquals(true, seen.size() >= 20, "the library was read: " + seen.size());
    }
}
