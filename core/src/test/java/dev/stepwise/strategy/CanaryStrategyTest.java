package dev.stepwise.strategy;

import static dev.stepwise.strategy.Drive.fail;
import static dev.stepwise.strategy.Drive.noData;
import static dev.stepwise.strategy.Drive.pass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.NoDataPolicy;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidConfigException;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Canary strategy")
class CanaryStrategyTest {

    static AnalysisPolicy.Builder policy() {
        return AnalysisPolicy.builder().metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)));
    }

    static CanaryStrategyBuilder canary() {
        return CanaryStrategy.builder().analysis(policy().build());
    }

    @Nested
    @DisplayName("a healthy rollout")
    class Healthy {

        static Stream<Arguments> specs() {
            return Stream.of(
                    Arguments.of("stepWeight 10, maxWeight 50 moves like Flagger in 9 steps",
                            canary().stepWeight(10).maxWeight(50).build(),
                            List.of(0, 10, 20, 30, 40, 50, 50, 0, 0)),
                    Arguments.of("explicit stepWeights are taken in order",
                            canary().stepWeights(5, 10, 20, 50).build(),
                            List.of(0, 5, 10, 20, 50, 50, 0, 0)),
                    Arguments.of("a step that would pass maxWeight stops at maxWeight",
                            canary().stepWeight(20).maxWeight(50).build(),
                            List.of(0, 20, 40, 50, 50, 0, 0)),
                    Arguments.of("stepWeightPromotion routes back to stable gradually",
                            canary().stepWeight(25).maxWeight(50).stepWeightPromotion(20).build(),
                            List.of(0, 25, 50, 50, 30, 10, 0, 0)),
                    Arguments.of("one weight of 100 switches in one step",
                            canary().stepWeights(100).build(),
                            List.of(0, 100, 100, 0, 0)),
                    Arguments.of("defaults go up to 100 in steps of 10",
                            canary().build(),
                            List.of(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 100, 0, 0)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("specs")
        void moves_through_the_expected_canary_weights_and_succeeds(String name, CanaryStrategy strategy, List<Integer> weights) {
            Drive drive = new Drive(strategy).untilTerminal(i -> pass(), 100);

            assertThat(drive.canaryWeights()).containsExactlyElementsOf(weights);
            assertThat(drive.state().phase()).isEqualTo(Phase.SUCCEEDED);
            assertThat(drive.transitions()).hasSize(strategy.stepsToSuccess());
            assertThat(drive.state().split()).isEqualTo(TrafficSplit.allStable());
        }

        @Test
        void decides_start_advance_promote_finalize_succeed_in_that_order() {
            Drive drive = new Drive(canary().stepWeight(10).maxWeight(50).build()).untilTerminal(i -> pass(), 100);

            assertThat(drive.decisions()).containsExactly("start", "advance", "advance", "advance", "advance",
                    "advance", "promote", "finalize", "succeed");
        }

        @Test
        void copies_the_canary_template_to_stable_once_and_scales_the_canary_down_at_the_end() {
            Drive drive = new Drive(canary().stepWeight(50).build()).untilTerminal(i -> pass(), 100);
            List<Action> actions = drive.transitions().stream().flatMap(t -> t.actions().stream()).toList();

            assertThat(actions).filteredOn(a -> a instanceof Action.PromoteCanary).containsExactly(new Action.PromoteCanary("v2"));
            assertThat(actions.get(0)).isEqualTo(new Action.ScaleTrack(Track.CANARY, 100));
            assertThat(drive.last().actions()).contains(new Action.ScaleTrack(Track.CANARY, 0));
        }

        @Test
        void mirrors_for_one_analysis_before_the_first_shift() {
            Drive drive = new Drive(canary().stepWeight(25).maxWeight(50).mirror(true).mirrorWeight(60).build())
                    .untilTerminal(i -> pass(), 100);

            assertThat(drive.splits()).containsExactly(
                    TrafficSplit.allStable(),
                    TrafficSplit.allStable().withMirror(60),
                    TrafficSplit.canary(25),
                    TrafficSplit.canary(50),
                    TrafficSplit.canary(50),
                    TrafficSplit.allStable(),
                    TrafficSplit.allStable());
            assertThat(drive.transitions().get(1).next().analysis()).as("the mirror step is analysed").isTrue();
        }

        @Test
        void gives_the_baseline_the_canary_weight_and_scales_it_with_the_canary() {
            Drive drive = new Drive(canary().stepWeight(20).maxWeight(40).baseline(true).build())
                    .untilTerminal(i -> pass(), 100);

            assertThat(drive.splits()).contains(TrafficSplit.canaryWithBaseline(20), TrafficSplit.canaryWithBaseline(40));
            assertThat(drive.transitions().get(0).actions()).contains(new Action.ScaleTrack(Track.BASELINE, 100));
            assertThat(drive.last().actions()).contains(new Action.ScaleTrack(Track.BASELINE, 0));
        }
    }

    @Nested
    @DisplayName("a failing rollout")
    class Failing {

        @ParameterizedTest(name = "threshold {0} rolls back at the {0}th failed analysis")
        @MethodSource("dev.stepwise.strategy.CanaryStrategyTest#thresholds")
        void rolls_back_when_failed_analyses_reach_the_threshold(int threshold) {
            Drive drive = new Drive(canary().stepWeight(10).analysis(policy().threshold(threshold).build()).build())
                    .untilTerminal(i -> fail(), 100);

            assertThat(drive.state().phase()).isEqualTo(Phase.ROLLED_BACK);
            assertThat(drive.transitions()).filteredOn(t -> t.analysis() == AnalysisOutcome.FAIL).hasSize(threshold);
            assertThat(drive.last().decision()).isEqualTo(Decision.ROLL_BACK);
            assertThat(drive.last().actions()).startsWith(new Action.SetTraffic(TrafficSplit.allStable()),
                    new Action.ScaleTrack(Track.CANARY, 0));
            assertThat(drive.state().split().canary()).isZero();
        }

        @Test
        void holds_the_weight_after_a_failure_below_the_threshold() {
            Drive drive = new Drive(canary().stepWeight(10).analysis(policy().threshold(3).build()).build());
            drive.untilTerminal(i -> i == 1 ? fail() : pass(), 4);

            assertThat(drive.canaryWeights()).containsExactly(0, 10, 20, 20);
            assertThat(drive.decisions()).containsExactly("start", "advance", "advance", "hold");
            assertThat(drive.state().failedAnalyses()).isEqualTo(1);
        }

        @Test
        void counts_failures_over_the_whole_rollout_as_flagger_does() {
            Drive drive = new Drive(canary().stepWeight(10).analysis(policy().threshold(2).build()).build())
                    .untilTerminal(i -> i == 0 || i == 3 ? fail() : pass(), 100);

            assertThat(drive.state().phase()).isEqualTo(Phase.ROLLED_BACK);
            assertThat(drive.state().failedAnalyses()).isEqualTo(2);
        }

        @Test
        void a_successful_pre_rollout_hook_lets_the_first_shift_happen() {
            CanaryStrategy strategy = canary().stepWeight(10).analysis(policy()
                    .webhook(Webhook.of("smoke", HookType.PRE_ROLLOUT, "http://tester/smoke")).build()).build();
            Drive drive = new Drive(strategy);
            drive.step(drive.next());

            Transition shifted = drive.stepExactly(drive.next().hookResult(HookResult.succeeded(HookType.PRE_ROLLOUT)).build());

            assertThat(shifted.decision()).isEqualTo(Decision.ADVANCE);
            assertThat(shifted.state().split().canary()).isEqualTo(10);
        }

        @Test
        void a_pre_rollout_hook_that_never_answered_is_not_a_pass() {
            CanaryStrategy strategy = canary().analysis(policy().threshold(3)
                    .webhook(Webhook.of("smoke", HookType.PRE_ROLLOUT, "http://tester/smoke")).build()).build();
            Drive drive = new Drive(strategy);
            drive.step(drive.next());

            Transition held = drive.stepExactly(drive.next().build());

            assertThat(held.decision()).isEqualTo(Decision.HOLD);
            assertThat(held.reason()).contains("pre-rollout webhook result missing");
        }

        @Test
        void a_failed_pre_rollout_hook_counts_as_a_failed_analysis_and_is_retried() {
            CanaryStrategy strategy = canary().analysis(policy().threshold(2)
                    .webhook(Webhook.of("smoke", HookType.PRE_ROLLOUT, "http://tester/smoke")).build()).build();
            Drive drive = new Drive(strategy);
            Transition start = drive.step(drive.next());
            assertThat(start.actions()).contains(new Action.CallWebhook(HookType.PRE_ROLLOUT));

            Transition held = drive.stepExactly(drive.next().hookResult(HookResult.failed(HookType.PRE_ROLLOUT, "503")).build());
            assertThat(held.decision()).isEqualTo(Decision.HOLD);
            assertThat(held.actions()).contains(new Action.CallWebhook(HookType.PRE_ROLLOUT));
            assertThat(held.state().split().canary()).isZero();

            Transition rolledBack = drive.stepExactly(drive.next().hookResult(HookResult.failed(HookType.PRE_ROLLOUT, "503")).build());
            assertThat(rolledBack.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        }
    }

    static Stream<Integer> thresholds() {
        return Stream.of(1, 2, 5);
    }

    @Nested
    @DisplayName("missing data")
    class MissingData {

        @Test
        void is_held_for_hold_intervals_then_counted_as_failed() {
            CanaryStrategy strategy = canary().stepWeight(10)
                    .analysis(policy().threshold(1).noData(new NoDataPolicy(2)).build()).build();
            Drive drive = new Drive(strategy).untilTerminal(i -> noData(), 100);

            assertThat(drive.decisions()).containsExactly("start", "advance", "hold", "hold", "roll back");
            assertThat(drive.transitions()).extracting(Transition::analysis).containsExactly(AnalysisOutcome.NONE,
                    AnalysisOutcome.NONE, AnalysisOutcome.NO_DATA, AnalysisOutcome.NO_DATA, AnalysisOutcome.NO_DATA);
        }

        @Test
        void with_hold_zero_fails_at_once_as_flagger_does() {
            CanaryStrategy strategy = canary().analysis(policy().noData(NoDataPolicy.failImmediately()).build()).build();
            Drive drive = new Drive(strategy).untilTerminal(i -> noData(), 100);

            assertThat(drive.decisions()).containsExactly("start", "advance", "roll back");
        }

        @Test
        void a_verdict_missing_for_a_configured_metric_is_no_data_not_a_pass() {
            Drive drive = new Drive(canary().stepWeight(10).build()).untilTerminal(i -> List.of(), 4);

            assertThat(drive.canaryWeights()).containsExactly(0, 10, 10, 10);
            assertThat(drive.last().analysis()).isEqualTo(AnalysisOutcome.NO_DATA);
        }

        @Test
        void data_after_a_hold_resets_the_count() {
            CanaryStrategy strategy = canary().stepWeight(10).analysis(policy().noData(new NoDataPolicy(1)).build()).build();
            Drive drive = new Drive(strategy).untilTerminal(i -> i % 2 == 0 ? noData() : pass(), 100);

            assertThat(drive.state().phase()).isEqualTo(Phase.SUCCEEDED);
        }

        @Test
        void an_error_from_the_metric_source_is_treated_like_no_data() {
            Drive drive = new Drive(canary().build()).untilTerminal(
                    i -> List.of(dev.stepwise.analysis.Verdict.error("request-success-rate", "connection refused")), 3);

            assertThat(drive.last().analysis()).isEqualTo(AnalysisOutcome.NO_DATA);
            assertThat(drive.last().decision()).isEqualTo(Decision.HOLD);
        }
    }

    @Nested
    @DisplayName("building")
    class Building {

        static Stream<Arguments> invalid() {
            return Stream.of(
                    Arguments.of((UnaryOperator<CanaryStrategyBuilder>) b -> b.stepWeights(10, 50, 30),
                            List.of("stepWeights[2]: 30 must be greater than the previous step 50")),
                    Arguments.of((UnaryOperator<CanaryStrategyBuilder>) b -> b.stepWeight(0),
                            List.of("stepWeight: 0 must be between 1 and 100")),
                    Arguments.of((UnaryOperator<CanaryStrategyBuilder>) b -> b.stepWeight(10).maxWeight(120),
                            List.of("maxWeight: 120 must be between 1 and 100")),
                    Arguments.of((UnaryOperator<CanaryStrategyBuilder>) b -> b.stepWeight(60).maxWeight(50),
                            List.of("stepWeight: 60 must not exceed maxWeight 50")),
                    Arguments.of((UnaryOperator<CanaryStrategyBuilder>) b -> b.stepWeight(10).stepWeights(10, 20),
                            List.of("stepWeight: set either stepWeight or stepWeights, not both")),
                    Arguments.of((UnaryOperator<CanaryStrategyBuilder>) b -> b.stepWeights(List.of()),
                            List.of("stepWeights: must hold at least one weight")),
                    Arguments.of((UnaryOperator<CanaryStrategyBuilder>) b -> b.baseline(true).stepWeight(10).maxWeight(60),
                            List.of("maxWeight: 60 must be between 1 and 50 (with a baseline, canary and baseline each get that weight)")),
                    Arguments.of((UnaryOperator<CanaryStrategyBuilder>) b -> b.stepWeights(0, 20, 20, 101).stepWeightPromotion(-1).mirrorWeight(0),
                            List.of("stepWeights[0]: 0 must be between 1 and 100",
                                    "stepWeights[2]: 20 must be greater than the previous step 20",
                                    "stepWeights[3]: 101 must be between 1 and 100",
                                    "stepWeightPromotion: -1 must be between 0 and 100",
                                    "mirrorWeight: 0 must be between 1 and 100")));
        }

        @ParameterizedTest
        @MethodSource("invalid")
        void rejects_bad_values_naming_every_field_and_its_range(UnaryOperator<CanaryStrategyBuilder> config, List<String> problems) {
            CanaryStrategyBuilder builder = config.apply(CanaryStrategy.builder());

            assertThat(builder.problems()).extracting(Object::toString).containsExactlyElementsOf(problems);
            assertThatThrownBy(builder::build).isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining(problems.get(0));
        }

        @Test
        void knows_its_weights_and_says_them_in_to_string() {
            CanaryStrategy strategy = CanaryStrategy.builder().stepWeight(30).maxWeight(80).build();

            assertThat(strategy.weights()).containsExactly(30, 60, 80);
            assertThat(strategy.toString()).contains("weights [30, 60, 80]", "threshold 1");
        }
    }
}
