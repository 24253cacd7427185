package dev.stepwise.strategy;

import static dev.stepwise.analysis.AnalysisOutcome.FAIL;
import static dev.stepwise.analysis.AnalysisOutcome.NO_DATA;
import static dev.stepwise.analysis.AnalysisOutcome.PASS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.NoDataPolicy;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class BlueGreenStrategyTest {

    private static final Instant T0 = Run.T0;
    private static final String METRIC = MetricCheck.REQUEST_SUCCESS_RATE;
    private static final TrafficSplit STABLE = TrafficSplit.allStable();
    private static final TrafficSplit CANARY = TrafficSplit.allCanary();
    private static final Webhook PRE_ROLLOUT_HOOK = Webhook.of("db", HookType.PRE_ROLLOUT, "http://hooks/db");

    // ---- healthy runs ---------------------------------------------------------------------------

    @Test
    void a_healthy_run_previews_then_switches_then_watches_then_routes_back_to_stable() {
        BlueGreenStrategy strategy = builder().iterations(3).build();

        Run run = new Run(strategy).toEnd();

        assertThat(run.transitions).hasSize(strategy.stepsToSuccess()).hasSize(8);
        assertThat(run.decisions()).containsExactly(Decision.START, Decision.ADVANCE, Decision.CONTINUE,
                Decision.CONTINUE, Decision.PROMOTE, Decision.PROMOTE, Decision.FINALIZE, Decision.SUCCEED);
        assertThat(run.splits()).containsExactly(STABLE, STABLE, STABLE, STABLE, CANARY, CANARY, STABLE, STABLE);
        assertThat(run.phases()).containsExactly(Phase.PROGRESSING, Phase.PROGRESSING, Phase.PROGRESSING,
                Phase.PROGRESSING, Phase.PROMOTING, Phase.PROMOTING, Phase.PROMOTING, Phase.SUCCEEDED);
        assertThat(run.analysisAsked()).containsExactly(false, true, true, true, true, false, false, false);
        assertThat(run.at(4).actions()).startsWith(new Action.SetTraffic(CANARY));
        assertThat(run.at(5).actions()).startsWith(new Action.PromoteCanary("v2"));
        assertThat(run.at(6).actions()).startsWith(new Action.SetTraffic(STABLE));
        assertThat(run.at(7).actions()).startsWith(new Action.ScaleTrack(Track.CANARY, 0));
        assertThat(run.allActions()).filteredOn(a -> a instanceof Action.PromoteCanary).hasSize(1);
    }

    record StepsCase(String name, BlueGreenStrategy strategy, int expectedSteps) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<StepsCase> stepCounts() {
        return Stream.of(
                new StepsCase("Flagger's spec (10 iterations, 1 post-promotion, 30s delay) takes iterations + 5",
                        builder().iterations(10).build(), 10 + 5),
                new StepsCase("one iteration takes 6", builder().iterations(1).build(), 6),
                new StepsCase("a delay equal to the interval takes one scale-down step",
                        builder().iterations(2).scaleDownDelay(Duration.ofMinutes(1)).build(), 7),
                new StepsCase("no delay still takes one scale-down step",
                        builder().iterations(2).scaleDownDelay(Duration.ZERO).build(), 7),
                new StepsCase("a delay of two and a half intervals takes three scale-down steps",
                        builder().iterations(2).scaleDownDelay(Duration.ofSeconds(150)).build(), 9),
                new StepsCase("no post-promotion analysis still takes one step to copy the template",
                        builder().iterations(2).postPromotionIterations(0).build(), 7),
                new StepsCase("three post-promotion analyses take three steps",
                        builder().iterations(2).postPromotionIterations(3).build(), 9),
                new StepsCase("a mirrored preview takes no extra step",
                        builder().iterations(2).mirror(true).build(), 7),
                new StepsCase("a 10s interval with a 30s delay takes three scale-down steps",
                        builder().iterations(2).analysis(analysis(b -> b.interval(Duration.ofSeconds(10)))).build(), 9));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stepCounts")
    void a_healthy_run_takes_exactly_steps_to_success_steps(StepsCase c) {
        Run run = new Run(c.strategy()).toEnd();

        assertThat(run.last().state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(run.transitions).hasSize(c.expectedSteps());
        assertThat(c.strategy().stepsToSuccess()).isEqualTo(c.expectedSteps());
    }

    @Property(tries = 200)
    void any_valid_configuration_succeeds_in_exactly_steps_to_success_steps(
            @ForAll @IntRange(min = 1, max = 30) int iterations, @ForAll @IntRange(min = 0, max = 5) int postPromotion,
            @ForAll @IntRange(min = 0, max = 900) int delaySeconds, @ForAll @IntRange(min = 1, max = 300) int intervalSeconds,
            @ForAll boolean mirror) {
        BlueGreenStrategy strategy = builder().iterations(iterations).postPromotionIterations(postPromotion)
                .scaleDownDelay(Duration.ofSeconds(delaySeconds)).mirror(mirror)
                .analysis(analysis(b -> b.interval(Duration.ofSeconds(intervalSeconds)))).build();

        Run run = new Run(strategy).toEnd();

        assertThat(run.last().state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(run.transitions).hasSize(strategy.stepsToSuccess());
        assertThat(run.allActions()).filteredOn(a -> a instanceof Action.PromoteCanary).hasSize(1);
    }

    @Test
    void a_mirrored_preview_copies_traffic_to_the_canary_and_the_switch_turns_the_mirror_off() {
        BlueGreenStrategy strategy = builder().iterations(2).mirror(true).mirrorWeight(50).build();
        TrafficSplit mirrored = STABLE.withMirror(50);

        Run run = new Run(strategy).toEnd();

        assertThat(run.splits()).containsExactly(STABLE, mirrored, mirrored, CANARY, CANARY, STABLE, STABLE);
        assertThat(run.at(1).actions()).startsWith(new Action.SetTraffic(mirrored));
        assertThat(run.at(3).actions()).startsWith(new Action.SetTraffic(CANARY));
        assertThat(run.at(3).state().split().mirrorPercent()).isZero();
    }

    @Test
    void without_mirror_the_preview_leaves_traffic_alone() {
        Run run = new Run(builder().iterations(2).build());
        run.step();

        Transition preview = run.step();

        assertThat(preview.decision()).isEqualTo(Decision.ADVANCE);
        assertThat(preview.actions()).noneMatch(a -> a instanceof Action.SetTraffic);
        assertThat(preview.state().split()).isEqualTo(STABLE);
        assertThat(preview.next().analysis()).isTrue();
    }

    // ---- failures -------------------------------------------------------------------------------

    @ParameterizedTest(name = "threshold {0}")
    @ValueSource(ints = {1, 2, 3})
    void failing_preview_analyses_roll_back_after_exactly_threshold_failures(int threshold) {
        BlueGreenStrategy strategy = builder().iterations(5).analysis(analysis(b -> b.threshold(threshold))).build();
        Run run = new Run(strategy, Collections.nCopies(threshold, FAIL).toArray(AnalysisOutcome[]::new));

        run.toEnd();

        assertThat(run.transitions).hasSize(2 + threshold);
        assertThat(run.decisions().subList(2, run.transitions.size()))
                .containsExactlyElementsOf(concat(Collections.nCopies(threshold - 1, Decision.HOLD), Decision.ROLL_BACK));
        Transition last = run.last();
        assertThat(last.decision()).isEqualTo(Decision.ROLL_BACK);
        assertThat(last.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(last.state().split().canary()).isZero();
        assertThat(last.state().failedAnalyses()).isEqualTo(threshold);
        assertThat(last.actions()).contains(new Action.SetTraffic(STABLE), new Action.ScaleTrack(Track.CANARY, 0));
    }

    @Test
    void preview_failures_count_over_the_whole_rollout_not_only_in_a_row() {
        BlueGreenStrategy strategy = builder().iterations(5).analysis(analysis(b -> b.threshold(2))).build();

        Run run = new Run(strategy, FAIL, PASS, FAIL).toEnd();

        assertThat(run.decisions()).containsExactly(Decision.START, Decision.ADVANCE, Decision.HOLD,
                Decision.CONTINUE, Decision.ROLL_BACK);
    }

    @Test
    void a_post_promotion_failure_switches_back_at_once_whatever_the_threshold() {
        BlueGreenStrategy strategy = builder().iterations(2).postPromotionIterations(2)
                .analysis(analysis(b -> b.threshold(5))).build();

        Run run = new Run(strategy, PASS, PASS, PASS, FAIL).toEnd();

        assertThat(run.decisions()).containsExactly(Decision.START, Decision.ADVANCE, Decision.CONTINUE,
                Decision.PROMOTE, Decision.CONTINUE, Decision.ROLL_BACK);
        assertThat(run.splits()).containsExactly(STABLE, STABLE, STABLE, CANARY, CANARY, STABLE);
        Transition last = run.last();
        assertThat(last.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(last.analysis()).isEqualTo(FAIL);
        assertThat(last.state().failedAnalyses()).isEqualTo(1);
        assertThat(last.actions()).containsSubsequence(new Action.SetTraffic(STABLE), new Action.ScaleTrack(Track.CANARY, 0));
        assertThat(run.allActions()).noneMatch(a -> a instanceof Action.PromoteCanary);
    }

    @Test
    void post_promotion_no_data_holds_within_the_allowance_then_switches_back() {
        BlueGreenStrategy strategy = builder().iterations(2)
                .analysis(analysis(b -> b.threshold(5).noData(new NoDataPolicy(1)))).build();

        Run run = new Run(strategy, PASS, PASS, NO_DATA, NO_DATA).toEnd();

        assertThat(run.decisions()).containsExactly(Decision.START, Decision.ADVANCE, Decision.CONTINUE,
                Decision.PROMOTE, Decision.HOLD, Decision.ROLL_BACK);
        assertThat(run.at(4).state().split()).isEqualTo(CANARY);
        assertThat(run.at(4).next().analysis()).isTrue();
        assertThat(run.last().analysis()).isEqualTo(NO_DATA);
        assertThat(run.last().state().split()).isEqualTo(STABLE);
    }

    @Test
    void post_promotion_data_after_a_held_interval_lets_the_promotion_continue() {
        BlueGreenStrategy strategy = builder().iterations(1).analysis(analysis(b -> b.noData(new NoDataPolicy(1)))).build();

        Run run = new Run(strategy, PASS, NO_DATA, PASS).toEnd();

        assertThat(run.decisions()).containsExactly(Decision.START, Decision.ADVANCE, Decision.PROMOTE,
                Decision.HOLD, Decision.PROMOTE, Decision.FINALIZE, Decision.SUCCEED);
        assertThat(run.at(4).actions()).startsWith(new Action.PromoteCanary("v2"));
    }

    @ParameterizedTest(name = "hold {0} intervals")
    @ValueSource(ints = {0, 1, 2, 3})
    void preview_no_data_holds_up_to_hold_intervals_then_counts_as_failed(int holdIntervals) {
        BlueGreenStrategy strategy = builder().iterations(5)
                .analysis(analysis(b -> b.noData(new NoDataPolicy(holdIntervals)))).build();
        Run run = new Run(strategy, Collections.nCopies(holdIntervals + 1, NO_DATA).toArray(AnalysisOutcome[]::new));

        run.toEnd();

        assertThat(run.decisions().subList(2, run.transitions.size()))
                .containsExactlyElementsOf(concat(Collections.nCopies(holdIntervals, Decision.HOLD), Decision.ROLL_BACK));
        assertThat(run.last().state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(run.last().analysis()).isEqualTo(NO_DATA);
    }

    @Test
    void a_failed_pre_rollout_hook_is_retried_below_the_threshold() {
        Run run = new Run(builder().iterations(1).analysis(analysis(b -> b.threshold(2).webhook(PRE_ROLLOUT_HOOK))).build());

        assertThat(run.step().actions()).contains(new Action.CallWebhook(HookType.PRE_ROLLOUT));
        Transition held = run.step(o -> o.hookResult(HookResult.failed(HookType.PRE_ROLLOUT, "503")));

        assertThat(held.decision()).isEqualTo(Decision.HOLD);
        assertThat(held.actions()).contains(new Action.CallWebhook(HookType.PRE_ROLLOUT));
        assertThat(held.state().stepIndex()).isEqualTo(-1);
        assertThat(held.state().failedAnalyses()).isEqualTo(1);
        assertThat(held.next().analysis()).isFalse();
    }

    @Test
    void a_successful_pre_rollout_hook_lets_the_preview_begin() {
        Run run = new Run(builder().iterations(1).analysis(analysis(b -> b.webhook(PRE_ROLLOUT_HOOK))).build());
        run.step();

        Transition preview = run.step(o -> o.hookResult(HookResult.succeeded(HookType.PRE_ROLLOUT)));

        assertThat(preview.decision()).isEqualTo(Decision.ADVANCE);
        assertThat(preview.state().stepIndex()).isZero();
    }

    @Test
    void an_abort_after_the_switch_sends_every_request_back_to_the_old_version_on_stable() {
        Run run = new Run(builder().iterations(1).postPromotionIterations(3).build());
        run.step();
        run.step();
        run.step();
        assertThat(run.last().state().split()).isEqualTo(CANARY);

        Transition aborted = run.step(o -> o.command(Command.ABORT));

        assertThat(aborted.state().phase()).isEqualTo(Phase.ABORTED);
        assertThat(aborted.actions()).containsSubsequence(new Action.SetTraffic(STABLE), new Action.ScaleTrack(Track.CANARY, 0));
        assertThat(run.allActions()).noneMatch(a -> a instanceof Action.PromoteCanary);
    }

    // ---- waiting ----------------------------------------------------------------------------

    record DelayCase(Duration delay, int waits) {
        @Override
        public String toString() {
            return "a " + delay.toSeconds() + "s delay with a 60s interval waits " + waits + " extra steps";
        }
    }

    static Stream<DelayCase> delays() {
        return Stream.of(new DelayCase(Duration.ZERO, 0), new DelayCase(Duration.ofSeconds(30), 0),
                new DelayCase(Duration.ofSeconds(60), 0), new DelayCase(Duration.ofSeconds(61), 1),
                new DelayCase(Duration.ofSeconds(150), 2), new DelayCase(Duration.ofSeconds(180), 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("delays")
    void a_scale_down_delay_longer_than_the_interval_waits_extra_steps(DelayCase c) {
        BlueGreenStrategy strategy = builder().iterations(1).scaleDownDelay(c.delay()).build();

        Run run = new Run(strategy).toEnd();

        List<Decision> decisions = run.decisions();
        List<Decision> afterFinalize = decisions.subList(decisions.indexOf(Decision.FINALIZE) + 1, decisions.size());
        assertThat(afterFinalize)
                .containsExactlyElementsOf(concat(Collections.nCopies(c.waits(), Decision.WAIT), Decision.SUCCEED));
        assertThat(run.transitions).hasSize(strategy.stepsToSuccess());
        assertThat(run.transitions.stream().filter(t -> t.decision() == Decision.WAIT))
                .allSatisfy(t -> assertThat(t.reason()).startsWith("scale-down delay"));
    }

    @Test
    void a_closed_confirm_promotion_gate_holds_in_awaiting_promotion_then_switches_when_open() {
        BlueGreenStrategy strategy = builder().iterations(2)
                .analysis(analysis(b -> b.webhook(Webhook.of("approve", HookType.CONFIRM_PROMOTION, "http://hooks/ok")))).build();
        Run run = new Run(strategy);
        run.step();
        run.step();
        run.step();

        Transition waiting = run.step();
        Transition stillWaiting = run.step();
        Transition switched = run.step(o -> o.open(HookType.CONFIRM_PROMOTION));

        assertThat(List.of(waiting, stillWaiting)).allSatisfy(t -> {
            assertThat(t.decision()).isEqualTo(Decision.WAIT);
            assertThat(t.state().phase()).isEqualTo(Phase.AWAITING_PROMOTION);
            assertThat(t.state().split()).isEqualTo(STABLE);
            assertThat(t.next().gates()).contains(HookType.CONFIRM_PROMOTION);
            assertThat(t.next().analysis()).isFalse();
        });
        assertThat(switched.decision()).isEqualTo(Decision.PROMOTE);
        assertThat(switched.state().phase()).isEqualTo(Phase.PROMOTING);
        assertThat(switched.actions()).startsWith(new Action.SetTraffic(CANARY));
        assertThat(run.toEnd().last().state().phase()).isEqualTo(Phase.SUCCEEDED);
    }

    @Test
    void without_auto_promotion_a_passed_preview_waits_analysed_until_an_operator_promotes() {
        BlueGreenStrategy strategy = builder().iterations(2).autoPromotion(false).build();
        Run run = new Run(strategy);
        run.step();
        run.step();
        run.step();

        Transition waiting = run.step();
        Transition stillWaiting = run.step();
        Transition switched = run.step(o -> o.command(Command.PROMOTE));

        assertThat(List.of(waiting, stillWaiting)).allSatisfy(t -> {
            assertThat(t.decision()).isEqualTo(Decision.WAIT);
            assertThat(t.state().phase()).isEqualTo(Phase.AWAITING_PROMOTION);
            assertThat(t.state().split()).isEqualTo(STABLE);
            assertThat(t.reason()).contains("waiting for an operator's promote");
            assertThat(t.next().analysis()).isTrue();
        });
        assertThat(waiting.actions()).hasSize(1);
        assertThat(stillWaiting.actions()).isEmpty();
        assertThat(switched.decision()).isEqualTo(Decision.PROMOTE);
        assertThat(switched.actions()).startsWith(new Action.SetTraffic(CANARY));
        assertThat(run.toEnd().last().state().phase()).isEqualTo(Phase.SUCCEEDED);
    }

    @Test
    void without_auto_promotion_a_regression_while_waiting_still_rolls_back() {
        BlueGreenStrategy strategy = builder().iterations(2).autoPromotion(false).build();
        Run run = new Run(strategy, PASS, PASS, PASS, FAIL).toEnd();

        assertThat(run.phases()).contains(Phase.AWAITING_PROMOTION);
        assertThat(run.last().state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(run.splits()).doesNotContain(CANARY);
    }

    @Test
    void the_canary_must_be_ready_before_the_preview_begins() {
        Run run = new Run(builder().build());
        run.step();

        Transition waiting = run.step(o -> o.notReady(Track.CANARY));

        assertThat(waiting.decision()).isEqualTo(Decision.WAIT);
        assertThat(waiting.state().stepIndex()).isEqualTo(-1);
        assertThat(waiting.next().analysis()).isFalse();
    }

    @Test
    void traffic_stays_on_the_canary_until_stable_runs_the_new_template() {
        Run run = new Run(builder().iterations(1).build());
        for (int i = 0; i < 4; i++) {
            run.step();
        }
        assertThat(run.last().actions()).startsWith(new Action.PromoteCanary("v2"));

        Transition waiting = run.step(o -> o.notReady(Track.STABLE));
        Transition finalized = run.step();

        assertThat(waiting.decision()).isEqualTo(Decision.WAIT);
        assertThat(waiting.state().split()).isEqualTo(CANARY);
        assertThat(finalized.decision()).isEqualTo(Decision.FINALIZE);
        assertThat(finalized.state().split()).isEqualTo(STABLE);
    }

    // ---- operator commands ----------------------------------------------------------------------

    @Test
    void promote_full_skips_the_remaining_preview_iterations() {
        BlueGreenStrategy strategy = builder().iterations(10).build();
        Run run = new Run(strategy);
        run.step();
        run.step();

        Transition switched = run.step(o -> o.command(Command.PROMOTE_FULL));

        assertThat(switched.decision()).isEqualTo(Decision.PROMOTE);
        assertThat(switched.analysis()).isEqualTo(AnalysisOutcome.NONE);
        assertThat(switched.state().split()).isEqualTo(CANARY);
        assertThat(run.toEnd().transitions).hasSize(strategy.stepsToSuccess() - 9);
    }

    @Test
    void promote_skips_one_preview_analysis_even_a_failing_one() {
        Run run = new Run(builder().iterations(2).build(), FAIL);
        run.step();
        run.step();

        Transition skipped = run.step(o -> o.command(Command.PROMOTE));

        assertThat(skipped.decision()).isEqualTo(Decision.CONTINUE);
        assertThat(skipped.state().passedAnalyses()).isEqualTo(1);
        assertThat(skipped.state().failedAnalyses()).isZero();
    }

    @Test
    void without_post_promotion_iterations_the_template_is_copied_one_step_after_the_switch_without_analysis() {
        Run run = new Run(builder().iterations(1).postPromotionIterations(0).build());
        run.step();
        run.step();
        Transition switched = run.step();

        Transition copied = run.step();

        assertThat(switched.next().analysis()).isFalse();
        assertThat(copied.decision()).isEqualTo(Decision.PROMOTE);
        assertThat(copied.actions()).startsWith(new Action.PromoteCanary("v2"));
    }

    // ---- configuration --------------------------------------------------------------------------

    record ConfigCase(String name, UnaryOperator<BlueGreenStrategyBuilder> change, String path) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ConfigCase> badValues() {
        return Stream.of(
                new ConfigCase("iterations 0", b -> b.iterations(0), "iterations"),
                new ConfigCase("iterations 1001", b -> b.iterations(1001), "iterations"),
                new ConfigCase("mirrorWeight 0", b -> b.mirrorWeight(0), "mirrorWeight"),
                new ConfigCase("mirrorWeight 101", b -> b.mirrorWeight(101), "mirrorWeight"),
                new ConfigCase("postPromotionIterations -1", b -> b.postPromotionIterations(-1), "postPromotionIterations"),
                new ConfigCase("postPromotionIterations 101", b -> b.postPromotionIterations(101), "postPromotionIterations"),
                new ConfigCase("a negative scaleDownDelay", b -> b.scaleDownDelay(Duration.ofSeconds(-1)), "scaleDownDelay"),
                new ConfigCase("no scaleDownDelay", b -> b.scaleDownDelay(null), "scaleDownDelay"),
                new ConfigCase("no analysis", b -> b.analysis(null), "analysis"));
    }

    @ParameterizedTest(name = "{0} is rejected")
    @MethodSource("badValues")
    void the_builder_names_the_field_of_a_bad_value(ConfigCase c) {
        BlueGreenStrategyBuilder builder = c.change().apply(BlueGreenStrategy.builder());

        assertThat(builder.problems()).extracting(Problem::path).containsExactly(c.path());
        assertThatThrownBy(builder::build).isInstanceOf(InvalidConfigException.class).hasMessageContaining(c.path() + ": ");
    }

    @Test
    void the_builder_lists_every_problem_at_once() {
        BlueGreenStrategyBuilder builder = BlueGreenStrategy.builder().iterations(0).mirrorWeight(101)
                .postPromotionIterations(-1).scaleDownDelay(Duration.ofSeconds(-5)).analysis(null);

        assertThatThrownBy(builder::build).isInstanceOfSatisfying(InvalidConfigException.class, e -> {
            assertThat(e.problems()).extracting(Problem::path).containsExactly("iterations", "mirrorWeight",
                    "postPromotionIterations", "scaleDownDelay", "analysis");
            assertThat(e.getMessage()).startsWith("blue/green strategy is invalid (5 problems)")
                    .contains("iterations: 0 must be between 1 and 1000", "mirrorWeight: 101 must be between 1 and 100");
        });
    }

    @Test
    void the_defaults_are_ten_iterations_no_mirror_one_post_promotion_interval_and_a_30_second_delay() {
        BlueGreenStrategy strategy = BlueGreenStrategy.ofDefaults();

        assertThat(strategy.kind()).isEqualTo(StrategyKind.BLUE_GREEN);
        assertThat(strategy.iterations()).isEqualTo(10);
        assertThat(strategy.mirror()).isFalse();
        assertThat(strategy.mirrorWeight()).isEqualTo(100);
        assertThat(strategy.postPromotionIterations()).isEqualTo(1);
        assertThat(strategy.scaleDownDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(strategy.analysis()).isEqualTo(AnalysisPolicy.ofDefaults());
        assertThat(strategy.stepsToSuccess()).isEqualTo(15);
        assertThat(strategy).hasToString("BlueGreenStrategy[iterations 10, mirror off, postPromotionIterations 1, "
                + "scaleDownDelay PT30S, analysis every PT1M, threshold 1]");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static BlueGreenStrategyBuilder builder() {
        return BlueGreenStrategy.builder().analysis(analysis(b -> b));
    }

    /** One built-in metric, so that an interval without its verdict has no data. */
    private static AnalysisPolicy analysis(UnaryOperator<AnalysisPolicy.Builder> change) {
        return change.apply(AnalysisPolicy.builder().metric(MetricCheck.builtIn(METRIC, ThresholdRange.atLeast(99)))).build();
    }

    private static <T> List<T> concat(List<T> first, T last) {
        List<T> all = new ArrayList<>(first);
        all.add(last);
        return all;
    }

}
