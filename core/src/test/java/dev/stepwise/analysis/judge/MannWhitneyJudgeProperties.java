package dev.stepwise.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The judge's error rates as properties over bounded, seeded samples: lognormal latencies (median
 * 100 ms, a heavy right tail), 30 samples a track, default judge (98% confidence, 10% tolerance).
 */
class MannWhitneyJudgeProperties {

    private static final DistributionMetric LATENCY = DistributionMetric.of("latency", "q");
    private static final MannWhitneyJudge JUDGE = MannWhitneyJudge.of(List.of(LATENCY));
    private static final int SEEDS = 400;

    private static double[] lognormal(SplittableRandom random, int size, double median) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = median * Math.exp(0.5 * gaussian(random));
        }
        return v;
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian before Java 17's RandomGenerator default
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    @Property(tries = 20)
    void aCanaryFromTheControlsDistributionPassesInAtLeastOneMinusAlphaOfSeeds(
            @ForAll @LongRange(min = 0, max = 1_000_000) long base) {
        int passed = 0;
        for (int seed = 0; seed < SEEDS; seed++) {
            SplittableRandom random = new SplittableRandom(base + seed);
            MetricComparison c = JUDGE.compare(LATENCY, lognormal(random, 30, 100), lognormal(random, 30, 100));
            passed += JUDGE.decide(List.of(c)).outcome() == DistributionDecision.Outcome.PASS ? 1 : 0;
        }
        assertThat(passed / (double) SEEDS).isGreaterThanOrEqualTo(JUDGE.confidence());
    }

    @Property(tries = 20)
    void aCanaryShiftedFarBeyondTheToleranceInTheHarmfulDirectionIsHigh(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        // twice the latency: a shift of about 100 ms against 10 ms tolerated
        MetricComparison c = JUDGE.compare(LATENCY, lognormal(random, 30, 200), lognormal(random, 30, 100));
        assertThat(c.classification()).isEqualTo(MetricClassification.HIGH);
        assertThat(JUDGE.decide(List.of(c)).outcome()).isEqualTo(DistributionDecision.Outcome.FAIL);
    }
}
