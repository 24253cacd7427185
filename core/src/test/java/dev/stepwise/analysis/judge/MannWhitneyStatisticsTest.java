package dev.stepwise.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The statistics of the Mann-Whitney judge against values that can be checked elsewhere: R's
 * documented {@code ?wilcox.test} example, and hand computations written out in the tests.
 */
@DisplayName("Mann-Whitney U and Hodges-Lehmann")
class MannWhitneyStatisticsTest {

    /**
     * R's {@code ?wilcox.test} example (Hollander and Wolfe, p. 110): permeability constants at
     * term (x) and at 12-26 weeks (y). R documents {@code wilcox.test(x, y, alternative = "g")}:
     * W = 35, p-value = 0.1272 (exact), and with {@code exact = FALSE, correct = FALSE}:
     * p-value = 0.1103.
     */
    private static final double[] X = {0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46};
    private static final double[] Y = {1.15, 0.88, 0.90, 0.74, 1.21};

    @Nested
    @DisplayName("the U test")
    class UTest {

        @Test
        @DisplayName("gives R's W = 35 and twice R's one-sided exact p-value 0.1272 for its documented example")
        void exactExample() {
            MannWhitneyTest test = MannWhitneyTest.of(X, Y);
            assertThat(test.u()).isEqualTo(35.0);
            assertThat(test.exact()).isTrue();
            // U = 35 lies above the mean 25, so the two-sided p is twice P(U >= 35) = 2 x 0.1272
            assertThat(test.pValue()).isCloseTo(2 * 0.1272, within(0.0001));
        }

        @Test
        @DisplayName("standardises U as R's normal approximation does: z = 10 / sqrt(10·5·16/12) = 1.2247 gives R's one-sided 0.1103 without correction")
        void normalApproximation() {
            MannWhitneyTest test = MannWhitneyTest.of(X, Y);
            // with the continuity correction: z = (35 - 25 - 0.5) / 8.1650 = 1.1635
            assertThat(test.z()).isCloseTo(9.5 / Math.sqrt(50.0 * 16 / 12), within(1e-12));
            // without it R's documented p: 1 - Phi(10 / 8.1650) = 0.1103
            assertThat(1 - StandardNormal.cdf(10 / Math.sqrt(50.0 * 16 / 12))).isCloseTo(0.1103, within(0.00005));
        }

        @Test
        @DisplayName("counts a tie as half a win and shrinks the variance by the tie correction")
        void ties() {
            double[] canary = {1, 2, 2, 3, 5};
            double[] control = {2, 3, 3, 4};
            MannWhitneyTest test = MannWhitneyTest.of(canary, control);
            // pairs the canary wins: 1 -> 0; each 2 -> 0.5 (ties the 2); 3 -> 1 + 0.5 + 0.5; 5 -> 4: U = 7
            assertThat(test.u()).isEqualTo(7.0);
            // ties, so normal: N = 9 values, groups of three 2s and three 3s, sum(t^3 - t) = 48;
            // var = 5·4/12 · (N + 1 - 48/(N(N - 1))) = 5/3 · (10 - 48/72) = 15.5556; z = (7 - 10 + 0.5) / 3.9441 = -0.6339
            assertThat(test.exact()).isFalse();
            double sigma = Math.sqrt(20.0 / 12 * (10 - 48.0 / 72));
            assertThat(test.z()).isCloseTo(-2.5 / sigma, within(1e-12));
            assertThat(test.pValue()).isCloseTo(2 * StandardNormal.cdf(-2.5 / sigma), within(1e-12));
            assertThat(test.pValue()).isCloseTo(0.5262, within(0.0001));
        }

        @Test
        @DisplayName("uses the normal approximation from 50 values on: interleaved evens and odds, U = 1 + 2 + ... + 50 = 1275")
        void largeSamples() {
            double[] canary = new double[50];
            double[] control = new double[50];
            for (int i = 1; i <= 50; i++) {
                canary[i - 1] = 2 * i;
                control[i - 1] = 2 * i - 1;
            }
            MannWhitneyTest test = MannWhitneyTest.of(canary, control);
            // the canary's 2i beats the control's 1, 3, ..., 2i-1: i pairs
            assertThat(test.u()).isEqualTo(1275.0);
            assertThat(test.exact()).isFalse();
            // sigma = sqrt(50·50·101/12) = 145.0575; z = (1275 - 1250 - 0.5) / sigma = 0.16890; p = 0.86588
            assertThat(test.z()).isCloseTo(0.16890, within(0.00001));
            assertThat(test.pValue()).isCloseTo(0.86588, within(0.00001));
        }

