package dev.stepwise.http.internal;

import java.util.Locale;

/** Byte counts as text: {@code 1048576}, {@code 512KiB}, {@code 16MiB}, {@code 1GiB}. Not API. */
public final class ByteSizes {

    private static final long KIB = 1024;
    private static final String[] UNITS = {"GiB", "MiB", "KiB"};
    private static final long[] FACTORS = {KIB * KIB * KIB, KIB * KIB, KIB};

    private ByteSizes() {
    }

    /**
     * The number of bytes in {@code text}: a whole number, optionally followed by {@code KiB},
     * {@code MiB} or {@code GiB} (case-insensitive, spaces allowed before the unit).
     *
     * @throws IllegalArgumentException if the text is not such a size or overflows a long
     */
    public static long parse(String text) {
        String value = text.strip();
        long factor = 1;
        for (int i = 0; i < UNITS.length; i++) {
            if (value.toLowerCase(Locale.ROOT).endsWith(UNITS[i].toLowerCase(Locale.ROOT))) {
                factor = FACTORS[i];
                value = value.substring(0, value.length() - UNITS[i].length()).strip();
                break;
            }
        }
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        try {
            return Math.multiplyExact(Long.parseLong(value), factor);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("too large: " + text, e);
        }
    }

    /** {@code bytes} in the largest binary unit dividing it exactly: {@code 16 MiB}, {@code 1500 bytes}. */
    public static String format(long bytes) {
        for (int i = 0; i < UNITS.length; i++) {
            if (bytes != 0 && bytes % FACTORS[i] == 0) {
                return bytes / FACTORS[i] + " " + UNITS[i];
            }
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }
}
