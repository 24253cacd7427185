package dev.stepwise.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Observation;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.TrafficNeeds;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A strategy's declared {@link Strategy#trafficNeeds() needs} cover every split it ever writes,
 * over random valid configurations of each built-in strategy, healthy and failing analyses,
 * and operator commands at any step.
 */
class TrafficNeedsPropertiesTest {

    private static final int MAX_STEPS = 3000;

    @Provide
    Arbitrary<Strategy> strategies() {
        return Arbitraries.oneOf(canaries(), blueGreens(), abTests(), rollings());
    }

    private static Arbitrary<AnalysisPolicy> policies() {
        return Arbitraries.integers().between(1, 4).map(threshold -> AnalysisPolicy.builder().threshold(threshold)
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build());
    }

    private static Arbitrary<Strategy> canaries() {
        Arbitrary<List<Integer>> explicit = Arbitraries.integers().between(1, 50).set().ofMinSize(1).ofMaxSize(8)
                .map(s -> List.copyOf(new TreeSet<>(s)));
        Arbitrary<Optional<List<Integer>>> weights = Arbitraries.oneOf(explicit.map(Optional::of), Arbitraries.just(Optional.empty()));
        Arbitrary<Integer> step = Arbitraries.integers().between(1, 50);
        return Combinators.combine(weights, step, Arbitraries.of(true, false), Arbitraries.integers().between(0, 60),
                Arbitraries.of(true, false), Arbitraries.integers().between(1, 100), policies())
                .as((explicitWeights, stepWeight, mirror, promotion, baseline, mirrorWeight, policy) -> {
                    CanaryStrategyBuilder b = CanaryStrategy.builder().mirror(mirror).mirrorWeight(mirrorWeight)
                            .stepWeightPromotion(promotion).baseline(baseline).analysis(policy);
                    explicitWeights.ifPresentOrElse(b::stepWeights, () -> b.stepWeight(stepWeight).maxWeight(Math.max(stepWeight, 50)));
                    return b.build();
                });
    }

    private static Arbitrary<Strategy> blueGreens() {
        return Combinators.combine(Arbitraries.integers().between(1, 5), Arbitraries.of(true, false),
                Arbitraries.integers().between(1, 100), Arbitraries.integers().between(0, 3), policies())
                .as((n, mirror, mirrorWeight, post, policy) -> BlueGreenStrategy.builder().iterations(n).mirror(mirror)
                        .mirrorWeight(mirrorWeight).postPromotionIterations(post).scaleDownDelay(Duration.ofSeconds(30))
                        .analysis(policy).build());
    }

    private static Arbitrary<Strategy> abTests() {
        return Combinators.combine(Arbitraries.integers().between(1, 5), policies()).as((n, policy) ->
                ABTestStrategy.builder().iterations(n).analysis(policy)
                        .match(MatchCondition.cookie("beta", MatchCondition.Operator.EXACT, "yes")).build());
    }

    private static Arbitrary<Strategy> rollings() {
        Arbitrary<List<Integer>> batches = Arbitraries.integers().between(1, 99).set().ofMaxSize(4).map(s -> {
            List<Integer> list = new ArrayList<>(new TreeSet<>(s));
            list.add(100);
            return list;
        });
        return Combinators.combine(batches, Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 60),
                policies()).filter((b, s, u, p) -> s + u > 0).as((b, s, u, p) ->
                RollingStrategy.builder().batches(b).maxSurge(s).maxUnavailable(u).analysis(p).build());
    }

    @Provide
    Arbitrary<List<Verdict.Status>> outcomes() {
        return Arbitraries.of(Verdict.Status.values()).list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<Command> commands() {
        return Arbitraries.of(Command.PROMOTE, Command.PROMOTE_FULL, Command.ABORT);
    }

    @Property(tries = 1000)
    @Label("every split a healthy rollout writes is covered by the strategy's declared needs")
    void healthy_rollouts_stay_within_their_needs(@ForAll("strategies") Strategy strategy) {
        assertCovered(strategy, drive(strategy, List.of(Verdict.Status.PASS), Optional.empty(), 0));
    }

    @Property(tries = 1000)
    @Label("every split a rollout with failing or missing analyses writes is covered by the strategy's declared needs")
    void failing_rollouts_stay_within_their_needs(@ForAll("strategies") Strategy strategy,
                                                  @ForAll("outcomes") List<Verdict.Status> outcomes) {
        assertCovered(strategy, drive(strategy, outcomes, Optional.empty(), 0));
    }

    @Property(tries = 2000)
    @Label("every split a rollout writes after an operator's promote, promote-full or abort at any step is covered by its needs")
    void commanded_rollouts_stay_within_their_needs(@ForAll("strategies") Strategy strategy,
                                                    @ForAll("outcomes") List<Verdict.Status> outcomes,
                                                    @ForAll("commands") Command command,
                                                    @ForAll @IntRange(min = 0, max = 25) int commandAt) {
        assertCovered(strategy, drive(strategy, outcomes, Optional.of(command), commandAt));
    }

    /** Runs to the end, sending {@code command} at step {@code commandAt}. */
    private static Drive drive(Strategy strategy, List<Verdict.Status> outcomes, Optional<Command> command, int commandAt) {
        Drive drive = new Drive(strategy);
        int analyses = 0;
        for (int i = 0; i < MAX_STEPS && !drive.state().phase().isTerminal(); i++) {
            Observation.Builder obs = drive.next();
            if (drive.last() != null && drive.last().next().analysis()) {
                obs.verdicts(BuiltInStrategiesPropertiesTest.verdict(outcomes.get(analyses++ % outcomes.size())));
            }
            if (i == commandAt) {
                command.ifPresent(obs::command);
            }
            drive.step(obs);
        }
        return drive;
    }

    private static void assertCovered(Strategy strategy, Drive drive) {
        TrafficNeeds needs = strategy.trafficNeeds();
        List<TrafficSplit> written = new ArrayList<>(drive.splits());
        drive.transitions().forEach(t -> t.actions().stream().filter(a -> a instanceof Action.SetTraffic)
                .forEach(a -> written.add(((Action.SetTraffic) a).split())));
        assertThat(written).as("splits written by %s, needs %s", strategy, needs).allMatch(needs::covers);
    }
}
