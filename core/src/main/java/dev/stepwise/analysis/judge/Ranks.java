package dev.stepwise.analysis.judge;

import java.util.Arrays;

/**
 * Mid-ranks of two pooled samples: the canary's rank sum and the tie correction
 * {@code Σ (t³ − t)} over groups of {@code t} equal values, what {@link MannWhitneyTest} needs.
 *
 * @param canaryRankSum the sum of the canary values' ranks in the pooled sample (ties get the mean rank)
 * @param tieSum        {@code Σ (t³ − t)} over the groups of equal values; 0 without ties
 */
record Ranks(double canaryRankSum, double tieSum) {

    /** Ranks {@code canary} and {@code control} together (finite values). */
    static Ranks of(double[] canary, double[] control) {
        int size = canary.length + control.length;
        double[][] pooled = new double[size][];
        for (int i = 0; i < canary.length; i++) {
            pooled[i] = new double[] {canary[i], 1};
        }
        for (int i = 0; i < control.length; i++) {
            pooled[canary.length + i] = new double[] {control[i], 0};
        }
        Arrays.sort(pooled, (a, b) -> Double.compare(a[0], b[0]));
        double rankSum = 0.0;
        double tieSum = 0.0;
        int start = 0;
        while (start < size) {
            int end = start;
            while (end + 1 < size && pooled[end + 1][0] == pooled[start][0]) {
                end++;
            }
            double t = end - start + 1;
            double midRank = (start + end) / 2.0 + 1.0;
            for (int k = start; k <= end; k++) {
                rankSum += pooled[k][1] * midRank;
            }
            tieSum += t * t * t - t;
            start = end + 1;
        }
        return new Ranks(rankSum, tieSum);
    }

    /** Whether some values are equal. */
    boolean ties() {
        return tieSum > 0.0;
    }
}
