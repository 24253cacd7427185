package dev.stepwise.strategy;

import static dev.stepwise.strategy.Drive.fail;
import static dev.stepwise.strategy.Drive.pass;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The rollout lifecycle every built-in strategy shares")
class LifecycleTest {

    static AnalysisPolicy.Builder policy() {
        return AnalysisPolicy.builder().metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)));
    }

    static CanaryStrategy canaryWith(AnalysisPolicy.Builder policy) {
        return CanaryStrategy.builder().stepWeight(10).maxWeight(30).analysis(policy.build()).build();
    }

    /** A drive advanced to canary weight 20 (start, 10, 20). */
    static Drive atTwenty(CanaryStrategy strategy) {
        Drive drive = new Drive(strategy);
        drive.step(drive.next());
        drive.step(drive.next());
        drive.step(drive.next().verdicts(pass()));
        assertThat(drive.state().split().canary()).isEqualTo(20);
        return drive;
    }

    @Nested
    @DisplayName("operator commands")
    class Commands {

        @Test
        void pause_holds_everything_until_resume_then_carries_on_from_the_same_weight() {
            Drive drive = atTwenty(canaryWith(policy()));

            Transition paused = drive.step(drive.next(Command.PAUSE).verdicts(pass()));
            assertThat(paused.state().phase()).isEqualTo(Phase.PAUSED);
            assertThat(paused.state().pausedFrom()).isEqualTo(Phase.PROGRESSING);
            assertThat(paused.actions()).noneMatch(a -> a instanceof Action.SetTraffic);
            assertThat(paused.next().analysis()).isFalse();

            Transition still = drive.step(drive.next());
            assertThat(still.decision()).isEqualTo(Decision.NONE);
            assertThat(still.state()).isEqualTo(paused.state());

            Transition resumed = drive.step(drive.next(Command.RESUME));
            assertThat(resumed.state().phase()).isEqualTo(Phase.PROGRESSING);
            assertThat(resumed.state().split().canary()).isEqualTo(20);
            assertThat(resumed.next().analysis()).isTrue();

            Transition advanced = drive.step(drive.next().verdicts(pass()));
            assertThat(advanced.state().split().canary()).isEqualTo(30);
        }

        @Test
        void promote_skips_a_failing_analysis_for_one_step() {
            Drive drive = atTwenty(canaryWith(policy()));

            Transition t = drive.step(drive.next(Command.PROMOTE).verdicts(fail()));

            assertThat(t.decision()).isEqualTo(Decision.ADVANCE);
            assertThat(t.state().split().canary()).isEqualTo(30);
            assertThat(t.state().failedAnalyses()).isZero();
            assertThat(t.reason()).contains("promoted by operator");
        }

        @Test
        void promote_full_promotes_at_once_from_any_weight() {
            Drive drive = atTwenty(canaryWith(policy()));

            Transition t = drive.step(drive.next(Command.PROMOTE_FULL));

            assertThat(t.decision()).isEqualTo(Decision.PROMOTE);
            assertThat(t.actions()).contains(new Action.PromoteCanary("v2"));
        }

        @Test
        void abort_routes_everything_to_stable_and_scales_the_canary_down() {
            Drive drive = atTwenty(canaryWith(policy()));

            Transition t = drive.step(drive.next(Command.ABORT));

            assertThat(t.state().phase()).isEqualTo(Phase.ABORTED);
            assertThat(t.actions()).startsWith(new Action.SetTraffic(TrafficSplit.allStable()), new Action.ScaleTrack(Track.CANARY, 0));
        }

        @Test
        void abort_works_while_paused() {
            Drive drive = atTwenty(canaryWith(policy()));
            drive.step(drive.next(Command.PAUSE));

            assertThat(drive.step(drive.next(Command.ABORT)).state().phase()).isEqualTo(Phase.ABORTED);
        }

        @Test
        void retry_starts_a_rolled_back_rollout_again_from_weight_zero() {
            Drive drive = new Drive(canaryWith(policy())).untilTerminal(i -> fail(), 10);
            assertThat(drive.state().phase()).isEqualTo(Phase.ROLLED_BACK);

            Transition t = drive.step(drive.next(Command.RETRY));

            assertThat(t.decision()).isEqualTo(Decision.RESTART);
            assertThat(t.state().phase()).isEqualTo(Phase.PROGRESSING);
            assertThat(t.state().failedAnalyses()).isZero();
            assertThat(t.actions()).contains(new Action.ScaleTrack(Track.CANARY, 100));
        }

        @Test
        void retry_does_nothing_to_a_succeeded_rollout() {
            Drive drive = new Drive(canaryWith(policy())).untilTerminal(i -> pass(), 20);

            Transition t = drive.step(drive.next(Command.RETRY));

            assertThat(t.decision()).isEqualTo(Decision.NONE);
            assertThat(t.state()).isEqualTo(drive.transitions().get(drive.transitions().size() - 2).state());
        }
    }

    @Nested
    @DisplayName("gates and hooks")
    class Gates {

        @Test
        void a_closed_confirm_rollout_gate_keeps_the_rollout_initializing_and_scales_nothing() {
            CanaryStrategy strategy = canaryWith(policy().webhook(Webhook.of("approve", HookType.CONFIRM_ROLLOUT, "http://gate/")));
            Drive drive = new Drive(strategy);

            Transition waiting = drive.stepExactly(drive.next().build());
            assertThat(waiting.state().phase()).isEqualTo(Phase.INITIALIZING);
            assertThat(waiting.decision()).isEqualTo(Decision.WAIT);
            assertThat(waiting.actions()).isEmpty();
            assertThat(waiting.next().gates()).containsExactly(HookType.CONFIRM_ROLLOUT);

            Transition started = drive.stepExactly(drive.next().open(HookType.CONFIRM_ROLLOUT).build());
            assertThat(started.decision()).isEqualTo(Decision.START);
            assertThat(started.state().phase()).isEqualTo(Phase.PROGRESSING);
        }

        @Test
        void a_closed_confirm_traffic_increase_gate_holds_the_weight_without_counting_a_failure() {
            CanaryStrategy strategy = canaryWith(policy().webhook(Webhook.of("more", HookType.CONFIRM_TRAFFIC_INCREASE, "http://gate/")));
            Drive drive = atTwenty(strategy);

            Transition t = drive.stepExactly(drive.next().verdicts(pass()).build());

            assertThat(t.decision()).isEqualTo(Decision.WAIT);
            assertThat(t.state().split().canary()).isEqualTo(20);
            assertThat(t.state().failedAnalyses()).isZero();
            assertThat(t.next().gates()).contains(HookType.CONFIRM_TRAFFIC_INCREASE);
            assertThat(t.next().analysis()).isTrue();
        }

        @Test
        void a_closed_confirm_promotion_gate_waits_in_awaiting_promotion_then_promotes_when_open() {
            CanaryStrategy strategy = CanaryStrategy.builder().stepWeights(50)
                    .analysis(policy().webhook(Webhook.of("ship", HookType.CONFIRM_PROMOTION, "http://gate/")).build()).build();
            Drive drive = new Drive(strategy);
            drive.step(drive.next());
            drive.step(drive.next());

            Transition waiting = drive.stepExactly(drive.next().verdicts(pass()).build());
            assertThat(waiting.state().phase()).isEqualTo(Phase.AWAITING_PROMOTION);
            assertThat(waiting.next().gates()).containsExactly(HookType.CONFIRM_PROMOTION);

            Transition promoted = drive.stepExactly(drive.next().verdicts(pass()).open(HookType.CONFIRM_PROMOTION).build());
            assertThat(promoted.decision()).isEqualTo(Decision.PROMOTE);
            assertThat(promoted.state().phase()).isEqualTo(Phase.PROMOTING);
        }

        @Test
        void analysis_goes_on_while_awaiting_promotion_and_can_still_roll_back() {
            CanaryStrategy strategy = CanaryStrategy.builder().stepWeights(50)
                    .analysis(policy().threshold(2).webhook(Webhook.of("ship", HookType.CONFIRM_PROMOTION, "http://gate/")).build()).build();
            Drive drive = new Drive(strategy);
            drive.step(drive.next());
            drive.step(drive.next());
            Transition waiting = drive.stepExactly(drive.next().verdicts(pass()).build());
            assertThat(waiting.next().analysis()).isTrue();

            Transition held = drive.stepExactly(drive.next().verdicts(fail()).build());
            assertThat(held.state().phase()).isEqualTo(Phase.AWAITING_PROMOTION);
            assertThat(held.decision()).isEqualTo(Decision.HOLD);

            Transition rolledBack = drive.stepExactly(drive.next().verdicts(fail()).open(HookType.CONFIRM_PROMOTION).build());
            assertThat(rolledBack.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        }

        @Test
        void an_open_rollback_trigger_rolls_back_at_once() {
            CanaryStrategy strategy = canaryWith(policy().webhook(Webhook.of("stop", HookType.ROLLBACK, "http://trigger/")));
            Drive drive = atTwenty(strategy);
            assertThat(drive.last().next().gates()).contains(HookType.ROLLBACK);

            Transition t = drive.stepExactly(drive.next().verdicts(pass()).open(HookType.ROLLBACK).build());

            assertThat(t.state().phase()).isEqualTo(Phase.ROLLED_BACK);
            assertThat(t.reason()).contains("rollback webhook");
        }

        @Test
        void post_rollout_hooks_run_when_the_rollout_ends_either_way() {
            AnalysisPolicy.Builder withPost = policy().webhook(Webhook.of("notify", HookType.POST_ROLLOUT, "http://chat/"));

            Drive ok = new Drive(canaryWith(withPost)).untilTerminal(i -> pass(), 20);
            Drive bad = new Drive(canaryWith(withPost)).untilTerminal(i -> fail(), 20);

            assertThat(ok.last().actions()).contains(new Action.CallWebhook(HookType.POST_ROLLOUT));
            assertThat(bad.last().actions()).contains(new Action.CallWebhook(HookType.POST_ROLLOUT));
        }

        @Test
        void a_canary_that_is_not_ready_holds_without_judging() {
            Drive drive = new Drive(canaryWith(policy()));
            drive.step(drive.next());

            Transition t = drive.stepExactly(drive.next().notReady(Track.CANARY).build());

            assertThat(t.decision()).isEqualTo(Decision.WAIT);
            assertThat(t.state().split().canary()).isZero();
            assertThat(t.reason()).isEqualTo("canary track not ready");
        }
    }

    @Nested
    @DisplayName("revisions")
    class Revisions {

        @Test
        void a_new_revision_mid_rollout_restarts_from_weight_zero_like_flagger() {
            CanaryStrategy strategy = canaryWith(policy().threshold(3));
            Drive drive = atTwenty(strategy);
            drive.step(drive.next().verdicts(fail()));
            assertThat(drive.state().failedAnalyses()).isEqualTo(1);

            Transition t = drive.stepExactly(Observation.at(drive.next().build().now(), "v3").verdicts(pass()).build());

            assertThat(t.decision()).isEqualTo(Decision.RESTART);
            assertThat(t.state().revision()).isEqualTo("v3");
            assertThat(t.state().split()).isEqualTo(TrafficSplit.allStable());
            assertThat(t.state().failedAnalyses()).isZero();
            assertThat(t.state().phase()).isEqualTo(Phase.PROGRESSING);
            assertThat(t.actions()).startsWith(new Action.SetTraffic(TrafficSplit.allStable()), new Action.ScaleTrack(Track.CANARY, 100));
        }

        @Test
        void a_new_revision_after_success_starts_a_new_rollout() {
            Drive drive = new Drive(canaryWith(policy())).untilTerminal(i -> pass(), 20);

            Transition t = drive.stepExactly(Observation.at(drive.next().build().now(), "v3").build());

            assertThat(t.state().revision()).isEqualTo("v3");
            assertThat(t.state().phase()).isEqualTo(Phase.PROGRESSING);
            assertThat(t.actions()).doesNotContain(new Action.SetTraffic(TrafficSplit.allStable()));
        }

        @Test
        void a_terminal_phase_absorbs_steps_for_the_same_revision() {
            Drive drive = new Drive(canaryWith(policy())).untilTerminal(i -> fail(), 20);
            var ended = drive.state();

            Transition t = drive.step(drive.next(Command.PAUSE).verdicts(fail()));

            assertThat(t.state()).isEqualTo(ended);
            assertThat(t.actions()).isEmpty();
            assertThat(t.next().after()).isZero();
        }
    }
}
