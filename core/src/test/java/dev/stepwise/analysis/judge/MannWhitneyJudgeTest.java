package dev.stepwise.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.analysis.judge.DistributionDecision.Outcome;
import dev.stepwise.validation.InvalidConfigException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Mann-Whitney judge as a specification: per-metric classification, then the weighted score. */
@DisplayName("MannWhitneyJudge")
class MannWhitneyJudgeTest {

    private static final DistributionMetric LATENCY = DistributionMetric.of("latency", "q");
    private static final MannWhitneyJudge JUDGE = MannWhitneyJudge.of(List.of(LATENCY));

    /** 20 values 100, 101, ..., 119 plus {@code shift}. */
    private static double[] around(double shift) {
        double[] v = new double[20];
        for (int i = 0; i < v.length; i++) {
            v[i] = 100 + i + shift;
        }
        return v;
    }

    private static DistributionMetric metric(String name, HarmDirection direction, double weight, boolean critical) {
        return new DistributionMetric(name, "q", direction, new Tolerance.Absolute(5), weight, critical);
    }

    @Nested
    @DisplayName("one metric")
    class OneMetric {

        @Test
        @DisplayName("passes a canary shifted by less than the tolerance (10% of the control's median 109.5)")
        void withinTolerance() {
            MetricComparison c = JUDGE.compare(LATENCY, around(5), around(0));
            assertThat(c.classification()).isEqualTo(MetricClassification.PASS);
            assertThat(c.allowed()).isCloseTo(10.95, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(c.passing()).isTrue();
        }

        @Test
        @DisplayName("is High when the whole interval of the shift lies above the tolerated band")
        void high() {
            MetricComparison c = JUDGE.compare(LATENCY, around(40), around(0));
            assertThat(c.classification()).isEqualTo(MetricClassification.HIGH);
            assertThat(c.shift().orElseThrow().lower()).isGreaterThan(10.95);
            assertThat(c.harmful()).isTrue();
            assertThat(c.toString()).contains("latency HIGH (harmful)", "shift 40");
        }

        @Test
        @DisplayName("is Pass, not High, when the shift is significant but its interval reaches into the band")
        void significantButTolerated() {
            // the 98% interval of a shift of 8 on these samples is about [3, 13]: the test alone would reject
            MetricComparison c = JUDGE.compare(LATENCY, around(8), around(0));
            assertThat(c.test().orElseThrow().pValue()).isLessThan(0.05);
            assertThat(c.classification()).isEqualTo(MetricClassification.PASS);
        }

        @Test
        @DisplayName("reports a fall as Low, which passes when only an increase harms and fails when either does")
        void directions() {
            MetricComparison increase = JUDGE.compare(LATENCY, around(-40), around(0));
            assertThat(increase.classification()).isEqualTo(MetricClassification.LOW);
            assertThat(increase.harmful()).isFalse();
            assertThat(increase.passing()).isTrue();
            MetricComparison either = JUDGE.compare(metric("l", HarmDirection.EITHER, 1, false), around(-40), around(0));
            assertThat(either.harmful()).isTrue();
            MetricComparison decrease = JUDGE.compare(metric("l", HarmDirection.DECREASE, 1, false), around(40), around(0));
            assertThat(decrease.classification()).isEqualTo(MetricClassification.HIGH);
            assertThat(decrease.harmful()).isFalse();
        }

        @Test
        @DisplayName("drops NaN and infinite samples and counts them")
        void nonFinite() {
            double[] canary = new double[23];
            System.arraycopy(around(40), 0, canary, 0, 20);
            canary[20] = Double.NaN;
            canary[21] = Double.POSITIVE_INFINITY;
            canary[22] = Double.NEGATIVE_INFINITY;
            MetricComparison c = JUDGE.compare(LATENCY, canary, around(0));
            assertThat(c.canary().size()).isEqualTo(20);
            assertThat(c.canary().nonFinite()).isEqualTo(3);
            assertThat(c.classification()).isEqualTo(MetricClassification.HIGH);
            assertThat(c.toString()).contains("3 NaN/infinite dropped");
        }

        @Test
        @DisplayName("answers NoData, never Pass, with fewer than minSamples finite samples on either track")
        void tooFew() {
            double[] nine = {1, 2, 3, 4, 5, 6, 7, 8, 9};
            double[] nanPadded = {1, 2, 3, 4, 5, 6, 7, 8, 9, Double.NaN, Double.NaN};
            assertThat(JUDGE.compare(LATENCY, nine, around(0)).classification()).isEqualTo(MetricClassification.NO_DATA);
            assertThat(JUDGE.compare(LATENCY, around(0), nanPadded).classification()).isEqualTo(MetricClassification.NO_DATA);
            assertThat(JUDGE.compare(LATENCY, new double[0], new double[0]).passing()).isFalse();
        }

        @Test
        @DisplayName("drops samples beyond k·IQR of their own track only when outlier handling is on")
        void outliers() {
            double[] canary = around(0);
            canary[0] = 1_000_000;
            MannWhitneyJudge dropping = new MannWhitneyJudge(0.98, 10, 95, 75, new OutlierFilter(3), List.of(LATENCY));
            MetricComparison dropped = dropping.compare(LATENCY, canary, around(0));
            assertThat(dropped.canary().outliers()).isEqualTo(1);
            assertThat(dropped.canary().size()).isEqualTo(19);
            assertThat(JUDGE.compare(LATENCY, canary, around(0)).canary().outliers()).isZero();
        }
    }

