package trapcheck.kvm;

/**
 * The orders symmetry reduction tries: index arrays sorted by a signature no renaming changes, and
 * every combination of permutations of their runs of equal signatures (an odometer whose digits are
 * the runs). Serves the thread entities and the key columns alike. Allocation-free once built.
 */
final class TiePermutations {
    /** Tells a run of tied entries whose every order encodes the same state, so one order is enough. */
    interface RunPredicate {
        boolean everyOrderAlike(int[] order, int from, int to);
    }

    /** The runs to permute: {@code runOrder[r][runFrom[r] .. runTo[r])}. */
    private final int[][] runOrder;
    private final int[] runFrom;
    private final int[] runTo;
    private int runs;

    /** @param maxRuns the most runs ever added between two {@link #clear}s */
    TiePermutations(int maxRuns) {
        runOrder = new int[maxRuns][];
        runFrom = new int[maxRuns];
        runTo = new int[maxRuns];
    }

    void clear() {
        runs = 0;
    }

    /**
     * Sorts {@code order} (entry indices) by signature, then index, and adds each run of two or more
     * equal signatures to permute, unless {@code alike} says its order does not matter. The order
     * array is permuted in place by {@link #advance}.
     */
    void addSorted(int[] order, long[] signature, RunPredicate alike) {
        sortBy(order, signature);
        int i = 0;
        while (i < order.length) {
            int j = i + 1;
            while (j < order.length && signature[order[j]] == signature[order[i]]) {
                j++;
            }
            if (j - i > 1 && !alike.everyOrderAlike(order, i, j)) {
                runOrder[runs] = order;
                runFrom[runs] = i;
                runTo[runs] = j;
                runs++;
            }
            i = j;
        }
    }

    /** Whether no run was added: the orders as sorted are the only ones to try. */
    boolean single() {
        return runs == 0;
    }

    /** Next combination of permutations of the runs; false (every run back in order) when all were tried. */
    boolean advance() {
        for (int r = 0; r < runs; r++) {
            if (nextPermutation(runOrder[r], runFrom[r], runTo[r])) {
                return true;
            }
        }
        return false;
    }

    /** Sorts {@code order} (holding entry indices) by signature, then index. */
    static void sortBy(int[] order, long[] signature) {
        for (int i = 1; i < order.length; i++) {
            int x = order[i];
            int j = i - 1;
            while (j >= 0 && (signature[order[j]] > signature[x]
                    || (signature[order[j]] == signature[x] && order[j] > x))) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = x;
        }
    }

    /** Lexicographic next permutation of a[from..to); on the last one, restores ascending order and returns false. */
    static boolean nextPermutation(int[] a, int from, int to) {
        int i = to - 2;
        while (i >= from && a[i] >= a[i + 1]) {
            i--;
        }
        if (i < from) {
            reverse(a, from, to - 1);
            return false;
        }
        int j = to - 1;
        while (a[j] <= a[i]) {
            j--;
        }
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
        reverse(a, i + 1, to - 1);
        return true;
    }

    private static void reverse(int[] a, int i, int j) {
        while (i < j) {
            int t = a[i];
            a[i++] = a[j];
            a[j--] = t;
        }
    }
}
