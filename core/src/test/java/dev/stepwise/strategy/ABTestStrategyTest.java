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
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.Problem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ABTestStrategyTest {

    private static final Instant T0 = Run.T0;
    private static final String METRIC = MetricCheck.REQUEST_SUCCESS_RATE;
    private static final MatchCondition BETA_COOKIE = MatchCondition.cookie("beta", Operator.EXACT, "yes");
    private static final MatchCondition FIREFOX = MatchCondition.header("user-agent", Operator.REGEX, ".*Firefox.*");
    private static final MatchCondition INSIDER = MatchCondition.header("x-insider", Operator.PREFIX, "team-");
    private static final TrafficSplit STABLE = TrafficSplit.allStable();

    // ---- healthy runs ---------------------------------------------------------------------------

    @Test
    void a_healthy_run_routes_matching_requests_to_the_canary_then_promotes_and_removes_the_matches() {
        ABTestStrategy strategy = builder().iterations(3).build();
        TrafficSplit matched = STABLE.withMatches(strategy.matches());

        Run run = new Run(strategy).toEnd();

        assertThat(run.transitions).hasSize(strategy.stepsToSuccess()).hasSize(7);
        assertThat(run.decisions()).containsExactly(Decision.START, Decision.ADVANCE, Decision.CONTINUE,
                Decision.CONTINUE, Decision.PROMOTE, Decision.FINALIZE, Decision.SUCCEED);
        assertThat(run.splits()).containsExactly(STABLE, matched, matched, matched, matched, STABLE, STABLE);
        assertThat(run.analysisAsked()).containsExactly(false, true, true, true, false, false, false);
        assertThat(run.at(1).actions()).startsWith(new Action.SetTraffic(matched));
        assertThat(run.at(4).actions()).startsWith(new Action.PromoteCanary("v2"));
        assertThat(run.at(5).actions()).startsWith(new Action.SetTraffic(STABLE));
        assertThat(run.at(6).actions()).startsWith(new Action.ScaleTrack(Track.CANARY, 0));
        assertThat(run.last().state().phase()).isEqualTo(Phase.SUCCEEDED);
    }

    @Test
    void every_match_routes_to_the_canary_and_no_live_weight_moves() {
        ABTestStrategy strategy = builder().match(FIREFOX, INSIDER).build();
        Run run = new Run(strategy);
        run.step();

        TrafficSplit split = run.step().state().split();

        assertThat(split.matches()).containsExactly(RouteMatch.toCanary(BETA_COOKIE), RouteMatch.toCanary(FIREFOX, INSIDER));
        assertThat(split.canary()).isZero();
        assertThat(split.stable()).isEqualTo(100);
    }

    @ParameterizedTest(name = "{0} iterations take {0} + 4 steps, as in Flagger")
    @ValueSource(ints = {1, 2, 10, 25})
    void a_healthy_run_takes_iterations_plus_four_steps(int iterations) {
        ABTestStrategy strategy = builder().iterations(iterations).build();

        Run run = new Run(strategy).toEnd();

        assertThat(run.last().state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(run.transitions).hasSize(strategy.stepsToSuccess());
        assertThat(strategy.stepsToSuccess()).isEqualTo(iterations + 4);
    }

    // ---- failures -------------------------------------------------------------------------------

    @ParameterizedTest(name = "threshold {0}")
    @ValueSource(ints = {1, 2, 3})
    void failing_analyses_roll_back_after_exactly_threshold_failures_and_remove_the_matches(int threshold) {
        ABTestStrategy strategy = builder().iterations(5).analysis(analysis(b -> b.threshold(threshold))).build();
        Run run = new Run(strategy, Collections.nCopies(threshold, FAIL).toArray(AnalysisOutcome[]::new));

        run.toEnd();

        assertThat(run.decisions().subList(2, run.transitions.size()))
                .containsExactlyElementsOf(concat(Collections.nCopies(threshold - 1, Decision.HOLD), Decision.ROLL_BACK));
        Transition last = run.last();
        assertThat(last.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(last.state().split()).isEqualTo(STABLE);
        assertThat(last.state().split().matches()).isEmpty();
        assertThat(last.state().failedAnalyses()).isEqualTo(threshold);
        assertThat(last.actions()).containsSubsequence(new Action.SetTraffic(STABLE), new Action.ScaleTrack(Track.CANARY, 0));
        assertThat(run.allActions()).noneMatch(a -> a instanceof Action.PromoteCanary);
    }

    @ParameterizedTest(name = "hold {0} intervals")
    @ValueSource(ints = {0, 1, 2})
    void no_data_holds_up_to_hold_intervals_then_counts_as_failed(int holdIntervals) {
        ABTestStrategy strategy = builder().analysis(analysis(b -> b.noData(new NoDataPolicy(holdIntervals)))).build();
        Run run = new Run(strategy, Collections.nCopies(holdIntervals + 1, NO_DATA).toArray(AnalysisOutcome[]::new));

        run.toEnd();

        assertThat(run.decisions().subList(2, run.transitions.size()))
                .containsExactlyElementsOf(concat(Collections.nCopies(holdIntervals, Decision.HOLD), Decision.ROLL_BACK));
        assertThat(run.last().analysis()).isEqualTo(NO_DATA);
    }

    @Test
    void an_interval_with_data_resets_the_no_data_count() {
        ABTestStrategy strategy = builder().iterations(3).analysis(analysis(b -> b.noData(new NoDataPolicy(1)))).build();

        Run run = new Run(strategy, NO_DATA, PASS, NO_DATA, PASS, PASS).toEnd();

        assertThat(run.decisions()).containsExactly(Decision.START, Decision.ADVANCE, Decision.HOLD, Decision.CONTINUE,
                Decision.HOLD, Decision.CONTINUE, Decision.PROMOTE, Decision.FINALIZE, Decision.SUCCEED);
    }

    // ---- gates, readiness, commands -------------------------------------------------------------

    @Test
    void a_closed_confirm_promotion_gate_holds_in_awaiting_promotion_with_the_matches_in_place() {
        ABTestStrategy strategy = builder().iterations(1)
                .analysis(analysis(b -> b.webhook(Webhook.of("approve", HookType.CONFIRM_PROMOTION, "http://hooks/ok")))).build();
        Run run = new Run(strategy);
        run.step();
        run.step();

        Transition waiting = run.step();
        Transition promoted = run.step(o -> o.open(HookType.CONFIRM_PROMOTION));

        assertThat(waiting.decision()).isEqualTo(Decision.WAIT);
        assertThat(waiting.state().phase()).isEqualTo(Phase.AWAITING_PROMOTION);
        assertThat(waiting.state().split().matches()).isEqualTo(strategy.matches());
        assertThat(waiting.next().gates()).contains(HookType.CONFIRM_PROMOTION);
        assertThat(promoted.decision()).isEqualTo(Decision.PROMOTE);
        assertThat(promoted.actions()).startsWith(new Action.PromoteCanary("v2"));
    }

    @Test
    void the_matches_stay_until_stable_runs_the_promoted_template() {
        Run run = new Run(builder().iterations(1).build());
        run.step();
        run.step();
        run.step();

        Transition waiting = run.step(o -> o.notReady(Track.STABLE));
        Transition finalized = run.step();

        assertThat(waiting.decision()).isEqualTo(Decision.WAIT);
        assertThat(waiting.state().split().matches()).isNotEmpty();
        assertThat(finalized.decision()).isEqualTo(Decision.FINALIZE);
        assertThat(finalized.state().split()).isEqualTo(STABLE);
    }

    @Test
    void the_canary_must_be_ready_before_requests_are_routed_to_it() {
        Run run = new Run(builder().build());
        run.step();

        Transition waiting = run.step(o -> o.notReady(Track.CANARY));

        assertThat(waiting.decision()).isEqualTo(Decision.WAIT);
        assertThat(waiting.state().split()).isEqualTo(STABLE);
    }

    @Test
    void promote_full_skips_the_remaining_iterations() {
        ABTestStrategy strategy = builder().iterations(10).build();
        Run run = new Run(strategy);
        run.step();
        run.step();

        Transition promoted = run.step(o -> o.command(Command.PROMOTE_FULL));

        assertThat(promoted.decision()).isEqualTo(Decision.PROMOTE);
        assertThat(promoted.analysis()).isEqualTo(AnalysisOutcome.NONE);
        assertThat(promoted.actions()).startsWith(new Action.PromoteCanary("v2"));
        assertThat(run.toEnd().transitions).hasSize(strategy.stepsToSuccess() - 9);
    }

    // ---- configuration --------------------------------------------------------------------------

    record ConfigCase(String name, UnaryOperator<ABTestStrategyBuilder> config, List<String> paths) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<ConfigCase> badConfigs() {
        RouteMatch toStable = new RouteMatch(List.of(FIREFOX), Track.STABLE);
        return Stream.of(
                new ConfigCase("iterations 0", b -> b.iterations(0).match(BETA_COOKIE), List.of("iterations")),
                new ConfigCase("iterations 1001", b -> b.iterations(1001).match(BETA_COOKIE), List.of("iterations")),
                new ConfigCase("no match", b -> b, List.of("matches")),
                new ConfigCase("an empty match list", b -> b.matches(List.of()), List.of("matches")),
                new ConfigCase("a null match list", b -> b.matches(null), List.of("matches")),
                new ConfigCase("a match to stable",
                        b -> b.match(BETA_COOKIE).matches(List.of(RouteMatch.toCanary(BETA_COOKIE), toStable)),
                        List.of("matches[1].track")),
                new ConfigCase("a match without conditions", b -> b.match(BETA_COOKIE).match(), List.of("matches[1].conditions")),
                new ConfigCase("a null condition", b -> b.match(BETA_COOKIE, null), List.of("matches[0].conditions[1]")),
                new ConfigCase("no analysis", b -> b.match(BETA_COOKIE).analysis(null), List.of("analysis")),
                new ConfigCase("everything wrong at once",
                        b -> b.iterations(0).matches(List.of(toStable)).match().analysis(null),
                        List.of("iterations", "matches[0].track", "matches[1].conditions", "analysis")));
    }

    @ParameterizedTest(name = "{0} is rejected")
    @MethodSource("badConfigs")
    void the_builder_lists_every_problem_with_its_field(ConfigCase c) {
        ABTestStrategyBuilder builder = c.config().apply(ABTestStrategy.builder());

        assertThat(builder.problems()).extracting(Problem::path).containsExactlyElementsOf(c.paths());
        assertThatThrownBy(builder::build).isInstanceOfSatisfying(InvalidConfigException.class, e -> {
            assertThat(e.problems()).isEqualTo(builder.problems());
            assertThat(e.getMessage()).startsWith("A/B test strategy is invalid");
        });
    }

    @Test
    void the_problem_of_a_match_to_stable_says_why() {
        List<Problem> problems = ABTestStrategy.builder()
                .matches(List.of(new RouteMatch(List.of(FIREFOX), Track.STABLE))).problems();

        assertThat(problems).singleElement().hasToString(
                "matches[0].track: stable must be canary: an A/B test routes matching requests to the new revision");
    }

    @Test
    void the_defaults_are_ten_iterations_and_the_default_analysis() {
        ABTestStrategy strategy = ABTestStrategy.builder().match(BETA_COOKIE).build();

        assertThat(strategy.kind()).isEqualTo(StrategyKind.AB_TEST);
        assertThat(strategy.iterations()).isEqualTo(10);
        assertThat(strategy.matches()).containsExactly(RouteMatch.toCanary(BETA_COOKIE));
        assertThat(strategy.analysis()).isEqualTo(AnalysisPolicy.ofDefaults());
        assertThat(strategy.stepsToSuccess()).isEqualTo(14);
        assertThat(strategy).hasToString("ABTestStrategy[iterations 10, matches [cookie beta exact \"yes\" -> canary], "
                + "analysis every PT1M, threshold 1]");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static ABTestStrategyBuilder builder() {
        return ABTestStrategy.builder().match(BETA_COOKIE).analysis(analysis(b -> b));
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
