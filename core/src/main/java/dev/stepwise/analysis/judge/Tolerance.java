package dev.stepwise.analysis.judge;

import dev.stepwise.validation.InvalidValueException;
import java.util.Locale;

/**
 * How far the canary's values may shift from the control's before the shift counts: the
 * tolerated band is {@code [−allowed, +allowed]} around no shift.
 */
public sealed interface Tolerance {

    /** The largest relative change allowed by default: 10% of the control's median. */
    double DEFAULT_RELATIVE = 0.1;

    /** The largest allowed shift, given the control's median, at least 0. */
    double allowed(double controlMedian);

    /** The default: {@value #DEFAULT_RELATIVE} of the control's median. */
    static Tolerance ofDefaults() {
        return new Relative(DEFAULT_RELATIVE);
    }

    /**
     * A share of the control's median: 0.1 lets the canary differ by 10% of the control's median
     * (when that median is 0, no shift is tolerated).
     *
     * @param fraction 0..10
     */
    record Relative(double fraction) implements Tolerance {
        public Relative {
            if (!(fraction >= 0.0 && fraction <= 10.0)) {
                throw new InvalidValueException("relative", fraction, "must be between 0 and 10 (a share of the control's median, 0.1 = 10%)");
            }
        }

        @Override
        public double allowed(double controlMedian) {
            return fraction * Math.abs(controlMedian);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.3g%%", fraction * 100);
        }
    }

    /**
     * An amount in the metric's unit: 0.05 lets a latency in seconds differ by 50 ms.
     *
     * @param amount finite, at least 0
     */
    record Absolute(double amount) implements Tolerance {
        public Absolute {
            if (!(amount >= 0.0 && Double.isFinite(amount))) {
                throw new InvalidValueException("absolute", amount, "must be a finite number of at least 0");
            }
        }

        @Override
        public double allowed(double controlMedian) {
            return amount;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "±%.4g", amount);
        }
    }
}
