package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import trapcheck.engine.Explorer;
import trapcheck.engine.Options;
import trapcheck.engine.Result;
import trapcheck.kvm.spec.SpecLoader;
import trapcheck.spi.SpecException;

/**
 * Vacuity from the fire counts of one exploration: a vCPU that asked for ptrauth and never entered
 * the guest, the same answer with symmetry reduction and without (the fire counts differ: under
 * symmetry the representative may show vm0's entry for vm1).
 */
class VacuityTest {
    @ParameterizedTest(name = "{0} symmetry={1}")
    @CsvSource(delimiter = '|', value = {
        "v5.9-physical-hcr-biglittle | true  | asks.vcpu0 never entered the guest",
        "v5.9-physical-hcr-biglittle | false | asks.vcpu0 never entered the guest",
        "v5.8-early-hyp-trap         | true  | ''",
        "v5.8-early-hyp-trap         | false | ''",
        "v6.10-eager-late-cpu        | true  | ''",
        "v6.10-eager-late-cpu        | false | ''",
    })
    void unreachedGoalsAreTheSameWithAndWithoutSymmetry(String spec, boolean symmetry, String expected)
            throws SpecException {
        KvmTarget target = new KvmTarget(SpecLoader.load(Path.of("..", "specs", spec + ".yaml")));
        Result r = Explorer.explore(target.model(), Options.defaults().withThreads(1).withSymmetry(symmetry));
        List<String> unreached = target.instrumentation().unreachedGoals(r.stats().actionFires());
        assertEquals(expected.isEmpty() ? List.of() : List.of(expected), unreached);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"v5.8-early-hyp-trap", "v5.7-stable-fix"})
    void underSymmetryOnlyTheClassAsAWholeNeedsToEnter(String spec) throws SpecException {
        // Two VMs of one configuration: the representative keeps the entered vCPU first, so vm1's own
        // entry may never fire; the class-level answer still says both entered.
        KvmTarget target = new KvmTarget(SpecLoader.load(Path.of("..", "specs", spec + ".yaml")));
        KvmModel m = target.model();
        Result r = Explorer.explore(m, Options.defaults().withThreads(1).withSymmetry(true));
        long[] fires = r.stats().actionFires().clone();
        for (int a = 0; a < fires.length; a++) {
            if (m.actions.kind[a] == Actions.ENTER && m.world.threadVcpu(m.actions.thread[a]) == 1) {
                fires[a] = 0;   // as if vm1's entry never fired in a stored state
            }
        }
        assertEquals(List.of(), target.instrumentation().unreachedGoals(fires));
    }
}
