package trapcheck.kvm;

/**
 * Who owns each key value (0 is nobody's; see {@link World#keyValueCount}), and how a value looks
 * with the names taken out, from the place where it lies: the building blocks of the symmetry
 * signatures, which no renaming of entities may change. Tables computed once per model.
 */
final class KeyOwners {
    /** Key value → the other task owning it, or -1. */
    final int[] task;
    /** Key value → the VM owning it (its VMM's key or one of its guests' keys), or -1. */
    final int[] vm;
    /** Key value → the vCPU owning it (a guest key), or -1. */
    final int[] vcpu;
    /**
     * [vCPU g][key value]: the value as g sees it, without names: nobody, a task, my VMM, another
     * VMM, then for guest keys (mine, my VM's, another VM's) × version.
     */
    private final int[][] seenFromVcpu;
    /** Key value → its kind alone (nobody, a task, a VMM, a guest key of version n): for a pCPU no vCPU runs on. */
    private final int[] seenFromNowhere;

    KeyOwners(World world) {
        int values = world.keyValueCount();
        task = new int[values];
        vm = new int[values];
        vcpu = new int[values];
        seenFromVcpu = new int[world.vcpus][values];
        seenFromNowhere = new int[values];
        for (int v = 0; v < values; v++) {
            task[v] = world.otherKeyTask(v);
            int g = world.guestKeyVcpu(v);
            vcpu[v] = g;
            vm[v] = g >= 0 ? world.vcpuVm[g] : world.vmmKeyVm(v);
            for (int h = 0; h < world.vcpus; h++) {
                seenFromVcpu[h][v] = seenFrom(world, v, h);
            }
            seenFromNowhere[v] = v == 0 ? 0 : task[v] >= 0 ? 1 : g < 0 ? 2 : 3 + world.guestKeyVersion(v);
        }
    }

    private static int seenFrom(World world, int value, int g) {
        if (value == 0) {
            return 0;
        }
        if (world.otherKeyTask(value) >= 0) {
            return 1;
        }
        int vmmOf = world.vmmKeyVm(value);
        if (vmmOf >= 0) {
            return vmmOf == world.vcpuVm[g] ? 2 : 3;
        }
        int owner = world.guestKeyVcpu(value);
        int version = world.guestKeyVersion(value);
        int relation = owner == g ? 0 : world.vcpuVm[owner] == world.vcpuVm[g] ? 1 : 2;
        return 4 + relation * world.keyVersions + version;
    }

    /** The table of {@link #seenFromVcpu}: key value → how vCPU g sees it. */
    int[] seenFrom(int g) {
        return seenFromVcpu[g];
    }

    /** A key value as the vCPU running on its pCPU sees it, or by kind alone when none runs there (-1). */
    int seenOnCpu(int value, int runningVcpu) {
        return runningVcpu >= 0 ? seenFromVcpu[runningVcpu][value] : seenFromNowhere[value];
    }
}
