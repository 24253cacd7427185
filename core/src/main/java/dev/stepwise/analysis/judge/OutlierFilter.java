package dev.stepwise.analysis.judge;

import dev.stepwise.validation.InvalidValueException;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which samples are dropped as outliers before the comparison: those beyond {@code k} times the
 * interquartile range outside the quartiles of their own track ({@code k = 3} is Tukey's "far
 * out"). Off by default ({@link #NONE}): rank tests are already robust to a few extreme values,
 * and dropping a canary's extremes can hide the very harm the judge looks for.
 *
 * @param iqrFactor {@code k}, 0 (off) or 0.5..100
 */
public record OutlierFilter(double iqrFactor) {

    /** No sample dropped. */
    public static final OutlierFilter NONE = new OutlierFilter(0.0);

    public OutlierFilter {
        if (!(iqrFactor == 0.0 || (iqrFactor >= 0.5 && iqrFactor <= 100.0))) {
            throw new InvalidValueException("iqr", iqrFactor, "must be 0 (off) or between 0.5 and 100");
        }
    }

    /** Whether samples are dropped at all. */
    public boolean enabled() {
        return iqrFactor > 0.0;
    }

    /** The samples of {@code sorted} (ascending, finite) within the fences. */
    double[] keep(double[] sorted) {
        if (!enabled() || sorted.length < 4) {
            return sorted;
        }
        double q1 = quantile(sorted, 0.25);
        double q3 = quantile(sorted, 0.75);
        double low = q1 - iqrFactor * (q3 - q1);
        double high = q3 + iqrFactor * (q3 - q1);
        return Arrays.stream(sorted).filter(v -> v >= low && v <= high).toArray();
    }

    /** The {@code p} quantile of {@code sorted} with linear interpolation (R's default, type 7). */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    @Override
    public String toString() {
        return enabled() ? String.format(Locale.ROOT, "drop beyond %.3g IQR", iqrFactor) : "keep all samples";
    }
}
