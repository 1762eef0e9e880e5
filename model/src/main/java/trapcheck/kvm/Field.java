package trapcheck.kvm;

/**
 * One field of the packed state: {@code width} bits at {@code shift} in word {@code word}. Fields never
 * straddle two words, so a read is one shift and one mask.
 */
final class Field {
    final int word;
    final int shift;
    final long mask;
    final int width;

    Field(int word, int shift, int width) {
        this.word = word;
        this.shift = shift;
        this.width = width;
        this.mask = width == 64 ? -1L : (1L << width) - 1;
    }

    int get(long[] s) {
        return (int) ((s[word] >>> shift) & mask);
    }

    void set(long[] s, int value) {
        s[word] = (s[word] & ~(mask << shift)) | (((long) value & mask) << shift);
    }

    boolean bit(long[] s) {
        return ((s[word] >>> shift) & 1L) != 0;
    }

    void set(long[] s, boolean value) {
        set(s, value ? 1 : 0);
    }

    /** A field of width 0 always reads 0 and ignores writes: a variable the spec makes dead. */
    static Field absent() {
        return new Field(0, 0, 0);
    }
}
