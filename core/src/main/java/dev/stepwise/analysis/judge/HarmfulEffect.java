package dev.stepwise.analysis.judge;

import dev.stepwise.validation.InvalidValueException;
import java.util.Locale;

/**
 * The smallest difference between the canary's bad-request rate and the control's that counts as
 * harm: the alternative a {@link SequentialJudge} tests against "no worse than the control".
 * A canary this much worse (or more) is promoted with probability at most the judge's
 * {@link SequentialJudge#beta() beta}; a canary no worse than the control is rolled back with
 * probability at most its {@link SequentialJudge#alpha() alpha}.
 */
public sealed interface HarmfulEffect {

    /** The ratio of canary rate to control rate the judge tests for, given the control's rate so far ({@code NaN} when unknown). */
    double ratio(double controlRate);

    /**
     * Harm as a factor: the canary's rate at least {@code factor} times the control's.
     *
     * @param factor greater than 1 and at most 100, e.g. 1.5 or 2
     */
    record Ratio(double factor) implements HarmfulEffect {
        public Ratio {
            if (!(factor > 1.0 && factor <= 100.0)) {
                throw new InvalidValueException("ratio", factor, "must be greater than 1 and at most 100");
            }
        }

        @Override
        public double ratio(double controlRate) {
            return factor;
        }

        @Override
        public String toString() {
            return "x" + String.format(Locale.ROOT, "%.3g", factor);
        }
    }

    /**
     * Harm as percentage points: the canary's rate at least the control's plus {@code points}
     * (0.5 means 0.5% of requests more). The judge turns it into a ratio at each look from the
     * control's rate measured before that look (so the test stays valid), capped at
     * {@link #MAX_RATIO}; before any control data it learns nothing from a look.
     *
     * @param points greater than 0 and at most 100
     */
    record Points(double points) implements HarmfulEffect {

        /** The largest ratio a points effect stands for (a control with almost no bad requests). */
        public static final double MAX_RATIO = 100.0;

        public Points {
            if (!(points > 0.0 && points <= 100.0)) {
                throw new InvalidValueException("points", points, "must be greater than 0 and at most 100");
            }
        }

        @Override
        public double ratio(double controlRate) {
            if (Double.isNaN(controlRate)) {
                return Double.NaN;
            }
            if (controlRate <= 0.0) {
                return MAX_RATIO;
            }
            return Math.min(MAX_RATIO, (controlRate + points / 100.0) / controlRate);
        }

        @Override
        public String toString() {
            return "+" + String.format(Locale.ROOT, "%.3g", points) + "pp";
        }
    }
}
