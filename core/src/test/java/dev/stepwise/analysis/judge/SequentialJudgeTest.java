package dev.stepwise.analysis.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.analysis.judge.SequentialDecision.Outcome;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.InvalidValueException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The sequential judge as a specification. The error probabilities are checked over many seeded
 * simulated rollouts (deterministic: the same seeds every run), with the canary's share of the
 * traffic changing at every look.
 */
@DisplayName("SequentialJudge")
class SequentialJudgeTest {

    private static final SequentialJudge JUDGE = SequentialJudge.ofDefaults();
    private static final int SEEDS = 2_000;

    @Nested
    @DisplayName("error probabilities, whenever it is read")
    class ErrorProbabilities {

        @Test
        @DisplayName("rolls back a canary as good as the control in at most alpha of rollouts, over 60 looks at changing splits")
        void falseRollbacks() {
            int harmful = 0;
            for (int seed = 0; seed < SEEDS; seed++) {
                if (run(JUDGE, seed, 0.005, 0.005, 60, true) == Outcome.HARMFUL) {
                    harmful++;
                }
            }
            assertThat(harmful / (double) SEEDS).isLessThanOrEqualTo(JUDGE.alpha());
        }

        @Test
        @DisplayName("passes a canary at twice the control's error rate in at most beta of rollouts")
        void harmfulPassed() {
            int passed = 0;
            for (int seed = 0; seed < SEEDS; seed++) {
                if (run(JUDGE, seed, 0.005, 0.010, 60, true) == Outcome.NOT_HARMFUL) {
                    passed++;
                }
            }
            assertThat(passed / (double) SEEDS).isLessThanOrEqualTo(JUDGE.beta());
        }

        @Test
        @DisplayName("rolls back a canary at ten times the control's error rate within a few dozen canary requests on average")
        void catchesABadCanaryEarly() {
            long canaryRequests = 0;
            int caught = 0;
            for (int seed = 0; seed < SEEDS; seed++) {
                SplittableRandom random = new SplittableRandom(seed);
                SequentialEvidence evidence = SequentialEvidence.NONE;
                for (int look = 0; look < 600; look++) {
                    // one look per second at 100 requests/s, 10% to the canary
                    evidence = JUDGE.update(evidence, counts(random, 10, 0.05), counts(random, 90, 0.005));
                    if (JUDGE.decide(evidence).outcome() == Outcome.HARMFUL) {
                        caught++;
                        canaryRequests += evidence.canary().requests();
                        break;
                    }
                }
            }
            assertThat(caught).isEqualTo(SEEDS);
            // Wald's floor for the same errors (one-sample SPRT at 5% vs 0.5%) is 37 requests; the
            // two-sample test must also learn the control's rate, so it needs a few times more.
            assertThat(canaryRequests / (double) caught).isBetween(37.0, 300.0);
        }

        @Test
        @DisplayName("passes a good canary once enough bad requests have been seen")
        void passesAGoodCanary() {
            int passed = 0;
            for (int seed = 0; seed < 200; seed++) {
                if (run(JUDGE, seed, 0.02, 0.02, 120, false) == Outcome.NOT_HARMFUL) {
                    passed++;
                }
            }
            assertThat(passed).isGreaterThan(190);
        }
    }

    @Nested
    @DisplayName("little or no evidence")
    class LittleEvidence {

        @Test
        @DisplayName("keeps collecting while neither track has a bad request: missing evidence is never health")
        void noBadRequests() {
            SequentialEvidence evidence = SequentialEvidence.NONE;
            for (int look = 0; look < 100; look++) {
                evidence = JUDGE.update(evidence, new TrackCounts(1_000, 0), new TrackCounts(1_000, 0));
            }
            SequentialDecision decision = JUDGE.decide(evidence);
            assertThat(decision.outcome()).isEqualTo(Outcome.KEEP_COLLECTING);
            assertThat(decision.statistic()).isZero();
            assertThat(evidence.canary()).isEqualTo(new TrackCounts(100_000, 0));
        }

        @Test
        @DisplayName("with a points effect, passes a canary with no bad request after ln(1/beta)/points requests, not before")
        void cleanCanaryWithPoints() {
            SequentialJudge judge = SequentialJudge.builder().effect(new HarmfulEffect.Points(0.5)).build();
            // ln(20) / 0.005 = 599.1
            SequentialEvidence almost = judge.update(SequentialEvidence.NONE, new TrackCounts(599, 0), new TrackCounts(5_000, 3));
            assertThat(judge.decide(almost).outcome()).isEqualTo(Outcome.KEEP_COLLECTING);
            SequentialEvidence enough = judge.update(almost, new TrackCounts(1, 0), new TrackCounts(10, 0));
            assertThat(judge.decide(enough).outcome()).isEqualTo(Outcome.NOT_HARMFUL);
        }

