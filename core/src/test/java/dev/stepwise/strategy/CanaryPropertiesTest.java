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
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
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

/** Invariants of the canary strategy over its whole configuration space. */
class CanaryPropertiesTest {

    /** A canary configuration with the weights it must produce, computed independently of the strategy. */
    record Config(CanaryStrategy strategy, List<Integer> expectedWeights, int max, boolean mirror, int promotionStep, int threshold) {
        @Override
        public String toString() {
            return strategy.toString();
        }
    }

    @Provide
    Arbitrary<Config> configs() {
        Arbitrary<int[]> byStep = Arbitraries.integers().between(1, 100).flatMap(step ->
                Arbitraries.integers().between(step, 100).map(max -> new int[] {step, max}));
        Arbitrary<List<Integer>> explicit = Arbitraries.integers().between(1, 100).set().ofMinSize(1).ofMaxSize(12)
                .map(s -> List.copyOf(new TreeSet<>(s)));
        Arbitrary<Object> weights = Arbitraries.oneOf(byStep.map(a -> (Object) a), explicit.map(l -> (Object) l));
        return Combinators.combine(weights, Arbitraries.of(true, false), Arbitraries.integers().between(0, 100),
                Arbitraries.integers().between(1, 8), Arbitraries.integers().between(0, 3)).as((w, mirror, promo, threshold, hold) -> {
            CanaryStrategyBuilder b = CanaryStrategy.builder().mirror(mirror).stepWeightPromotion(promo)
                    .analysis(AnalysisPolicy.builder().threshold(threshold).noData(new NoDataPolicy(hold))
                            .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build());
            List<Integer> expected = new ArrayList<>();
            if (w instanceof int[] a) {
                b.stepWeight(a[0]).maxWeight(a[1]);
                for (int x = a[0]; x < a[1]; x += a[0]) {
                    expected.add(x);
                }
                expected.add(a[1]);
            } else {
                @SuppressWarnings("unchecked") List<Integer> l = (List<Integer>) w;
                b.stepWeights(l);
                expected.addAll(l);
            }
            int max = expected.get(expected.size() - 1);
            return new Config(b.build(), expected, max, mirror, promo, threshold);
        });
    }

    @Provide
    Arbitrary<List<Verdict.Status>> outcomes() {
        // Hold is left out: only its judge's hold limit ends a run of holds (by turning one into a Fail),
        // so a run of nothing but holds never ends by itself.
        return Arbitraries.of(Verdict.Status.values()).filter(s -> s != Verdict.Status.HOLD).list().ofMinSize(1)
                .ofMaxSize(80);
    }

    static List<Verdict> verdict(Verdict.Status status) {
        return switch (status) {
            case PASS -> List.of(Verdict.pass("request-success-rate", 99.5));
            case FAIL -> List.of(Verdict.fail("request-success-rate", 42, "42 < 99"));
            case NO_DATA -> List.of(Verdict.noData("request-success-rate", "no requests"));
            case ERROR -> List.of(Verdict.error("request-success-rate", "timeout"));
            case HOLD -> List.of(Verdict.hold("request-success-rate", 0.5, "judge collecting evidence"));
        };
    }

    @Property
    @Label("weights sum to 100 and the canary stays within [0, maxWeight], whatever the analyses say")
    void weights_stay_within_bounds(@ForAll("configs") Config config, @ForAll("outcomes") List<Verdict.Status> outcomes) {
        Drive drive = new Drive(config.strategy()).untilTerminal(i -> verdict(outcomes.get(i % outcomes.size())), 300);

        for (Transition t : drive.transitions()) {
            TrafficSplit s = t.state().split();
            assertThat(s.stable() + s.canary() + s.baseline()).isEqualTo(100);
            assertThat(s.canary()).isBetween(0, config.max());
            if (t.state().phase() == Phase.PROGRESSING) {
                assertThat(config.expectedWeights()).as("a progressing weight is one of the spec's steps")
                        .contains(s.canary() == 0 ? config.expectedWeights().get(0) : s.canary());
            }
        }
    }

