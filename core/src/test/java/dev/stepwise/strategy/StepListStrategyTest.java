package dev.stepwise.strategy;

import static dev.stepwise.strategy.Drive.fail;
import static dev.stepwise.strategy.Drive.pass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.Transition;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Canary step list (Argo Rollouts' canary.steps)")
class StepListStrategyTest {

    static final MetricCheck LATENCY = MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.atMost(500));
    static final MatchCondition BETA = MatchCondition.header("x-beta", MatchCondition.Operator.EXACT, "yes");

    static AnalysisPolicy policy() {
        return AnalysisPolicy.builder()
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build();
    }

    static StepListStrategy steps(CanaryStep... steps) {
        return StepListStrategy.builder().analysis(policy()).steps(List.of(steps)).build();
    }

    static CanaryStep weight(int weight) {
        return new CanaryStep.SetWeight(weight);
    }

    /** Every check the look asked for passes: the rollout's own and the step's. */
    static List<Verdict> passAll(StepListStrategy strategy, Drive drive) {
        List<Verdict> verdicts = new ArrayList<>();
        strategy.analysisAt(drive.state()).expectedVerdicts().forEach(name -> verdicts.add(Verdict.pass(name, 1)));
        return verdicts;
    }

    /** Drives to the end with every check passing, promoting each pause that waits for it. */
    static Drive healthy(StepListStrategy strategy) {
        Drive drive = new Drive(strategy);
        for (int i = 0; i < 200 && !drive.state().phase().isTerminal(); i++) {
            var obs = drive.next();
            if (drive.last() != null && drive.last().next().analysis()) {
                obs.verdicts(passAll(strategy, drive));
            }
            if (drive.state().phase() == Phase.PAUSED) {
                obs.command(Command.PROMOTE);
            }
            drive.step(obs);
        }
        return drive;
    }

    @Nested
    @DisplayName("setWeight")
    class SetWeight {

        @Test
        @DisplayName("moves the weights in order, one analysis interval each, then promotes and routes back to stable")
        void weightsInOrder() {
            StepListStrategy strategy = steps(weight(10), weight(40), weight(100));

            Drive drive = healthy(strategy);

            assertThat(drive.canaryWeights()).containsExactly(0, 10, 40, 100, 100, 0, 0);
            assertThat(drive.decisions()).containsExactly("start", "advance", "advance", "advance", "promote",
                    "finalize", "succeed");
            assertThat(drive.state().phase()).isEqualTo(Phase.SUCCEEDED);
            assertThat(drive.transitions()).hasSize(strategy.stepsToSuccess());
        }

        @Test
        @DisplayName("judges the rollout's checks after each weight; the failure at the threshold rolls back")
        void failureRollsBack() {
            Drive drive = new Drive(steps(weight(10), weight(40)));
            drive.step(drive.next());
            drive.step(drive.next());
            assertThat(drive.last().next().analysis()).isTrue();

            Transition t = drive.step(drive.next().verdicts(fail()));

            assertThat(t.state().phase()).isEqualTo(Phase.ROLLED_BACK);
            assertThat(t.actions()).contains(new Action.SetTraffic(TrafficSplit.allStable()), new Action.ScaleTrack(Track.CANARY, 0));
        }

        @Test
        @DisplayName("asks confirm-traffic-increase before a weight rises, like the canary")
        void gates() {
            StepListStrategy strategy = steps(weight(10));
            assertThat(strategy.kind()).isEqualTo(StrategyKind.CANARY);
            Drive drive = new Drive(strategy);
            drive.step(drive.next());
            assertThat(drive.last().next().gates()).isEmpty(); // no gate configured: none asked
        }
    }

    @Nested
    @DisplayName("pause")
    class Pause {

        @Test
        @DisplayName("with a duration waits that long, judging the analysis at each interval, then goes on")
        void timed() {
            StepListStrategy strategy = steps(weight(20), CanaryStep.Pause.of(Duration.ofSeconds(150)), weight(50));
            Drive drive = new Drive(strategy);
            drive.step(drive.next());
            drive.step(drive.next());
            Transition entered = drive.step(drive.next().verdicts(pass()));
            assertThat(entered.reason()).contains("steps[1]: pause 2m30s");
            assertThat(entered.next().analysis()).isTrue();

            Transition first = drive.step(drive.next().verdicts(pass()));
            assertThat(first.decision()).isEqualTo(Decision.WAIT);
            assertThat(first.reason()).contains("1m30s left");
            Transition second = drive.step(drive.next().verdicts(pass()));
            assertThat(second.next().after()).isEqualTo(Duration.ofSeconds(30));
            Transition done = drive.step(drive.next().verdicts(pass()));

            assertThat(done.state().split().canary()).isEqualTo(50);
            assertThat(healthy(strategy).transitions()).hasSize(strategy.stepsToSuccess());
        }

        @Test
        @DisplayName("with a duration still rolls back when the analysis fails during it")
        void timedFailing() {
            Drive drive = new Drive(steps(weight(20), CanaryStep.Pause.of(Duration.ofMinutes(10)), weight(50)));
            drive.step(drive.next());
            drive.step(drive.next());
            drive.step(drive.next().verdicts(pass()));

            Transition t = drive.step(drive.next().verdicts(fail()));

            assertThat(t.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        }

        @Test
        @DisplayName("without a duration pauses the rollout until promote, judging the analysis meanwhile")
        void untilPromoted() {
            StepListStrategy strategy = steps(weight(20), CanaryStep.Pause.untilPromoted(), weight(50));
            Drive drive = new Drive(strategy);
            drive.step(drive.next());
            drive.step(drive.next());
            Transition paused = drive.step(drive.next().verdicts(pass()));
            assertThat(paused.state().phase()).isEqualTo(Phase.PAUSED);
            assertThat(paused.decision()).isEqualTo(Decision.PAUSE);
            assertThat(paused.reason()).contains("waits for promote");
            assertThat(paused.next().analysis()).isTrue();

            Transition waiting = drive.step(drive.next().verdicts(pass()));
            assertThat(waiting.state().phase()).isEqualTo(Phase.PAUSED);
            assertThat(waiting.reason()).contains("paused at steps[1] until promoted");

            Transition promoted = drive.step(drive.next(Command.PROMOTE));
            assertThat(promoted.state().phase()).isEqualTo(Phase.PROGRESSING);
            assertThat(promoted.state().split().canary()).isEqualTo(50);
            assertThat(promoted.reason()).startsWith("steps[1] promoted by operator");
            assertThat(healthy(strategy).transitions()).hasSize(strategy.stepsToSuccess());
        }

        @Test
        @DisplayName("without a duration also goes on at resume, and rolls back on a failed analysis while waiting")
        void resumeAndFailure() {
            StepListStrategy strategy = steps(weight(20), CanaryStep.Pause.untilPromoted(), weight(50));
            Drive resumed = new Drive(strategy);
            resumed.step(resumed.next());
            resumed.step(resumed.next());
            resumed.step(resumed.next().verdicts(pass()));
            assertThat(resumed.step(resumed.next(Command.RESUME)).state().split().canary()).isEqualTo(50);

            Drive failing = new Drive(strategy);
            failing.step(failing.next());
            failing.step(failing.next());
            failing.step(failing.next().verdicts(pass()));
            assertThat(failing.step(failing.next().verdicts(fail())).state().phase()).isEqualTo(Phase.ROLLED_BACK);
        }

        @Test
        @DisplayName("without a duration ends at abort like any rollout")
        void abortWhilePaused() {
            Drive drive = new Drive(steps(weight(20), CanaryStep.Pause.untilPromoted(), weight(50)));
            drive.step(drive.next());
            drive.step(drive.next());
            drive.step(drive.next().verdicts(pass()));

            Transition aborted = drive.step(drive.next(Command.ABORT));

            assertThat(aborted.state().phase()).isEqualTo(Phase.ABORTED);
            assertThat(aborted.actions()).contains(new Action.SetTraffic(TrafficSplit.allStable()));
        }
    }

    @Nested
    @DisplayName("analysis")
    class Analysis {

        StepListStrategy strategy(int threshold, int iterations) {
            AnalysisPolicy policy = AnalysisPolicy.builder().threshold(threshold)
                    .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build();
            return StepListStrategy.builder().analysis(policy)
                    .steps(List.of(weight(20), new CanaryStep.Analysis(List.of(LATENCY), iterations), weight(50))).build();
        }

        @Test
        @DisplayName("runs its checks at its step only, on top of the rollout's own")
        void scoped() {
            StepListStrategy strategy = strategy(1, 1);
            Drive drive = new Drive(strategy);
            drive.step(drive.next());
            drive.step(drive.next());
            assertThat(strategy.analysisAt(drive.state()).expectedVerdicts()).containsExactly(MetricCheck.REQUEST_SUCCESS_RATE);
            drive.step(drive.next().verdicts(pass()));

            assertThat(strategy.analysisAt(drive.state()).expectedVerdicts())
                    .containsExactly(MetricCheck.REQUEST_SUCCESS_RATE, MetricCheck.REQUEST_DURATION);
            drive.step(drive.next().verdicts(passAll(strategy, drive)));
            assertThat(drive.state().split().canary()).isEqualTo(50);
            assertThat(strategy.analysisAt(drive.state()).expectedVerdicts()).containsExactly(MetricCheck.REQUEST_SUCCESS_RATE);
            assertThat(healthy(strategy).transitions()).hasSize(strategy.stepsToSuccess());
        }

        @Test
        @DisplayName("fails the rollout when its check fails at the threshold, and holds below it")
        void failing() {
            List<Verdict> slow = List.of(Verdict.pass(MetricCheck.REQUEST_SUCCESS_RATE, 99.9),
                    Verdict.fail(MetricCheck.REQUEST_DURATION, 900, "900 > max 500"));
            Drive once = new Drive(strategy(1, 1));
            once.step(once.next());
            once.step(once.next());
            once.step(once.next().verdicts(pass()));
            assertThat(once.step(once.next().verdicts(slow)).state().phase()).isEqualTo(Phase.ROLLED_BACK);

            Drive twice = new Drive(strategy(2, 1));
            twice.step(twice.next());
            twice.step(twice.next());
            twice.step(twice.next().verdicts(pass()));
            Transition held = twice.step(twice.next().verdicts(slow));
            assertThat(held.decision()).isEqualTo(Decision.HOLD);
            assertThat(held.state().stepIndex()).isEqualTo(1);
            assertThat(twice.step(twice.next().verdicts(slow)).state().phase()).isEqualTo(Phase.ROLLED_BACK);
        }

        @Test
        @DisplayName("a missing step check is no data, not a pass")
        void missingVerdict() {
            Drive drive = new Drive(strategy(1, 1));
            drive.step(drive.next());
            drive.step(drive.next());
            drive.step(drive.next().verdicts(pass()));

            Transition t = drive.step(drive.next().verdicts(pass()));

            assertThat(t.analysis()).isEqualTo(AnalysisOutcome.NO_DATA);
            assertThat(t.state().stepIndex()).isEqualTo(1);
        }

        @Test
        @DisplayName("with iterations needs that many passing intervals")
        void iterations() {
            StepListStrategy strategy = strategy(1, 3);
            Drive drive = healthy(strategy);
            assertThat(drive.canaryWeights()).containsExactly(0, 20, 20, 20, 20, 50, 50, 0, 0);
            assertThat(drive.transitions()).hasSize(strategy.stepsToSuccess());
        }
    }

    @Nested
    @DisplayName("header and mirror routes, canary scale")
    class Routes {

        @Test
        @DisplayName("a header route sends matching requests to the canary until traffic returns to stable after promotion")
        void headerRoute() {
            StepListStrategy strategy = steps(new CanaryStep.SetHeaderRoute("beta", List.of(BETA)), weight(10), weight(30));
            Drive drive = healthy(strategy);

            List<TrafficSplit> splits = drive.splits();
            assertThat(splits.get(1).matches()).containsExactly(new dev.stepwise.traffic.RouteMatch(List.of(BETA), Track.CANARY));
            assertThat(splits.get(3).matches()).hasSize(1);
            Transition finalize = drive.transitions().get(drive.transitions().size() - 2);
            assertThat(finalize.decision()).isEqualTo(Decision.FINALIZE);
            assertThat(finalize.actions()).contains(new Action.SetTraffic(TrafficSplit.allStable()));
            assertThat(finalize.reason()).contains("header routes removed");
            assertThat(drive.transitions()).hasSize(strategy.stepsToSuccess());
        }

        @Test
        @DisplayName("a header route is removed by a step naming it without a match")
        void headerRouteRemoved() {
            Drive drive = healthy(steps(new CanaryStep.SetHeaderRoute("beta", List.of(BETA)),
                    CanaryStep.SetHeaderRoute.remove("beta"), weight(10)));

            assertThat(drive.splits().get(2).matches()).isEmpty();
        }

        @Test
        @DisplayName("a mirror copies stable traffic to the canary and ends at promotion")
        void mirror() {
            StepListStrategy strategy = steps(CanaryStep.SetMirrorRoute.of("shadow", 50), weight(20));
            Drive drive = healthy(strategy);

            assertThat(drive.splits().get(1).mirrorPercent()).isEqualTo(50);
            Transition promote = drive.transitions().stream().filter(t -> t.decision() == Decision.PROMOTE).findFirst().orElseThrow();
            assertThat(promote.actions().get(0)).isEqualTo(new Action.SetTraffic(TrafficSplit.canary(20)));
            assertThat(promote.state().split().mirrorPercent()).isZero();
            assertThat(drive.transitions()).hasSize(strategy.stepsToSuccess());
        }

        @Test
        @DisplayName("setCanaryScale sets the canary's replicas, or makes them follow the weight, scaling up before traffic")
        void canaryScale() {
            Drive drive = healthy(steps(CanaryStep.SetCanaryScale.toWeight(25), CanaryStep.SetCanaryScale.matchTrafficWeight(),
                    weight(40)));

            assertThat(drive.transitions().get(1).actions()).contains(new Action.ScaleTrack(Track.CANARY, 25));
            assertThat(drive.transitions().get(2).actions()).contains(new Action.ScaleTrack(Track.CANARY, 1));
            assertThat(drive.transitions().get(3).actions().subList(0, 2)).containsExactly(
                    new Action.ScaleTrack(Track.CANARY, 40), new Action.SetTraffic(TrafficSplit.canary(40)));
        }

        @Test
        @DisplayName("needs header matching and mirroring from the router, and a router lacking them refuses it with the step")
        void needs() {
            StepListStrategy strategy = steps(new CanaryStep.SetHeaderRoute("beta", List.of(BETA)),
                    CanaryStep.SetMirrorRoute.of("shadow", 50), weight(25));

            List<String> reasons = new RouterCapabilities(true, false, false, 1).check(strategy.trafficNeeds());

            assertThat(reasons).hasSize(2);
            assertThat(reasons.get(0)).contains("cannot match requests by header", "steps[0].setHeaderRoute");
            assertThat(reasons.get(1)).contains("cannot mirror traffic", "steps[1].setMirrorRoute");
            assertThat(RouterCapabilities.all().check(strategy.trafficNeeds())).isEmpty();
            healthy(strategy).splits().forEach(split -> assertThat(strategy.trafficNeeds().covers(split)).isTrue());
        }
    }

    @Nested
    @DisplayName("operator commands")
    class Commands {

        @Test
        @DisplayName("abort in the middle of the steps returns every request to stable")
        void abort() {
            Drive drive = new Drive(steps(new CanaryStep.SetHeaderRoute("beta", List.of(BETA)), weight(30), weight(60)));
            drive.step(drive.next());
            drive.step(drive.next());
            drive.step(drive.next().verdicts(pass()));

            Transition aborted = drive.step(drive.next(Command.ABORT));

            assertThat(aborted.state().phase()).isEqualTo(Phase.ABORTED);
            assertThat(aborted.state().split()).isEqualTo(TrafficSplit.allStable());
        }

        @Test
        @DisplayName("promote skips the rest of a timed pause; promote-full skips every remaining step")
        void promote() {
            StepListStrategy strategy = steps(weight(20), CanaryStep.Pause.of(Duration.ofHours(1)), weight(50), weight(80));
            Drive drive = new Drive(strategy);
            drive.step(drive.next());
            drive.step(drive.next());
            drive.step(drive.next().verdicts(pass()));
            assertThat(drive.step(drive.next(Command.PROMOTE)).state().split().canary()).isEqualTo(50);

            Transition full = drive.step(drive.next(Command.PROMOTE_FULL));
            assertThat(full.decision()).isEqualTo(Decision.PROMOTE);
        }

        @Test
        @DisplayName("an operator's pause at a weight step waits for resume, as in every built-in")
        void operatorPause() {
            Drive drive = new Drive(steps(weight(20), weight(50)));
            drive.step(drive.next());
            drive.step(drive.next());
            assertThat(drive.step(drive.next(Command.PAUSE)).state().phase()).isEqualTo(Phase.PAUSED);
            assertThat(drive.step(drive.next(Command.PROMOTE)).state().phase()).isEqualTo(Phase.PAUSED);
            assertThat(drive.step(drive.next(Command.RESUME)).state().phase()).isEqualTo(Phase.PROGRESSING);
        }
    }

    @Nested
    @DisplayName("validation")
    class Validation {

        List<Problem> problems(CanaryStep... steps) {
            return StepListStrategy.builder().analysis(policy()).steps(List.of(steps)).problems();
        }

        @Test
        @DisplayName("refuses an empty list, a decreasing weight, removing an unknown route and a second mirror")
        void listProblems() {
            assertThat(problems()).extracting(Problem::path).containsExactly("steps");
            assertThat(problems(weight(50), weight(20))).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("steps[1].setWeight");
                assertThat(p.message()).contains("must not be below the weight before it, 50 (steps[0])");
            });
            assertThat(problems(CanaryStep.SetHeaderRoute.remove("x"))).extracting(Problem::path)
                    .containsExactly("steps[0].setHeaderRoute.name");
            assertThat(problems(CanaryStep.SetMirrorRoute.remove("x"))).extracting(Problem::path)
                    .containsExactly("steps[0].setMirrorRoute.name");
            assertThat(problems(CanaryStep.SetMirrorRoute.of("a", 10), CanaryStep.SetMirrorRoute.of("b", 10)))
                    .singleElement().satisfies(p -> assertThat(p.message()).contains("one mirror runs at a time"));
            assertThat(problems(CanaryStep.SetMirrorRoute.of("a", 10), CanaryStep.SetMirrorRoute.remove("a"),
                    CanaryStep.SetMirrorRoute.of("b", 10))).isEmpty();
        }

        @Test
        @DisplayName("refuses a step check named like one of the rollout's own, or twice in the step")
        void checkNames() {
            MetricCheck own = MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(90));
            assertThat(problems(CanaryStep.Analysis.of(own))).extracting(Problem::path)
                    .containsExactly("steps[0].analysis.metrics[0].name");
            assertThat(problems(CanaryStep.Analysis.of(LATENCY, LATENCY))).extracting(Problem::path)
                    .containsExactly("steps[0].analysis.metrics[1].name");
            assertThatThrownBy(() -> StepListStrategy.builder().build()).isInstanceOf(InvalidConfigException.class);
        }

        @Test
        @DisplayName("each step checks its own range")
        void ranges() {
            assertThatThrownBy(() -> weight(101)).hasMessageContaining("setWeight").hasMessageContaining("between 0 and 100");
            assertThatThrownBy(() -> CanaryStep.Pause.of(Duration.ZERO)).hasMessageContaining("between 1s");
            assertThatThrownBy(() -> CanaryStep.SetMirrorRoute.of("m", 0)).hasMessageContaining("percentage");
            assertThatThrownBy(() -> CanaryStep.SetCanaryScale.toWeight(0)).hasMessageContaining("weight");
            assertThatThrownBy(() -> new CanaryStep.Analysis(List.of(LATENCY), 0)).hasMessageContaining("iterations");
        }
    }
}
