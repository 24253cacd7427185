package dev.stepwise.analysis.judge;

import java.util.Arrays;

/**
 * One track's samples ready for comparison: sorted, without NaN or infinities, outliers dropped
 * when an {@link OutlierFilter} is on, with how many were dropped for each reason (reported in
 * the verdict, never silently).
 *
 * @param values    the finite samples kept, ascending
 * @param nonFinite NaN and infinite samples dropped
 * @param outliers  finite samples dropped as outliers
 */
public record CleanSamples(double[] values, int nonFinite, int outliers) {

    /** {@code raw} cleaned as {@code filter} says. */
    public static CleanSamples of(double[] raw, OutlierFilter filter) {
        double[] finite = Arrays.stream(raw).filter(Double::isFinite).sorted().toArray();
        double[] kept = filter.keep(finite);
        return new CleanSamples(kept, raw.length - finite.length, finite.length - kept.length);
    }

    /** Samples kept. */
    public int size() {
        return values.length;
    }

    /** The median of the kept samples; {@code NaN} without any. */
    public double median() {
        return values.length == 0 ? Double.NaN : OutlierFilter.quantile(values, 0.5);
    }

    @Override
    public String toString() {
        return values.length + " samples" + (nonFinite == 0 ? "" : ", " + nonFinite + " NaN/infinite dropped")
                + (outliers == 0 ? "" : ", " + outliers + " outliers dropped");
    }
}
