package dev.stepwise.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.strategy.ABTestStrategy;
import dev.stepwise.strategy.BlueGreenStrategy;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.strategy.RollingStrategy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.validation.InvalidValueException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Router capabilities checked against a strategy's traffic needs")
class RouterCapabilitiesTest {

    static final RouterCapabilities ALL = RouterCapabilities.all();
    static final RouterCapabilities NO_WEIGHTS = new RouterCapabilities(false, true, true, 1);
    static final RouterCapabilities NO_HEADER_MATCH = new RouterCapabilities(true, false, true, 1);
    static final RouterCapabilities NO_MIRROR = new RouterCapabilities(true, true, false, 1);
    static final RouterCapabilities STEPS_OF_5 = new RouterCapabilities(true, true, true, 5);
    static final RouterCapabilities STEPS_OF_10 = new RouterCapabilities(true, true, true, 10);
    static final RouterCapabilities STEPS_OF_30 = new RouterCapabilities(true, true, true, 30);
    static final RouterCapabilities NOTHING = new RouterCapabilities(false, false, false, 1);

    static ABTestStrategy abTest() {
        return ABTestStrategy.builder().match(MatchCondition.header("x-canary", MatchCondition.Operator.EXACT, "insider")).build();
    }

    /** A user's strategy that does not declare its needs. */
    static final Strategy CUSTOM = new Strategy() {
        @Override
        public StrategyKind kind() {
            return StrategyKind.CUSTOM;
        }

        @Override
        public AnalysisPolicy analysis() {
            return AnalysisPolicy.ofDefaults();
        }

        @Override
        public Transition step(RolloutState state, Observation observation) {
            throw new UnsupportedOperationException("never stepped here");
        }

        @Override
        public int stepsToSuccess() {
            return 1;
        }
    };

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("canary stepWeights off the granularity",
                        CanaryStrategy.builder().stepWeights(12, 30, 60).build(), STEPS_OF_5,
                        List.of("router routes weights in steps of 5%, but the canary strategy writes 12% (stepWeights[0]); also 88%")),
                Arguments.of("canary stepWeight on a router without weights",
                        CanaryStrategy.ofDefaults(), NO_WEIGHTS,
                        List.of("router cannot route by percent weights, but the canary strategy writes 10% (stepWeight);"
                                + " also 20%, 30%, 40%, 50%, 60% and 3 more")),
                Arguments.of("canary maxWeight off the granularity",
                        CanaryStrategy.builder().stepWeight(20).maxWeight(55).build(), STEPS_OF_10,
                        List.of("router routes weights in steps of 10%, but the canary strategy writes 55% (maxWeight); also 45%")),
                Arguments.of("canary route back in stepWeightPromotion steps off the granularity",
                        CanaryStrategy.builder().stepWeights(20, 40).stepWeightPromotion(15).build(), STEPS_OF_10,
                        List.of("router routes weights in steps of 10%, but the canary strategy writes 25%"
                                + " (stepWeightPromotion, on the way back from 40%); also 5%, 75%, 95%")),
                Arguments.of("canary baseline weights off the granularity",
                        CanaryStrategy.builder().baseline(true).stepWeight(15).maxWeight(45).build(), STEPS_OF_10,
                        List.of("router routes weights in steps of 10%, but the canary strategy writes 15% (stepWeight); also 45%")),
                Arguments.of("canary mirror on a router without mirroring",
                        CanaryStrategy.builder().mirror(true).build(), NO_MIRROR,
                        List.of("router cannot mirror traffic, but the canary strategy mirrors 100% of stable traffic"
                                + " to the canary before the first shift (mirror: true)")),
                Arguments.of("canary with a mirror and weights on a router with neither",
                        CanaryStrategy.builder().stepWeights(50).mirror(true).mirrorWeight(20).build(), NOTHING,
                        List.of("router cannot route by percent weights, but the canary strategy writes 50% (stepWeights[0])",
                                "router cannot mirror traffic, but the canary strategy mirrors 20% of stable traffic"
                                        + " to the canary before the first shift (mirror: true)")),
                Arguments.of("canary without a mirror on a router without mirroring", CanaryStrategy.ofDefaults(), NO_MIRROR, List.of()),
                Arguments.of("canary on multiples of the granularity", CanaryStrategy.builder().stepWeight(5).build(), STEPS_OF_5, List.of()),
                Arguments.of("blue/green mirror on a router without mirroring",
                        BlueGreenStrategy.builder().mirror(true).build(), NO_MIRROR,
                        List.of("router cannot mirror traffic, but the blue/green strategy mirrors 100% of stable traffic"
                                + " to the canary during the preview (mirror: true)")),
                Arguments.of("blue/green's all-at-once switch needs no percent weights", BlueGreenStrategy.ofDefaults(), NO_WEIGHTS, List.of()),
                Arguments.of("blue/green on a granularity 100 is not a multiple of",
                        BlueGreenStrategy.ofDefaults(), STEPS_OF_30,
                        List.of("router routes weights in steps of 30%, but the blue/green strategy writes 100% (all traffic on one track)")),
                Arguments.of("A/B test on a router without header matches",
                        abTest(), NO_HEADER_MATCH,
                        List.of("router cannot match requests by header or cookie, but the A/B test strategy routes requests"
                                + " matching header x-canary exact \"insider\" to the canary during the test (matches)")),
                Arguments.of("A/B test needs neither weights nor a mirror", abTest(), new RouterCapabilities(false, true, false, 1), List.of()),
                Arguments.of("rolling batches on a router without weights",
                        RollingStrategy.ofDefaults(), NO_WEIGHTS,
                        List.of("router cannot route by percent weights, but the rolling strategy writes 25% (batches[0]); also 50%, 75%")),
                Arguments.of("rolling batches and sub-steps off the granularity",
                        RollingStrategy.builder().batches(33, 100).build(), STEPS_OF_5,
                        List.of("router routes weights in steps of 5%, but the rolling strategy writes 33% (batches[0]);"
                                + " also 8%, 17%, 42%, 58%, 67% and 2 more")),
                Arguments.of("rolling sub-steps off the granularity",
                        RollingStrategy.builder().batches(50, 100).maxSurge(15).build(), STEPS_OF_10,
                        List.of("router routes weights in steps of 10%, but the rolling strategy writes 15%"
                                + " (maxSurge + maxUnavailable, on the way to batches[0]); also 5%, 25%, 35%, 45%, 55% and 4 more")),
                Arguments.of("a strategy not declaring its needs on a router without weights", CUSTOM, NO_WEIGHTS, List.of()),
                Arguments.of("a strategy not declaring its needs on a granularity 100 is not a multiple of", CUSTOM, STEPS_OF_30,
                        List.of("router routes weights in steps of 30%, but the custom strategy writes 100% (all traffic on one track)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gives_one_reason_per_capability_lacking_naming_what_in_the_strategy_needs_it(
            String name, Strategy strategy, RouterCapabilities capabilities, List<String> reasons) {
        assertThat(capabilities.check(strategy.trafficNeeds())).containsExactlyElementsOf(reasons);
    }

    static Stream<Strategy> builtIns() {
        return Stream.of(CanaryStrategy.builder().stepWeights(7, 33).mirror(true).stepWeightPromotion(9).build(),
                CanaryStrategy.builder().baseline(true).stepWeight(13).build(), BlueGreenStrategy.builder().mirror(true).build(),
                abTest(), RollingStrategy.builder().batches(11, 100).maxSurge(7).maxUnavailable(3).build(), CUSTOM);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("builtIns")
    void a_router_with_every_capability_serves_every_strategy(Strategy strategy) {
        assertThat(ALL.check(strategy.trafficNeeds())).isEmpty();
    }

    @Test
    void a_granularity_outside_1_to_100_is_rejected() {
        assertThatThrownBy(() -> new RouterCapabilities(true, true, true, 0)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("weightGranularity");
    }
}
