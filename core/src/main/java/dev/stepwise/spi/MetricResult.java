package dev.stepwise.spi;

import dev.stepwise.validation.InvalidValueException;

/**
 * What a metric source answered. Expected failures are values, not exceptions: a source never
 * throws for an empty result, a refused query or a timeout.
 */
public sealed interface MetricResult {

    /** A finite value. */
    record Value(double value) implements MetricResult {
        public Value {
            if (!Double.isFinite(value)) {
                throw new InvalidValueException("value", value, "must be finite; NaN and infinities are NoData");
            }
        }
    }

    /** The source answered with nothing to judge: an empty result, NaN, an infinity. Never a pass. */
    record NoData(String reason) implements MetricResult {
        public NoData {
            reason = reason == null ? "" : reason;
        }
    }

    /** The source could not answer: unreachable, timed out, refused the query. Never a pass. */
    record Failed(String reason) implements MetricResult {
        public Failed {
            reason = reason == null ? "" : reason;
        }
    }

    /** A value, or NoData for NaN and infinities. */
    static MetricResult of(double value) {
        return Double.isFinite(value) ? new Value(value) : new NoData("value " + value);
    }
}
