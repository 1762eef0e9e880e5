package trapcheck.boundaries;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasModifiers.Predicates.modifier;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Which way the modules depend, checked on the compiled main classes of checker (engine, SPI,
 * reports), model (the KVM world) and app (CLI, design review), all on this module's test class path:
 * checker <- model, checker <- app, and model reaches app only at run time through ServiceLoader.
 * Maven's scopes already refuse imports across modules at compile time; these rules also hold the
 * lines inside a module (engine, SPI and reports; review and CLI) and the engine's public API.
 * (Not module-info: the tests of model and app share packages with checker's test-jar, which the
 * module path refuses as split packages.)
 */
class ModuleBoundariesTest {

    static final String[] ENGINE_SIDE = {"trapcheck.engine..", "trapcheck.spi..", "trapcheck.report.."};
    static final String MODEL = "trapcheck.kvm..";

    /** Main classes only: no test classes of any module, no test-jar. */
    static final ImportOption MAIN_ONLY = location -> !location.contains("/test-classes/")
            && !location.matches(Pattern.compile(".*-tests\\.jar.*"));

    static final JavaClasses MAIN = new ClassFileImporter().withImportOption(MAIN_ONLY).importPackages("trapcheck");

    @Test
    void everyModuleIsImported() {
        for (String name : new String[] {"trapcheck.engine.Explorer", "trapcheck.spi.ModelProvider",
            "trapcheck.report.TraceJson", "trapcheck.kvm.KvmModel", "trapcheck.cli.Main", "trapcheck.review.Reviewer"}) {
            assertTrue(MAIN.contain(name), name + " is on the test class path");
        }
        for (String test : new String[] {"trapcheck.engine.CounterModel", "trapcheck.report.CounterFixture",
            ModuleBoundariesTest.class.getName()}) {
            assertFalse(MAIN.contain(test), test + " is test code (checker's test-jar, this module's tests)");
        }
    }

    /**
     * The packages as layers, each used only by the ones listed: the engine by everyone; the SPI by
     * the reports, the application and the model; the reports and the review only by the application
     * code above them; the CLI and the model by nobody (the CLI is the entry point, the model is found
     * through ServiceLoader). So engine, SPI and reports never import cli, review or kvm; the
     * application never imports kvm; the model never imports cli, review or the reports.
     */
    @Test
    void packagesDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInAnyPackage("trapcheck..")
                .layer("engine").definedBy("trapcheck.engine..")
                .layer("spi").definedBy("trapcheck.spi..")
                .layer("reports").definedBy("trapcheck.report..")
                .layer("review").definedBy("trapcheck.review..")
                .layer("cli").definedBy("trapcheck.cli..")
                .layer("model").definedBy(MODEL)
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("review").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("reports").mayOnlyBeAccessedByLayers("review", "cli")
                .whereLayer("spi").mayOnlyBeAccessedByLayers("reports", "review", "cli", "model")
                .whereLayer("model").mayNotBeAccessedByAnyLayer()
                .check(MAIN);
    }

    @Test
    void theModelUsesOnlyTheEnginesPublicApi() {
        DescribedPredicate<JavaClass> engineInternal = resideInAnyPackage(ENGINE_SIDE)
                .and(not(modifier(JavaModifier.PUBLIC))).as("non-public classes of the engine, SPI or reports");
        noClasses().that().resideInAPackage(MODEL)
                .should().dependOnClassesThat(engineInternal).check(MAIN);
        DescribedPredicate<JavaAccess<?>> internalMember = DescribedPredicate.describe(
                "a member of the engine, SPI or reports that is neither public nor protected",
                access -> resideInAnyPackage(ENGINE_SIDE).test(access.getTargetOwner())
                        && access.getTarget().resolveMember().map(m -> {
                            Set<JavaModifier> mods = m.getModifiers();
                            return !mods.contains(JavaModifier.PUBLIC) && !mods.contains(JavaModifier.PROTECTED);
                        }).orElse(false));
        noClasses().that().resideInAPackage(MODEL)
                .should().accessTargetWhere(internalMember)
                .because("the model knows no engine internals").check(MAIN);
    }

}
