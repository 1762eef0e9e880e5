package trapcheck.kvm;

/**
 * What a thread's steps touch, for partial-order reduction (the engine's ample sets, see
 * {@link trapcheck.engine.Model.Worker#ampleSets}).
 *
 * <p>A step of thread t running on pCPU p reads and writes only p's record (its thread, key
 * registers, host context, physical API/APK), t's vCPU's record (location, save area, versions,
 * tokens, the fields invariants keep per vCPU) and the static world, and judges properties on those
 * alone ({@link ThreadSteps}: every hook runs on p for t's vCPU; {@link InvariantChecks} judge p and
 * the vCPU). The one exception is a host-context key op resolved on one pCPU and finished on
 * another after a preemption: its key moves touch the host context of its resolved target
 * ({@link StateLayout#vcpuTarget}). A switch-in of another thread u onto an idle pCPU q reads "u
 * runs nowhere" and "q is idle" and then touches only q and u's vCPU.
 *
 * <p>So the enabled steps of a running thread t on p are an ample set when t's own target, if any,
 * is p, and no other vCPU's target is p: before t moves, no other thread can run on p (t holds it),
 * none can resolve a target to p (a thread resolves the pCPU it runs on), no step of another thread
 * can touch p or t's vCPU, none enables or disables a step of t (t's steps depend on p's thread and
 * its vCPU's location only), and t's preemption, which frees p, is itself in the set. Every
 * qualifying thread's steps are offered, fewest enabled steps first, thread order among equals
 * ({@link KvmModel}); the engine takes the first set that passes its proviso, so the choice is a
 * function of the state and of what earlier levels stored.
 * Tests check these claims step by step on every reachable state of small specs
 * (FootprintsTest): a rule that makes a step touch more must extend this class.
 */
final class Footprints {
    private final World world;
    private final StateLayout layout;
    /** Per thread: its first action and one past its last (a thread's actions are consecutive). */
    private final int[] firstAction;
    private final int[] endAction;

    Footprints(World world, StateLayout layout, Actions actions) {
        this.world = world;
        this.layout = layout;
        int threads = world.threadCount();
        firstAction = new int[threads];
        endAction = new int[threads];
        for (int a = actions.count - 1; a >= 0; a--) {
            firstAction[actions.thread[a]] = a;
        }
        for (int a = 0; a < actions.count; a++) {
            endAction[actions.thread[a]] = a + 1;
        }
    }

    int firstAction(int thread) {
        return firstAction[thread];
    }

    int endAction(int thread) {
        return endAction[thread];
    }

    /** Whether the steps of thread t, running on pCPU p, form an ample set in s. */
    boolean qualifies(long[] s, int t, int p) {
        int g = world.threadVcpu(t);
        int own = g >= 0 ? layout.vcpuTarget[g].get(s) : 0;
        if (own != 0 && own != p + 1) {
            return false;
        }
        for (int h = 0; h < world.vcpus; h++) {
            if (h != g && layout.vcpuTarget[h].get(s) == p + 1) {
                return false;
            }
        }
        return true;
    }
}
