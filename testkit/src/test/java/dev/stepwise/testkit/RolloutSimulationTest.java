package dev.stepwise.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Phase;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RolloutSimulation")
class RolloutSimulationTest {

    private static AnalysisPolicy.Builder policy(int threshold) {
        return AnalysisPolicy.builder().threshold(threshold)
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)))
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.atMost(500)));
    }

    private static CanaryStrategy canary(AnalysisPolicy policy) {
        return CanaryStrategy.builder().stepWeight(10).maxWeight(50).analysis(policy).build();
    }

    @Test
    @DisplayName("takes a healthy canary to Succeeded in exactly stepsToSuccess steps")
    void healthyCanarySucceeds() {
        CanaryStrategy strategy = canary(policy(2).build());

        SimulationResult result = RolloutSimulation.run(strategy, SimulatedService.ofDefaults());

        assertThat(result.phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(result.stepCount()).isEqualTo(strategy.stepsToSuccess()).isEqualTo(9);
        assertThat(result.elapsed()).isEqualTo(Duration.ofMinutes(8));
        assertThat(result.canaryWeights()).containsExactly(0, 10, 20, 30, 40, 50, 50, 0, 0);
        assertThat(result.decisions()).containsExactly(Decision.START, Decision.ADVANCE, Decision.ADVANCE,
                Decision.ADVANCE, Decision.ADVANCE, Decision.ADVANCE, Decision.PROMOTE, Decision.FINALIZE,
                Decision.SUCCEED);
        assertThat(result.splits()).last().isEqualTo(TrafficSplit.allStable());
    }

    @Test
    @DisplayName("rolls a failing canary back at the threshold-th failed analysis")
    void failingCanaryRollsBack() {
        CanaryStrategy strategy = canary(policy(3).build());
        SimulatedService service = SimulatedService.builder().canaryErrorProbability(0.5).build();

        SimulationResult result = RolloutSimulation.run(strategy, service);

        assertThat(result.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(result.decisions()).containsExactly(Decision.START, Decision.ADVANCE, Decision.HOLD,
                Decision.HOLD, Decision.ROLL_BACK);
        assertThat(result.steps()).filteredOn(s -> s.analysis() == AnalysisOutcome.FAIL).hasSize(3);
        assertThat(result.finalState().failedAnalyses()).isEqualTo(3);
        assertThat(result.lastStep().split()).isEqualTo(TrafficSplit.allStable());
    }

    @Test
    @DisplayName("observes verdicts only when the previous step asked for an analysis, measured at the split in force")
    void verdictsFollowTheNextLook() {
        SimulationResult result = RolloutSimulation.run(canary(policy(1).build()), SimulatedService.ofDefaults());

        assertThat(result.steps().get(0).verdicts()).isEmpty();
        assertThat(result.steps().get(1).verdicts()).isEmpty();
        Step third = result.steps().get(2);
        assertThat(third.splitBefore()).isEqualTo(TrafficSplit.canary(10));
        assertThat(third.split()).isEqualTo(TrafficSplit.canary(20));
        assertThat(third.verdicts()).extracting(Verdict::status).containsOnly(Verdict.Status.PASS);
        assertThat(result.steps().get(7).verdicts()).isEmpty();
    }

    @Test
    @DisplayName("records beside the verdicts what stable measured in the same window, and nothing without an analysis")
    void stableValuesBesideTheVerdicts() {
        SimulationResult result = RolloutSimulation.run(canary(policy(1).build()), SimulatedService.ofDefaults());

        assertThat(result.steps().get(0).stableValues()).isEmpty();
        Step third = result.steps().get(2);
        assertThat(third.stableValues().keySet())
                .containsExactlyElementsOf(third.verdicts().stream().map(Verdict::metric).toList());
        assertThat(third.stableValues().get(MetricCheck.REQUEST_SUCCESS_RATE)).isBetween(99.0, 100.0);
    }

    @Test
    @DisplayName("gives the same steps for the same seed")
    void deterministicForASeed() {
        CanaryStrategy strategy = canary(policy(2).build());

        SimulationResult first = RolloutSimulation.run(strategy, SimulatedService.builder().seed(3).canaryErrorProbability(0.008).build());
        SimulationResult again = RolloutSimulation.run(strategy, SimulatedService.builder().seed(3).canaryErrorProbability(0.008).build());

        assertThat(again.steps()).isEqualTo(first.steps());
    }

    @Test
    @DisplayName("rolls back a canary that starts failing half-way, changed by a listener")
    void behaviourChangesDuringTheRun() {
        SimulatedService service = SimulatedService.ofDefaults();
        RolloutSimulation simulation = RolloutSimulation.builder(canary(policy(1).build()))
                .service(service)
                .listener(step -> {
                    if (step.split().canary() == 30) {
                        service.canaryLatency(400, 900);
                    }
                })
                .build();

        SimulationResult result = simulation.run();

        assertThat(result.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(result.lastStep().splitBefore()).isEqualTo(TrafficSplit.canary(30));
        assertThat(result.lastStep().verdicts()).extracting(Verdict::metric, Verdict::status)
                .contains(tuple(MetricCheck.REQUEST_DURATION, Verdict.Status.FAIL));
    }

    @Test
    @DisplayName("tells every listener of every step, in order, as it is taken")
    void listenersSeeEveryStep() {
        List<Integer> seen = new ArrayList<>();
        VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));

        SimulationResult result = RolloutSimulation.builder(canary(policy(1).build()))
                .clock(clock).listener(step -> seen.add(step.index())).build().run();

        assertThat(seen).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:08:00Z"));
        assertThat(result.steps()).allSatisfy(s -> assertThat(s.elapsed()).isEqualTo(Duration.ofMinutes(s.index() - 1)));
    }

    @Test
    @DisplayName("opens every asked-for gate but the rollback trigger, and passes rollout-check webhooks")
    void defaultGatesAndChecks() {
        AnalysisPolicy withHooks = policy(1)
                .webhook(Webhook.of("confirm-rollout", HookType.CONFIRM_ROLLOUT, "http://gate.test/rollout"))
                .webhook(Webhook.of("confirm", HookType.CONFIRM_PROMOTION, "http://gate.test/"))
                .webhook(Webhook.of("load", HookType.ROLLOUT, "http://hooks.test/load"))
                .webhook(Webhook.of("trigger", HookType.ROLLBACK, "http://hooks.test/rollback"))
                .webhook(Webhook.of("post", HookType.POST_ROLLOUT, "http://hooks.test/post"))
                .build();
        CanaryStrategy strategy = canary(withHooks);

        SimulationResult result = RolloutSimulation.run(strategy, SimulatedService.ofDefaults());

        assertThat(result.phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(result.stepCount()).isEqualTo(strategy.stepsToSuccess());
        assertThat(result.steps().get(2).verdicts()).extracting(Verdict::metric).containsExactly(
                MetricCheck.REQUEST_SUCCESS_RATE, MetricCheck.REQUEST_DURATION, "load");
    }

    @Test
    @DisplayName("answers a called pre-rollout webhook with success, so the rollout goes on")
    void calledWebhooksSucceed() {
        CanaryStrategy strategy = canary(policy(1)
                .webhook(Webhook.of("pre", HookType.PRE_ROLLOUT, "http://hooks.test/pre")).build());

        SimulationResult result = RolloutSimulation.run(strategy, SimulatedService.ofDefaults());

        assertThat(result.phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(result.stepCount()).isEqualTo(strategy.stepsToSuccess());
    }

    @Test
    @DisplayName("passes a failed pre-rollout webhook result to the strategy, which rolls back")
    void failedWebhookResult() {
        CanaryStrategy strategy = canary(policy(1)
                .webhook(Webhook.of("pre", HookType.PRE_ROLLOUT, "http://hooks.test/pre")).build());

        SimulationResult result = RolloutSimulation.builder(strategy)
                .hookResults(type -> HookResult.failed(type, "HTTP 500")).build().run();

        assertThat(result.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(result.lastStep().reason()).startsWith("pre-rollout webhook failed: HTTP 500");
    }

    @Test
    @DisplayName("rolls back when the rollback trigger is made to answer with success")
    void rollbackTrigger() {
        AnalysisPolicy withTrigger = policy(1)
                .webhook(Webhook.of("trigger", HookType.ROLLBACK, "http://hooks.test/rollback")).build();

        SimulationResult result = RolloutSimulation.builder(canary(withTrigger)).openGates(gate -> true).build().run();

        assertThat(result.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(result.decisions()).containsExactly(Decision.ROLL_BACK);
    }

    @Test
    @DisplayName("fails, saying so, when the rollout does not finish within the maximum number of steps")
    void stopsAfterMaxSteps() {
        AnalysisPolicy withGate = policy(1)
                .webhook(Webhook.of("confirm", HookType.CONFIRM_PROMOTION, "http://gate.test/")).build();
        RolloutSimulation simulation = RolloutSimulation.builder(canary(withGate))
                .openGates(gate -> gate != HookType.CONFIRM_PROMOTION).maxSteps(20).build();

        assertThatThrownBy(simulation::run)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the rollout of v2 did not finish within 20 steps; last: Step 20 ")
                .hasMessageContaining("AwaitingPromotion");
    }

    private static final MetricCheck LAG = MetricCheck.custom("queue-lag-seconds", "max(lag)", ThresholdRange.atMost(10));

    @Test
    @DisplayName("judges a supplied custom metric by its range: in range the canary succeeds")
    void suppliedCustomMetricPasses() {
        CanaryStrategy strategy = canary(policy(1).metric(LAG).build());

        SimulationResult result = RolloutSimulation.builder(strategy).customMetric(LAG.name(), () -> 3).build().run();

        assertThat(result.phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(result.steps()).flatExtracting(Step::verdicts)
                .filteredOn(v -> v.metric().equals(LAG.name()))
                .isNotEmpty()
                .containsOnly(Verdict.pass(LAG.name(), 3));
    }

    @Test
    @DisplayName("rolls back when a supplied custom metric is out of its range")
    void suppliedCustomMetricFails() {
        CanaryStrategy strategy = canary(policy(2).metric(LAG).build());

        SimulationResult result = RolloutSimulation.builder(strategy).customMetric(LAG.name(), () -> 60).build().run();

        assertThat(result.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(result.lastStep().verdicts()).contains(Verdict.fail(LAG.name(), 60, "60.0 > max 10.0"));
    }

    @Test
    @DisplayName("still answers a custom metric without a supplied value with an error verdict")
    void unsuppliedCustomMetricIsAnError() {
        CanaryStrategy strategy = canary(policy(1).metric(LAG).build());

        SimulationResult result = RolloutSimulation.run(strategy, SimulatedService.ofDefaults());

        assertThat(result.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(result.steps()).flatExtracting(Step::verdicts)
                .contains(Verdict.error(LAG.name(), SimulatedMetrics.BUILT_IN_ONLY));
    }

    @Test
    @DisplayName("reads a custom metric at every analysis, so a value changed by a listener is seen at the next one")
    void customMetricChangesDuringTheRun() {
        AtomicReference<Double> lag = new AtomicReference<>(3.0);
        RolloutSimulation simulation = RolloutSimulation.builder(canary(policy(1).metric(LAG).build()))
                .customMetric(LAG.name(), lag::get)
                .listener(step -> {
                    if (step.split().canary() == 30) {
                        lag.set(25.0);
                    }
                })
                .build();

        SimulationResult result = simulation.run();

        assertThat(result.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(result.lastStep().splitBefore()).isEqualTo(TrafficSplit.canary(30));
        assertThat(result.lastStep().verdicts()).contains(Verdict.fail(LAG.name(), 25, "25.0 > max 10.0"));
        assertThat(result.steps().get(result.stepCount() - 2).verdicts()).contains(Verdict.pass(LAG.name(), 3));
    }
}