    @Property
    @Label("a rollback always ends with every request on stable and the canary scaled to zero")
    void rollback_ends_at_canary_zero(@ForAll("configs") Config config, @ForAll("outcomes") List<Verdict.Status> outcomes) {
        // 100 weights, alternating data and no data, and a promotion step of 1 take ~400 steps.
        Drive drive = new Drive(config.strategy()).untilTerminal(i -> verdict(outcomes.get(i % outcomes.size())), 2000);

        if (drive.state().phase() == Phase.ROLLED_BACK) {
            assertThat(drive.state().split()).isEqualTo(TrafficSplit.allStable());
            assertThat(drive.last().actions()).contains(new Action.SetTraffic(TrafficSplit.allStable()),
                    new Action.ScaleTrack(Track.CANARY, 0));
        }
        assertThat(drive.state().phase()).as("every run without operator commands ends")
                .isIn(Phase.SUCCEEDED, Phase.ROLLED_BACK);
    }

    @Property
    @Label("terminal phases are absorbing for every observation of the same revision without retry")
    void terminal_phases_absorb(@ForAll("configs") Config config, @ForAll("outcomes") List<Verdict.Status> outcomes,
                                @ForAll @Size(max = 3) Set<Command> commands, @ForAll @IntRange(min = 1, max = 5) int extraSteps) {
        Drive drive = new Drive(config.strategy()).untilTerminal(i -> verdict(outcomes.get(i % outcomes.size())), 300);
        drive.step(drive.next(Command.ABORT));
        RolloutState ended = drive.state();
        assertThat(ended.phase().isTerminal()).isTrue();

        Set<Command> noRetry = new TreeSet<>(commands);
        noRetry.remove(Command.RETRY);
        for (int i = 0; i < extraSteps; i++) {
            Transition t = drive.step(drive.next().commands(noRetry).verdicts(verdict(outcomes.get(i % outcomes.size()))));
            assertThat(t.state()).isEqualTo(ended);
            assertThat(t.actions()).isEmpty();
        }
    }

    @Property
    @Label("a canary whose analyses all pass reaches Succeeded in exactly the predicted number of intervals")
    void healthy_canary_takes_the_predicted_intervals(@ForAll("configs") Config config) {
        Drive drive = new Drive(config.strategy()).untilTerminal(i -> verdict(Verdict.Status.PASS), 300);

        int routeBack = config.promotionStep() == 0 ? 1 : (config.max() + config.promotionStep() - 1) / config.promotionStep();
        int predicted = 1 + (config.mirror() ? 1 : 0) + 1 + config.expectedWeights().size() + routeBack + 1;
        assertThat(drive.state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(drive.transitions()).hasSize(predicted);
        assertThat(config.strategy().stepsToSuccess()).isEqualTo(predicted);
        assertThat(drive.transitions()).filteredOn(t -> t.analysis() == AnalysisOutcome.PASS)
                .hasSize(config.expectedWeights().size() + (config.mirror() ? 1 : 0));
    }

    @Property
    @Label("a failing canary rolls back after exactly threshold failed analyses")
    void failing_canary_rolls_back_at_threshold(@ForAll("configs") Config config) {
        Drive drive = new Drive(config.strategy()).untilTerminal(i -> verdict(Verdict.Status.FAIL), 300);

        assertThat(drive.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(drive.transitions()).filteredOn(t -> t.analysis() == AnalysisOutcome.FAIL).hasSize(config.threshold());
        assertThat(drive.transitions()).hasSize(2 + config.threshold());
    }

    @Property
    @Label("missing data never advances a rollout")
    void missing_data_never_advances(@ForAll("configs") Config config) {
        Drive drive = new Drive(config.strategy()).untilTerminal(i -> verdict(Verdict.Status.NO_DATA), 300);

        assertThat(drive.transitions()).noneMatch(t -> t.analysis() == AnalysisOutcome.PASS);
        assertThat(drive.state().phase()).isEqualTo(Phase.ROLLED_BACK);
    }

    @Property
    @Label("a step is a pure function: equal inputs give equal transitions, across equal strategies")
    void steps_are_pure(@ForAll("configs") Config config, @ForAll("outcomes") List<Verdict.Status> outcomes) {
        Drive drive = new Drive(config.strategy()).untilTerminal(i -> verdict(outcomes.get(i % outcomes.size())), 50);
        RolloutState before = config.strategy().initialState("v2", Drive.T0);
        for (int i = 0; i < drive.transitions().size(); i++) {
            Observation obs = observationsOf(drive).get(i);
            Transition once = config.strategy().step(before, obs);
            Transition again = config.strategy().step(before, obs);
            assertThat(again).isEqualTo(once).isEqualTo(drive.transitions().get(i));
            before = once.state();
        }
    }

    private static List<Observation> observationsOf(Drive drive) {
        return drive.observations();
    }
}
