package trapcheck.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The numbers the limit flags take, refused as usage errors (exit 2) when no limit could mean them:
 * {@code --max-seconds NaN} or {@code Infinity}, a negative value, or {@code --memory} past what a
 * byte count can hold (today {@code 17592186044417} MiB would wrap around to 1 MiB).
 */
final class LimitConverters {
    /** The most MiB whose byte count fits in a long. */
    static final long MAX_MEMORY_MIB = Long.MAX_VALUE >> 20;

    private LimitConverters() {
    }

    /** {@code --max-seconds}: 0 (no limit) or a finite positive number of seconds. */
    static final class Seconds implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double s;
            try {
                s = Double.parseDouble(value.strip());
            } catch (NumberFormatException e) {
                s = Double.NaN;
            }
            if (!(s >= 0) || Double.isInfinite(s) || !value.strip().matches("[0-9.eE+-]+")) {
                throw new TypeConversionException("expected 0 (no limit) or a positive number of seconds, got '"
                        + value + "'");
            }
            return s;
        }
    }

    /** {@code --memory}: 0 (a share of the JVM heap) or a whole number of mebibytes that fits a byte count. */
    static final class Mebibytes implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long mib;
            try {
                mib = value.strip().matches("[0-9]{1,19}") ? Long.parseLong(value.strip()) : -1;
            } catch (NumberFormatException e) {
                mib = -1;
            }
            if (mib < 0 || mib > MAX_MEMORY_MIB) {
                throw new TypeConversionException(MEMORY_MEANING + ", got '" + value + "'");
            }
            return mib;
        }
    }

    /** What --memory takes: its help and its error say the same. */
    static final String MEMORY_MEANING = "expected 0 (a share of the JVM heap) or a whole number of MiB from 1 to "
            + MAX_MEMORY_MIB;
}