        @Test
        @DisplayName("never passes before the minimum canary requests, but rolls back at any size")
        void minimumRequests() {
            SequentialJudge judge = SequentialJudge.builder().minimumRequests(1_000).build();
            SequentialEvidence good = judge.update(SequentialEvidence.NONE, new TrackCounts(500, 0), new TrackCounts(500, 60));
            assertThat(judge.decide(good).statistic()).isLessThan(judge.harmlessBound());
            assertThat(judge.decide(good).outcome()).isEqualTo(Outcome.KEEP_COLLECTING);
            assertThat(judge.decide(good).reason()).startsWith("500 of 1000 canary requests");
            SequentialEvidence bad = judge.update(SequentialEvidence.NONE, new TrackCounts(50, 20), new TrackCounts(500, 1));
            assertThat(judge.decide(bad).outcome()).isEqualTo(Outcome.HARMFUL);
        }

        @Test
        @DisplayName("learns nothing from a look with no traffic on a track, but keeps the counts")
        void oneSidedLook() {
            SequentialEvidence evidence = JUDGE.update(SequentialEvidence.NONE, new TrackCounts(100, 5), TrackCounts.NONE);
            assertThat(evidence.logLikelihoodRatio()).isZero();
            assertThat(evidence.canary()).isEqualTo(new TrackCounts(100, 5));
            assertThat(evidence.looks()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("as data")
    class AsData {

        @Test
        @DisplayName("is pure: the same looks give the same evidence, in whatever order the looks are summed")
        void pure() {
            SequentialEvidence a = JUDGE.update(JUDGE.update(SequentialEvidence.NONE, new TrackCounts(100, 3), new TrackCounts(900, 4)),
                    new TrackCounts(300, 2), new TrackCounts(700, 6));
            SequentialEvidence b = JUDGE.update(JUDGE.update(SequentialEvidence.NONE, new TrackCounts(100, 3), new TrackCounts(900, 4)),
                    new TrackCounts(300, 2), new TrackCounts(700, 6));
            assertThat(a).isEqualTo(b);
            assertThat(JUDGE.decide(a)).isEqualTo(JUDGE.decide(b));
        }

        @Test
        @DisplayName("says in its decision what it compared, with both rates")
        void readableDecision() {
            SequentialEvidence evidence = JUDGE.update(SequentialEvidence.NONE, new TrackCounts(100, 30), new TrackCounts(900, 4));
            SequentialDecision decision = JUDGE.decide(evidence);
            assertThat(decision.outcome()).isEqualTo(Outcome.HARMFUL);
            assertThat(decision.toString()).contains("HARMFUL", "log LR", "canary 30/100 bad (30.000%)",
                    "control 4/900 bad (0.444%)", "x2.00");
        }

        @Test
        @DisplayName("refuses settings out of range, naming each field and its range")
        void validation() {
            assertThatThrownBy(() -> SequentialJudge.builder().alpha(0.5).beta(0).minimumRequests(-1).build())
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("alpha").hasMessageContaining("between 0.0001 and 0.2")
                    .hasMessageContaining("beta").hasMessageContaining("between 0.0001 and 0.5")
                    .hasMessageContaining("minimumRequests");
            assertThatThrownBy(() -> new HarmfulEffect.Ratio(1.0)).isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("ratio: 1.0 must be greater than 1");
            assertThatThrownBy(() -> new HarmfulEffect.Points(0)).isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("points");
            assertThatThrownBy(() -> new TrackCounts(10, 11)).isInstanceOf(InvalidValueException.class)
                    .hasMessageContaining("bad: 11 must be between 0 and requests (10)");
        }
    }

    /**
     * One simulated rollout read at every look (one look per 10 s at 100 requests/s): the final
     * outcome when it stops at the first HARMFUL or NOT_HARMFUL, else KEEP_COLLECTING. With
     * {@code varySplit}, the canary's share is drawn anew at each look between 5% and 50%.
     */
    private static Outcome run(SequentialJudge judge, int seed, double controlRate, double canaryRate, int looks,
                               boolean varySplit) {
        SplittableRandom random = new SplittableRandom(seed);
        SequentialEvidence evidence = SequentialEvidence.NONE;
        for (int look = 0; look < looks; look++) {
            double share = varySplit ? 0.05 + 0.45 * random.nextDouble() : 0.5;
            evidence = judge.update(evidence, counts(random, 1_000 * share, canaryRate),
                    counts(random, 1_000 * (1 - share), controlRate));
            Outcome outcome = judge.decide(evidence).outcome();
            if (outcome != Outcome.KEEP_COLLECTING) {
                return outcome;
            }
        }
        return Outcome.KEEP_COLLECTING;
    }

    /** Poisson arrivals with mean {@code meanRequests}, bad ones at {@code rate}. */
    private static TrackCounts counts(SplittableRandom random, double meanRequests, double rate) {
        long requests = poisson(random, meanRequests);
        // bad requests: Poisson thinning of the arrivals (rates here are small), never more than the requests
        return new TrackCounts(requests, Math.min(requests, poisson(random, requests * rate)));
    }

    private static long poisson(SplittableRandom random, double mean) {
        if (mean < 30) {
            double limit = Math.exp(-mean);
            long k = 0;
            double p = random.nextDouble();
            while (p > limit) {
                k++;
                p *= random.nextDouble();
            }
            return k;
        }
        // large means: a normal approximation, never negative
        return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(random)));
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
