package trapcheck.engine;

import java.util.Arrays;

/*
 * Sorting and comparing fixed-width records of longs in one long[] (a seen-set run: a fingerprint,
 * or in exact mode a fingerprint and the packed state), in place. The order is lexicographic over
 * the record's longs, each compared as a signed long; it only has to be the same everywhere a run
 * is written and merged. One-long records go to Arrays.sort; wider ones to a heapsort (no extra
 * memory, O(n log n) whatever the input).
 */
final class RecordSort {
    private RecordSort() {
    }

    /** Sorts the first {@code n} records of {@code stride} longs of {@code a}. */
    static void sort(long[] a, int n, int stride) {
        if (stride == 1) {
            Arrays.sort(a, 0, n);
            return;
        }
        long[] tmp = new long[stride];
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(a, i, n, stride, tmp);
        }
        for (int end = n - 1; end > 0; end--) {
            swap(a, 0, end, stride, tmp);
            siftDown(a, 0, end, stride, tmp);
        }
    }

    private static void siftDown(long[] a, int i, int n, int stride, long[] tmp) {
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                return;
            }
            if (child + 1 < n && compare(a, child * stride, a, (child + 1) * stride, stride) < 0) {
                child++;
            }
            if (compare(a, i * stride, a, child * stride, stride) >= 0) {
                return;
            }
            swap(a, i, child, stride, tmp);
            i = child;
        }
    }

    private static void swap(long[] a, int i, int j, int stride, long[] tmp) {
        System.arraycopy(a, i * stride, tmp, 0, stride);
        System.arraycopy(a, j * stride, a, i * stride, stride);
        System.arraycopy(tmp, 0, a, j * stride, stride);
    }

    /** Compares the record of {@code a} at {@code i} with the record of {@code b} at {@code j}. */
    static int compare(long[] a, int i, long[] b, int j, int stride) {
        for (int k = 0; k < stride; k++) {
            int c = Long.compare(a[i + k], b[j + k]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
