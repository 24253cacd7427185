package dev.stepwise.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.NoDataPolicy;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Invariants every built-in strategy keeps, over random configurations and analysis outcomes. */
class BuiltInStrategiesPropertiesTest {

    @Provide
    Arbitrary<Strategy> strategies() {
        Arbitrary<AnalysisPolicy> policies = Combinators.combine(Arbitraries.integers().between(1, 6),
                Arbitraries.integers().between(0, 3)).as((threshold, hold) -> AnalysisPolicy.builder()
                .threshold(threshold).noData(new NoDataPolicy(hold))
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build());
        Arbitrary<Strategy> canary = Combinators.combine(Arbitraries.integers().between(1, 100), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 100), policies).as((step, mirror, promo, p) ->
                CanaryStrategy.builder().stepWeight(step).mirror(mirror).stepWeightPromotion(promo).analysis(p).build());
        Arbitrary<Strategy> baselineCanary = Combinators.combine(Arbitraries.integers().between(1, 50), policies).as((step, p) ->
                CanaryStrategy.builder().stepWeight(step).maxWeight(50).baseline(true).analysis(p).build());
        Arbitrary<Strategy> blueGreen = Combinators.combine(Arbitraries.integers().between(1, 12), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 200), policies).as((n, mirror, post, delay, p) ->
                BlueGreenStrategy.builder().iterations(n).mirror(mirror).postPromotionIterations(post)
                        .scaleDownDelay(Duration.ofSeconds(delay)).analysis(p).build());
        Arbitrary<Strategy> abTest = Combinators.combine(Arbitraries.integers().between(1, 12), policies).as((n, p) ->
                ABTestStrategy.builder().iterations(n).match(MatchCondition.header("x-canary", MatchCondition.Operator.EXACT, "insider"))
                        .analysis(p).build());
        Arbitrary<List<Integer>> batches = Arbitraries.integers().between(1, 99).set().ofMaxSize(5).map(s -> {
            List<Integer> list = new ArrayList<>(new TreeSet<>(s));
            list.add(100);
            return list;
        });
        Arbitrary<Strategy> rolling = Combinators.combine(batches, Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(0, 100), policies).filter((b, s, u, p) -> s + u > 0).as((b, s, u, p) ->
                RollingStrategy.builder().batches(b).maxSurge(s).maxUnavailable(u).analysis(p).build());
        return Arbitraries.oneOf(canary, baselineCanary, blueGreen, abTest, rolling);
    }

    @Provide
    Arbitrary<List<Verdict.Status>> outcomes() {
        // Hold is left out: only its judge's hold limit ends a run of holds (by turning one into a Fail),
        // so a run of nothing but holds never ends by itself.
        return Arbitraries.of(Verdict.Status.values()).filter(s -> s != Verdict.Status.HOLD).list().ofMinSize(1)
                .ofMaxSize(40);
    }

    static List<Verdict> verdict(Verdict.Status status) {
        return CanaryPropertiesTest.verdict(status);
    }

    static Drive run(Strategy strategy, List<Verdict.Status> outcomes) {
        return new Drive(strategy).untilTerminal(i -> verdict(outcomes.get(i % outcomes.size())), 3000);
    }

    @Property(tries = 500)
    @Label("every step's weights sum to 100, and every run without commands ends")
    void weights_sum_to_100_and_runs_end(@ForAll("strategies") Strategy strategy, @ForAll("outcomes") List<Verdict.Status> outcomes) {
        Drive drive = run(strategy, outcomes);

        for (Transition t : drive.transitions()) {
            TrafficSplit s = t.state().split();
            assertThat(s.stable() + s.canary() + s.baseline()).isEqualTo(100);
        }
        assertThat(drive.state().phase()).isIn(Phase.SUCCEEDED, Phase.ROLLED_BACK);
    }

    @Property(tries = 500)
    @Label("a rollback or abort always ends with every request on stable and the canary scaled to zero")
    void ending_on_stable_routes_everything_to_stable(@ForAll("strategies") Strategy strategy,
                                                      @ForAll("outcomes") List<Verdict.Status> outcomes,
                                                      @ForAll @IntRange(min = 0, max = 30) int abortAfter) {
        Drive drive = new Drive(strategy);
        drive.untilTerminal(i -> verdict(outcomes.get(i % outcomes.size())), abortAfter);
        if (!drive.state().phase().isTerminal()) {
            drive.step(drive.next(Command.ABORT));
        }
        if (drive.state().phase() == Phase.ROLLED_BACK || drive.state().phase() == Phase.ABORTED) {
            assertThat(drive.state().split()).isEqualTo(TrafficSplit.allStable());
            List<Action> last = drive.last().actions();
            assertThat(last).contains(new Action.SetTraffic(TrafficSplit.allStable()), new Action.ScaleTrack(Track.CANARY, 0));
            assertThat(last.indexOf(new Action.SetTraffic(TrafficSplit.allStable())))
                    .as("traffic leaves the canary before the canary is scaled down")
                    .isLessThan(last.indexOf(new Action.ScaleTrack(Track.CANARY, 0)));
        }
    }

    @Property(tries = 500)
    @Label("terminal phases absorb every observation of the same revision without retry")
    void terminal_phases_absorb(@ForAll("strategies") Strategy strategy, @ForAll("outcomes") List<Verdict.Status> outcomes,
                                @ForAll @Size(max = 4) Set<Command> commands) {
        Drive drive = run(strategy, outcomes);
        RolloutState ended = drive.state();
        Set<Command> noRetry = new TreeSet<>(commands);
        noRetry.remove(Command.RETRY);

        for (Verdict.Status status : outcomes) {
            Transition t = drive.step(drive.next().commands(noRetry).verdicts(verdict(status)));
            assertThat(t.state()).isEqualTo(ended);
            assertThat(t.actions()).isEmpty();
            assertThat(t.decision().label()).isEqualTo("none");
        }
    }

    @Property(tries = 500)
    @Label("a healthy rollout succeeds in exactly stepsToSuccess steps and never on missing data")
    void healthy_rollouts_take_steps_to_success(@ForAll("strategies") Strategy strategy) {
        Drive healthy = run(strategy, List.of(Verdict.Status.PASS));
        Drive silent = run(strategy, List.of(Verdict.Status.NO_DATA));

        assertThat(healthy.state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(healthy.transitions()).hasSize(strategy.stepsToSuccess());
        assertThat(silent.state().phase()).as("no data is never success").isEqualTo(Phase.ROLLED_BACK);
        assertThat(silent.transitions()).noneMatch(t -> t.analysis() == AnalysisOutcome.PASS);
    }

    @Property(tries = 300)
    @Label("a failing rollout rolls back after exactly threshold failed analyses")
    void failing_rollouts_roll_back_at_threshold(@ForAll("strategies") Strategy strategy) {
        Drive drive = run(strategy, List.of(Verdict.Status.FAIL));

        assertThat(drive.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(drive.transitions()).filteredOn(t -> t.analysis() == AnalysisOutcome.FAIL)
                .hasSize(strategy.analysis().threshold());
    }
}