    @Nested
    @DisplayName("the score")
    class Score {

        private final DistributionMetric a = metric("a", HarmDirection.INCREASE, 3, false);
        private final DistributionMetric b = metric("b", HarmDirection.INCREASE, 1, false);
        private final MannWhitneyJudge judge = MannWhitneyJudge.of(List.of(a, b));

        @Test
        @DisplayName("passes at 100 when every metric passes")
        void allPass() {
            DistributionDecision d = judge.decide(List.of(judge.compare(a, around(0), around(0)),
                    judge.compare(b, around(0), around(0))));
            assertThat(d.outcome()).isEqualTo(Outcome.PASS);
            assertThat(d.score()).isEqualTo(100.0);
        }

        @Test
        @DisplayName("is the passing weights over all weights: 3 of 4 is 75, marginal at the default thresholds (95, 75)")
        void marginal() {
            DistributionDecision d = judge.decide(List.of(judge.compare(a, around(0), around(0)),
                    judge.compare(b, around(40), around(0))));
            assertThat(d.score()).isEqualTo(75.0);
            assertThat(d.outcome()).isEqualTo(Outcome.MARGINAL);
            assertThat(d.critical()).isFalse();
            assertThat(d.reason()).contains("not passing: b HIGH");
        }

        @Test
        @DisplayName("fails below the marginal score: 1 of 4 is 25")
        void fail() {
            DistributionDecision d = judge.decide(List.of(judge.compare(a, around(40), around(0)),
                    judge.compare(b, around(0), around(0))));
            assertThat(d.score()).isEqualTo(25.0);
            assertThat(d.outcome()).isEqualTo(Outcome.FAIL);
        }

        @Test
        @DisplayName("fails on a harmed critical metric whatever the score, as a critical verdict")
        void critical() {
            DistributionMetric light = metric("light", HarmDirection.INCREASE, 1, true);
            DistributionMetric heavy = metric("heavy", HarmDirection.INCREASE, 99, false);
            MannWhitneyJudge j = MannWhitneyJudge.of(List.of(light, heavy));
            DistributionDecision d = j.decide(List.of(j.compare(light, around(40), around(0)),
                    j.compare(heavy, around(0), around(0))));
            assertThat(d.score()).isEqualTo(99.0);
            assertThat(d.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(d.critical()).isTrue();
            assertThat(d.reason()).startsWith("critical metric harmed (light HIGH)");
        }

        @Test
        @DisplayName("counts a metric without data as not passing, and answers NoData when no metric or a critical one has none")
        void noData() {
            DistributionDecision partly = judge.decide(List.of(judge.compare(a, around(0), around(0)),
                    judge.compare(b, new double[0], around(0))));
            assertThat(partly.score()).isEqualTo(75.0);
            assertThat(partly.outcome()).isEqualTo(Outcome.MARGINAL);
            DistributionDecision none = judge.decide(List.of(judge.compare(a, new double[0], around(0)),
                    judge.compare(b, new double[0], around(0))));
            assertThat(none.outcome()).isEqualTo(Outcome.NO_DATA);
            assertThat(none.reason()).contains("never evidence of health");
            DistributionMetric critical = metric("c", HarmDirection.INCREASE, 1, true);
            MannWhitneyJudge j = MannWhitneyJudge.of(List.of(a, critical));
            assertThat(j.decide(List.of(j.compare(a, around(0), around(0)), j.compare(critical, new double[0], around(0))))
                    .outcome()).isEqualTo(Outcome.NO_DATA);
        }
    }

    @Test
    @DisplayName("refuses a configuration out of range, naming every field")
    void validation() {
        assertThatThrownBy(() -> new MannWhitneyJudge(0.3, 2, 101, 50, OutlierFilter.NONE, List.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("confidence").hasMessageContaining("minSamples")
                .hasMessageContaining("passScore").hasMessageContaining("metrics");
        assertThatThrownBy(() -> new MannWhitneyJudge(0.98, 10, 80, 90, OutlierFilter.NONE, List.of(LATENCY)))
                .hasMessageContaining("marginalScore");
        assertThatThrownBy(() -> new DistributionMetric("x", "q", HarmDirection.INCREASE, Tolerance.ofDefaults(), 0, false))
                .hasMessageContaining("weight");
        assertThatThrownBy(() -> MannWhitneyJudge.of(List.of(LATENCY, LATENCY))).hasMessageContaining("metrics[1].name");
    }
}