        @Test
        @DisplayName("answers p = 1 when every value is equal")
        void allEqual() {
            MannWhitneyTest test = MannWhitneyTest.of(new double[] {3, 3, 3}, new double[] {3, 3});
            assertThat(test.u()).isEqualTo(3.0);
            assertThat(test.pValue()).isEqualTo(1.0);
        }
    }

    @Nested
    @DisplayName("the exact distribution")
    class Exact {

        @Test
        @DisplayName("counts the six orderings of two and two values: U = 0, 1, 2, 2, 3, 4")
        void twoByTwo() {
            WilcoxonDistribution d = WilcoxonDistribution.of(2, 2);
            assertThat(d.cdf(0)).isCloseTo(1 / 6.0, within(1e-15));
            assertThat(d.cdf(1)).isCloseTo(2 / 6.0, within(1e-15));
            assertThat(d.cdf(2)).isCloseTo(4 / 6.0, within(1e-15));
            assertThat(d.cdf(3)).isCloseTo(5 / 6.0, within(1e-15));
            assertThat(d.cdf(4)).isEqualTo(1.0);
            assertThat(d.quantile(0.2)).isEqualTo(1);
        }

        @Test
        @DisplayName("is symmetric about m·n/2 at the largest exact size")
        void symmetric() {
            WilcoxonDistribution d = WilcoxonDistribution.of(49, 49);
            for (int u = 0; u < 49 * 49; u += 97) {
                assertThat(d.cdf(u)).isCloseTo(1 - d.cdf(49 * 49 - u - 1), within(1e-12));
            }
        }
    }

    @Nested
    @DisplayName("the Hodges-Lehmann shift")
    class Shift {

        @Test
        @DisplayName("is the median of the 50 pairwise differences with R's exact 95% interval [d(9), d(42)] = [-0.15, 0.76]")
        void exactInterval() {
            HodgesLehmann shift = HodgesLehmann.of(X, Y, 0.95);
            // qwilcox(0.025, 10, 5) = 9: P(U <= 8) < 0.025 <= P(U <= 9); R: c(diffs[9], diffs[50 - 9 + 1])
            assertThat(WilcoxonDistribution.of(10, 5).quantile(0.025)).isEqualTo(9);
            assertThat(shift.exact()).isTrue();
            assertThat(shift.estimate()).isCloseTo(0.305, within(1e-12));
            assertThat(shift.lower()).isCloseTo(-0.15, within(1e-12));
            assertThat(shift.upper()).isCloseTo(0.76, within(1e-12));
        }

        @Test
        @DisplayName("takes the order statistic k = floor(m·n/2 - z·sigma) for large samples: interleaved evens and odds give [-11, 13] around 1")
        void normalInterval() {
            double[] canary = new double[50];
            double[] control = new double[50];
            for (int i = 1; i <= 50; i++) {
                canary[i - 1] = 2 * i;
                control[i - 1] = 2 * i - 1;
            }
            HodgesLehmann shift = HodgesLehmann.of(canary, control, 0.95);
            // k = floor(1250 - 1.959964 · 145.0575) = floor(965.69) = 965; the differences 2(i - j) + 1:
            // d(965) = -11 and d(2500 + 1 - 965) = 13, by counting the pairs per value of i - j
            assertThat(shift.exact()).isFalse();
            assertThat(shift.estimate()).isEqualTo(1.0);
            assertThat(shift.lower()).isEqualTo(-11.0);
            assertThat(shift.upper()).isEqualTo(13.0);
        }

        @Test
        @DisplayName("moves with the canary: adding 10 to every canary value adds 10 to the estimate and to both bounds")
        void equivariant() {
            double[] shifted = X.clone();
            for (int i = 0; i < shifted.length; i++) {
                shifted[i] += 10;
            }
            HodgesLehmann before = HodgesLehmann.of(X, Y, 0.95);
            HodgesLehmann after = HodgesLehmann.of(shifted, Y, 0.95);
            assertThat(after.estimate()).isCloseTo(before.estimate() + 10, within(1e-9));
            assertThat(after.lower()).isCloseTo(before.lower() + 10, within(1e-9));
            assertThat(after.upper()).isCloseTo(before.upper() + 10, within(1e-9));
        }
    }

    @Test
    @DisplayName("the normal quantile inverts the normal cdf: Phi^-1(0.975) = 1.959964, Phi^-1(0.99) = 2.326348")
    void normalQuantile() {
        assertThat(StandardNormal.quantile(0.975)).isCloseTo(1.959964, within(1e-6));
        assertThat(StandardNormal.quantile(0.99)).isCloseTo(2.326348, within(1e-6));
        assertThat(StandardNormal.quantile(0.001)).isCloseTo(-3.090232, within(1e-6));
        assertThat(StandardNormal.cdf(1.959964)).isCloseTo(0.975, within(1e-7));
    }
}
