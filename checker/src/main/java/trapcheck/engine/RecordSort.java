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

    /**
     * Sorts the first {@code n} records of {@code stride} longs of {@code a} by their longs
     * [field, field + length), in the same lexicographic signed order; the records must differ there
     * (a level's candidates by state, its winners by discoverer key). A quicksort (median of three,
     * insertion sort below 16 records): the keys are hashes or come in hash order, so it stays
     * O(n log n) in practice, and it sorts in place, record by record.
     */
    static void sortBy(long[] a, int n, int stride, int field, int length) {
        long[] tmp = new long[stride];
        long[] pivot = new long[stride];
        quicksort(a, 0, n - 1, stride, field, length, tmp, pivot);
    }

    private static void quicksort(long[] a, int lo, int hi, int stride, int field, int length, long[] tmp,
                                  long[] pivot) {
        while (hi - lo >= 16) {
            int mid = (lo + hi) >>> 1;
            if (cmp(a, mid, a, lo, stride, field, length) < 0) {
                swap(a, mid, lo, stride, tmp);
            }
            if (cmp(a, hi, a, lo, stride, field, length) < 0) {
                swap(a, hi, lo, stride, tmp);
            }
            if (cmp(a, hi, a, mid, stride, field, length) < 0) {
                swap(a, hi, mid, stride, tmp);
            }
            System.arraycopy(a, mid * stride, pivot, 0, stride);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (compare(a, i * stride + field, pivot, field, length) < 0) {
                    i++;
                }
                while (compare(a, j * stride + field, pivot, field, length) > 0) {
                    j--;
                }
                if (i <= j) {
                    swap(a, i, j, stride, tmp);
                    i++;
                    j--;
                }
            }
            if (j - lo < hi - i) {     // recurse into the smaller side: O(log n) stack
                quicksort(a, lo, j, stride, field, length, tmp, pivot);
                lo = i;
            } else {
                quicksort(a, i, hi, stride, field, length, tmp, pivot);
                hi = j;
            }
        }
        for (int i = lo + 1; i <= hi; i++) {
            for (int j = i; j > lo && cmp(a, j, a, j - 1, stride, field, length) < 0; j--) {
                swap(a, j, j - 1, stride, tmp);
            }
        }
    }

    private static int cmp(long[] a, int i, long[] b, int j, int stride, int field, int length) {
        return compare(a, i * stride + field, b, j * stride + field, length);
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
