package trapcheck.engine;

import java.util.Arrays;

/**
 * A small growable array of fixed-width state rows, read through one scratch array: the buffers a
 * worker fills with one state's successors (the ample-set candidates, the successors waiting to be
 * offered) keep their states here, packed, with no object per state. Not thread-safe.
 */
final class StateRows {
    private final int words;
    private long[] rows;
    private final long[] view;

    StateRows(int words, int initialRows) {
        this.words = words;
        this.rows = new long[initialRows * words];
        this.view = new long[words];
    }

    /** Makes room for rows 0 to {@code count - 1}, keeping those already written. */
    void ensure(int count) {
        if ((long) count * words > rows.length) {
            rows = Arrays.copyOf(rows, count * words);
        }
    }

    /** Writes row i (room for it must have been ensured). */
    void set(int i, long[] row) {
        System.arraycopy(row, 0, rows, i * words, words);
    }

    /** Row i, in the scratch array, valid until the next call. */
    long[] get(int i) {
        System.arraycopy(rows, i * words, view, 0, words);
        return view;
    }
}
