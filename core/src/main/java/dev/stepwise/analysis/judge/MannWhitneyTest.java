package dev.stepwise.analysis.judge;

import dev.stepwise.validation.InvalidValueException;
import java.util.Locale;

/**
 * The two-sided Mann-Whitney U test (Wilcoxon rank-sum test) of a canary's samples against a
 * control's, as R's {@code wilcox.test(canary, control)} computes it by default.
 *
 * <p>{@code U} is the canary's rank sum less {@code m(m+1)/2} (R's {@code W}): the number of
 * (canary, control) pairs in which the canary's value is larger, ties counting one half. Its
 * mean under "same distribution" is {@code m·n/2}. The p-value is
 * <ul>
 *   <li><b>exact</b> when both samples have fewer than 50 values and no two values are equal:
 *       {@code min(1, 2·min(P(U ≤ u), P(U ≥ u)))} from {@link WilcoxonDistribution};</li>
 *   <li>otherwise from the <b>normal approximation</b> with the tie correction
 *       {@code σ² = m·n/12 · ((N + 1) − Σ(t³ − t) / (N(N − 1)))} and a continuity correction of
 *       one half towards the mean: {@code z = (u − m·n/2 − ½·sign) / σ}.</li>
 * </ul>
 *
 * @param u      the statistic, 0..m·n
 * @param z      the standardised statistic (with the continuity correction); {@code NaN} when
 *               every value is equal (σ = 0)
 * @param pValue the two-sided p-value, 0..1
 * @param exact  whether the p-value is from the exact distribution
 */
public record MannWhitneyTest(double u, double z, double pValue, boolean exact) {

    /** The test of {@code canary} against {@code control}, each with at least one finite value. */
    public static MannWhitneyTest of(double[] canary, double[] control) {
        requireFinite("canary", canary);
        requireFinite("control", control);
        int m = canary.length;
        int n = control.length;
        Ranks ranks = Ranks.of(canary, control);
        double u = ranks.canaryRankSum() - m * (m + 1) / 2.0;
        double mean = m * (double) n / 2.0;
        double big = m + n;
        double variance = m * (double) n / 12.0 * ((big + 1) - ranks.tieSum() / (big * (big - 1)));
        double shift = u - mean;
        double z = variance > 0 ? (shift - Math.signum(shift) * 0.5) / Math.sqrt(variance) : Double.NaN;
        if (m < WilcoxonDistribution.MAX_EXACT && n < WilcoxonDistribution.MAX_EXACT && !ranks.ties()) {
            WilcoxonDistribution exact = WilcoxonDistribution.of(m, n);
            long w = Math.round(u);
            double p = 2 * Math.min(exact.cdf(w), 1 - exact.cdf(w - 1));
            return new MannWhitneyTest(u, z, Math.min(1.0, p), true);
        }
        double p = Double.isNaN(z) ? 1.0 : 2 * Math.min(StandardNormal.cdf(z), 1 - StandardNormal.cdf(z));
        return new MannWhitneyTest(u, z, Math.min(1.0, p), false);
    }

    static void requireFinite(String field, double[] values) {
        if (values.length == 0) {
            throw new InvalidValueException(field, "[]", "must have at least one value");
        }
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new InvalidValueException(field, v, "must be finite (drop NaN and infinities first)");
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "U %.1f, p %.4g (%s)", u, pValue, exact ? "exact" : "normal, z " + String.format(Locale.ROOT, "%.3f", z));
    }
}
