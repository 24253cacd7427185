package dev.stepwise.analysis;

import dev.stepwise.validation.InvalidValueException;
import org.jspecify.annotations.Nullable;

/**
 * The accepted range of a metric, Flagger's {@code thresholdRange}: a value passes when
 * {@code min <= value <= max}. Either bound may be absent (null), not both.
 *
 * @param min lowest accepted value, inclusive, or null for no lower bound
 * @param max highest accepted value, inclusive, or null for no upper bound
 */
public record ThresholdRange(@Nullable Double min, @Nullable Double max) {

    public ThresholdRange {
        if (min == null && max == null) {
            throw new InvalidValueException("thresholdRange", "{}", "must set min, max or both");
        }
        if (min != null && !Double.isFinite(min)) {
            throw new InvalidValueException("thresholdRange.min", min, "must be a finite number");
        }
        if (max != null && !Double.isFinite(max)) {
            throw new InvalidValueException("thresholdRange.max", max, "must be a finite number");
        }
        if (min != null && max != null && min > max) {
            throw new InvalidValueException("thresholdRange.min", min, "must not be greater than max " + max);
        }
    }

    public static ThresholdRange atLeast(double min) {
        return new ThresholdRange(min, null);
    }

    public static ThresholdRange atMost(double max) {
        return new ThresholdRange(null, max);
    }

    public static ThresholdRange between(double min, double max) {
        return new ThresholdRange(min, max);
    }

    /**
     * Judges one observed value. {@code NaN} and infinities are {@link Verdict.Status#NO_DATA no
     * data}: a division by zero (no requests) must never pass.
     */
    public Verdict judge(String metric, double value) {
        if (!Double.isFinite(value)) {
            return Verdict.noData(metric, "observed " + value + " (no requests in the interval?)");
        }
        if (min != null && value < min) {
            return Verdict.fail(metric, value, value + " < min " + min);
        }
        if (max != null && value > max) {
            return Verdict.fail(metric, value, value + " > max " + max);
        }
        return Verdict.pass(metric, value);
    }

    @Override
    public String toString() {
        return "[" + (min == null ? "-inf" : min) + ", " + (max == null ? "+inf" : max) + "]";
    }
}
