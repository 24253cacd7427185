package dev.stepwise.analysis.judge;

import dev.stepwise.validation.InvalidValueException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which change of a metric harms: a latency or an error count harms when it rises
 * ({@link #INCREASE}), a throughput or a cache hit ratio when it falls ({@link #DECREASE}).
 * A change the other way is reported ({@link MetricClassification#HIGH} or
 * {@link MetricClassification#LOW}) but passes, as in Kayenta.
 */
public enum HarmDirection {
    /** Only a rise harms. */
    INCREASE,
    /** Only a fall harms. */
    DECREASE,
    /** Any change beyond the tolerance harms. */
    EITHER;

    /** The spec's word: {@code increase}, {@code decrease}, {@code either}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The spec's words. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(HarmDirection::label).toList();
    }

    /** The direction named {@code label}. */
    public static HarmDirection of(String label) {
        for (HarmDirection d : values()) {
            if (d.label().equals(label)) {
                return d;
            }
        }
        throw new InvalidValueException("direction", label, "must be one of " + labels());
    }

    /** Whether {@code classification} is harm in this direction. */
    public boolean harms(MetricClassification classification) {
        return switch (classification) {
            case HIGH -> this != DECREASE;
            case LOW -> this != INCREASE;
            case PASS, NO_DATA -> false;
        };
    }
}
