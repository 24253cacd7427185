package dev.stepwise.analysis.judge;

import dev.stepwise.validation.InvalidValueException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exact null distribution of the Mann-Whitney statistic {@code U} for samples of {@code m}
 * and {@code n} values without ties (R's {@code dwilcox}, {@code pwilcox}, {@code qwilcox}): the
 * number of orderings of the two samples with each {@code U}, over all {@code C(m+n, m)}.
 * Counted with the recurrence {@code f(u; i, j) = f(u − j; i − 1, j) + f(u; i, j − 1)}; used
 * while both samples have fewer than {@value #MAX_EXACT} values, as R does.
 */
final class WilcoxonDistribution {

    /** Samples at or above this size use the normal approximation (R's default too). */
    static final int MAX_EXACT = 50;

    private final int m;
    private final int n;
    /** cumulative[u] = P(U ≤ u). */
    private final double[] cumulative;

    private WilcoxonDistribution(int m, int n, double[] cumulative) {
        this.m = m;
        this.n = n;
        this.cumulative = cumulative;
    }

    /** The last distributions computed: a judge asks for the same sizes at every look and for every metric. */
    private static final Map<Long, WilcoxonDistribution> RECENT = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, WilcoxonDistribution> eldest) {
            return size() > 16;
        }
    };

    /** The distribution for sizes {@code m} and {@code n}, each 1..49. */
    static WilcoxonDistribution of(int m, int n) {
        InvalidValueException.requireBetween("m", m, 1, MAX_EXACT - 1);
        InvalidValueException.requireBetween("n", n, 1, MAX_EXACT - 1);
        long key = (long) m << 32 | n;
        synchronized (RECENT) {
            WilcoxonDistribution known = RECENT.get(key);
            if (known != null) {
                return known;
            }
        }
        WilcoxonDistribution computed = compute(m, n);
        synchronized (RECENT) {
            RECENT.put(key, computed);
        }
        return computed;
    }

    private static WilcoxonDistribution compute(int m, int n) {
        // row[j] holds f(·; i, j) for the current i; all additions of positives, so exact up to 2^53 and accurate beyond
        double[][] row = new double[n + 1][];
        for (int j = 0; j <= n; j++) {
            row[j] = new double[] {1.0};
        }
        for (int i = 1; i <= m; i++) {
            double[][] next = new double[n + 1][];
            next[0] = new double[] {1.0};
            for (int j = 1; j <= n; j++) {
                double[] counts = new double[i * j + 1];
                double[] fewerX = row[j];
                for (int u = j; u < counts.length && u - j < fewerX.length; u++) {
                    counts[u] += fewerX[u - j];
                }
                double[] fewerY = next[j - 1];
                for (int u = 0; u < fewerY.length; u++) {
                    counts[u] += fewerY[u];
                }
                next[j] = counts;
            }
            row = next;
        }
        double[] counts = row[n];
        double total = 0.0;
        for (double c : counts) {
            total += c;
        }
        double[] cumulative = new double[counts.length];
        double sum = 0.0;
        for (int u = 0; u < counts.length; u++) {
            sum += counts[u];
            cumulative[u] = Math.min(1.0, sum / total);
        }
        return new WilcoxonDistribution(m, n, cumulative);
    }

    /** P(U ≤ u); 0 below 0, 1 at or above m·n. */
    double cdf(long u) {
        if (u < 0) {
            return 0.0;
        }
        return u >= cumulative.length ? 1.0 : cumulative[(int) u];
    }

    /** The smallest {@code q} with P(U ≤ q) ≥ p (R's {@code qwilcox}), for 0 < p < 1. */
    int quantile(double p) {
        for (int q = 0; q < cumulative.length; q++) {
            // R's qwilcox compares with a small fuzz, so that a p computed as a sum of the same terms finds its own q
            if (cumulative[q] >= p * (1 - 64 * Math.ulp(1.0))) {
                return q;
            }
        }
        return m * n;
    }

    @Override
    public String toString() {
        return "WilcoxonDistribution[m=" + m + ", n=" + n + "]";
    }
}
