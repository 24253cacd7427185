package dev.stepwise.analysis.judge;

import dev.stepwise.validation.InvalidValueException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The Hodges-Lehmann estimate of how far the canary's values are shifted from the control's, with
 * its distribution-free confidence interval: the median of the {@code m·n} pairwise differences
 * {@code canary[i] − control[j]}, and two of their order statistics as bounds.
 *
 * <p>With {@code d(1) ≤ … ≤ d(mn)} the sorted differences and {@code k} the rank below which the
 * Mann-Whitney statistic is improbable at the confidence level, the interval is
 * {@code [d(k), d(mn + 1 − k)]}. As R's {@code wilcox.test(canary, control, conf.int = TRUE)}
 * computes it when the p-value is exact (both samples under 50 values, no ties): {@code k} is
 * {@code qwilcox((1 − confidence)/2, m, n)}, at least 1. Otherwise {@code k} is
 * {@code floor(m·n/2 − z·σ)} (Hollander and Wolfe's large-sample approximation, with the tie
 * corrected σ of {@link MannWhitneyTest}), at least 1; R finds the bounds by root finding there,
 * so its asymptotic bounds differ slightly. The estimate is always the median of the differences
 * (R's exact estimate).
 *
 * @param estimate   the median of the pairwise differences (canary minus control)
 * @param lower      the interval's lower bound
 * @param upper      the interval's upper bound, at least {@code lower}
 * @param confidence the interval's nominal confidence, e.g. 0.95
 * @param exact      whether {@code k} came from the exact distribution
 */
public record HodgesLehmann(double estimate, double lower, double upper, double confidence, boolean exact) {

    /** The shift of {@code canary} from {@code control} at {@code confidence} (0.5..0.9999), finite values only. */
    public static HodgesLehmann of(double[] canary, double[] control, double confidence) {
        MannWhitneyTest.requireFinite("canary", canary);
        MannWhitneyTest.requireFinite("control", control);
        if (!(confidence >= 0.5 && confidence <= 0.9999)) {
            throw new InvalidValueException("confidence", confidence, "must be between 0.5 and 0.9999");
        }
        int m = canary.length;
        int n = control.length;
        double[] diffs = new double[m * n];
        int i = 0;
        for (double x : canary) {
            for (double y : control) {
                diffs[i++] = x - y;
            }
        }
        Arrays.sort(diffs);
        double alpha = 1 - confidence;
        Ranks ranks = Ranks.of(canary, control);
        boolean exact = m < WilcoxonDistribution.MAX_EXACT && n < WilcoxonDistribution.MAX_EXACT && !ranks.ties();
        long k;
        if (exact) {
            k = WilcoxonDistribution.of(m, n).quantile(alpha / 2);
        } else {
            double big = m + n;
            double sigma = Math.sqrt(m * (double) n / 12.0 * ((big + 1) - ranks.tieSum() / (big * (big - 1))));
            k = (long) Math.floor(m * (double) n / 2.0 - StandardNormal.quantile(1 - alpha / 2) * sigma);
        }
        k = Math.max(1, Math.min(k, (diffs.length + 1) / 2));
        return new HodgesLehmann(median(diffs), diffs[(int) k - 1], diffs[diffs.length - (int) k], confidence, exact);
    }

    private static double median(double[] sorted) {
        int half = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2.0;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "shift %.4g, %.0f%% CI [%.4g, %.4g]", estimate, confidence * 100, lower, upper);
    }
}
