package trapcheck.kvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.Set;
import org.junit.jupiter.api.Test;
import trapcheck.engine.Model;

/** Distinct-state totals of the smallest topologies, counted by hand and pinned. */
class SmallTopologyCountsTest {
    private static final String ONE_BY_ONE = """
              cpus:
                - { name: cpu0, address: qarma5, generic: qarma5 }
              vms:
                - { name: vm0, vcpus: 1, request: [] }
            """;

    /** Plain BFS over a HashSet of states: the obviously-correct count. */
    static int count(KvmModel m) {
        Model.Worker w = m.newWorker();
        Set<String> seen = new HashSet<>();
        ArrayDeque<long[]> queue = new ArrayDeque<>();
        long[] init = m.initialStates().get(0);
        seen.add(Arrays.toString(init));
        queue.add(init);
        while (!queue.isEmpty()) {
            w.successors(queue.poll(), (a, n, v) -> {
                if (seen.add(Arrays.toString(n))) {
                    queue.add(n.clone());
                }
            });
        }
        return seen.size();
    }

    @Test
    void oneCpuOneVcpuWithNothingToSwitchHasSevenStates() {
        // Thread idle or running; uninitialised (in userspace), or initialised in userspace, in
        // KVM_RUN (running or preempted), or in the guest (running):
        // (idle,uninit) (run,uninit) (run,OUT) (idle,OUT) (run,HOST) (idle,HOST) (run,GUEST) = 7.
        assertEquals(7, count(TestSpecs.model(NOTHING_TO_SWITCH)));
    }

    @Test
    void aLoadThatSetsApiAddsTheTwoUserspaceStatesWithApiSet() {
        // As above, but vcpu_load sets API in the copy: after the first KVM_RUN the copy has API set
        // until the next KVM_ARM_VCPU_INIT resets it, so (run,OUT) and (idle,OUT) also occur with
        // API set; HOST and GUEST states only with it set (physical API is set in the guest and
        // cleared at exit, a function of the location): 7 + 2 = 9.
        assertEquals(9, count(TestSpecs.model(LOAD_SETS_API)));
    }

    @Test
    void anOtherTaskDoublesTheIdleChoicesWhereACpuIsFree() {
        // One more task on the same pCPU: with the vCPU thread off the pCPU the task may run there
        // or not, with it on the pCPU the task must wait. States with the vCPU thread not running:
        // (uninit), (OUT), (HOST) = 3, each with the pCPU idle or running the task = 6; states
        // with it running: (uninit) (OUT) (HOST) (GUEST) = 4. Total 10.
        assertEquals(10, count(TestSpecs.model(OTHER_TASK)));
    }

    @Test
    void theFivePointEightPolicyOnOneByOneMatchesTheEngine() {
        // Not hand-counted: pinned so that a change to the semantics shows up as a changed number
        // that someone must explain.
        assertEquals(PINNED_58_1X1, count(TestSpecs.model(FIVE_EIGHT)));
    }

    /*
     * Revision 2 (35, was 29): trap-makes-progress, in the default set, remembers per trap kind
     * whether the vCPU trapped since vcpu_load; after 5.8's fixup the states in KVM_RUN and in the
     * guest now tell a PAC-instruction trap from a key-register trap (6 states).
     */
    static final int PINNED_58_1X1 = 35;

    private static final String NOTHING_TO_SWITCH = "spec: 1\nname: t\ntopology:\n" + ONE_BY_ONE
            + "guest:\n  actions: []\n  keys: []\npolicy:\n  hooks:\n    trap: { context: host, do: [] }\n";
    private static final String LOAD_SETS_API = "spec: 1\nname: t\ntopology:\n" + ONE_BY_ONE
            + "guest:\n  actions: []\n  keys: []\npolicy:\n  lazy: false\n  hooks:\n"
            + "    vcpu_load: [ { set_vcpu_hcr: [API] } ]\n    guest_enter: [ activate_traps ]\n"
            + "    trap: { context: host, do: [] }\n";
    private static final String OTHER_TASK = "spec: 1\nname: t\ntopology:\n" + ONE_BY_ONE + "  other_tasks: 1\n"
            + "guest:\n  actions: []\n  keys: []\npolicy:\n  hooks:\n    trap: { context: host, do: [] }\n";
    private static final String FIVE_EIGHT = TestSpecs.spec(
            ONE_BY_ONE.replace("request: []", "request: [address, generic]"), "[APIA]", TestSpecs.HOOKS_58);

    @Test
    void changedCountsComeWithANewRevisionOfTheSemantics() {
        // Checkpoints record ModelIdentity.REVISION so that none made under other semantics resumes.
        // When a count above changes, the semantics did: bump REVISION and pair it with the new counts here.
        String counts = Stream.of(NOTHING_TO_SWITCH, LOAD_SETS_API, OTHER_TASK, FIVE_EIGHT)
                .map(spec -> Integer.toString(count(TestSpecs.model(spec)))).collect(Collectors.joining(" "));
        assertEquals(Map.of(1, "7 9 10 29", 2, "7 9 10 35").get(ModelIdentity.REVISION), counts,
                "the counts changed without a new ModelIdentity.REVISION (or the revision has no counts here)");
    }
}
