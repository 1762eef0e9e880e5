package trapcheck.cli;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --shard I/N}: one of N parts of a corpus, so N CI jobs check it together. A spec belongs to
 * shard {@code 1 + (h mod N)}, h the first 8 bytes of the SHA-256 of its name (UTF-8) as an unsigned
 * number: the split depends on the name alone, not on the order or the other specs, so a spec stays
 * in its shard when others are added, and every spec is in exactly one shard.
 *
 * @param index 1-based, at most count
 */
record Shard(int index, int count) {

    static final Shard ALL = new Shard(1, 1);

    /** The 1-based shard of {@code name} among {@code count}. */
    static int of(String name, int count) {
        byte[] d;
        try {
            d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JVM has SHA-256
        }
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        return 1 + (int) Long.remainderUnsigned(h, count);
    }

    boolean contains(String name) {
        return count == 1 || of(name, count) == index;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }

    /** Parses I/N with 1 <= I <= N. */
    static final class Converter implements ITypeConverter<Shard> {
        @Override
        public Shard convert(String value) {
            String[] parts = value.split("/", -1);
            try {
                if (parts.length == 2) {
                    int i = Integer.parseInt(parts[0]);
                    int n = Integer.parseInt(parts[1]);
                    if (n >= 1 && i >= 1 && i <= n) {
                        return new Shard(i, n);
                    }
                }
            } catch (NumberFormatException e) {
                // falls through to the message
            }
            throw new TypeConversionException("expected I/N with 1 <= I <= N (e.g. 2/4), got '" + value + "'");
        }
    }
}
