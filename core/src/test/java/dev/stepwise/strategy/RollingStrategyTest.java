package dev.stepwise.strategy;

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
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.Problem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RollingStrategyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String REV = "rev-2";
    private static final String METRIC = MetricCheck.REQUEST_SUCCESS_RATE;

    // ---- a healthy run, replica by replica ----------------------------------------------------

    static Stream<Arguments> replicaSequences() {
        return Stream.of(
                Arguments.of("batches [25, 50, 100], surge 25, unavailable 0",
                        strategy(List.of(25, 50, 100), 25, 0), List.of(
                                "stable 100", "canary 25", "stable 75", "canary 50", "stable 50", "canary 75",
                                "stable 25, canary 100", "stable 0",
                                "stable 25", "canary 75, stable 50", "canary 50, stable 75", "canary 25, stable 100",
                                "canary 0")),
                Arguments.of("batches [10, 100], surge 50, unavailable 25",
                        strategy(List.of(10, 100), 50, 25), List.of(
                                "stable 100", "stable 90, canary 10", "-", "stable 65, canary 85",
                                "stable 0, canary 100", "-",
                                "canary 75, stable 75", "canary 0, stable 100", "canary 0")),
                Arguments.of("batches [100], surge 100, unavailable 0",
                        strategy(List.of(100), 100, 0), List.of(
                                "stable 100", "canary 100", "stable 0", "stable 100", "canary 0")),
                Arguments.of("batches [50, 100], surge 0, unavailable 25",
                        strategy(List.of(50, 100), 0, 25), List.of(
                                "stable 100", "stable 75, canary 25", "stable 50, canary 50", "-",
                                "stable 25, canary 75", "stable 0, canary 100", "-",
                                "canary 75, stable 25", "canary 50, stable 50", "canary 25, stable 75",
                                "canary 0, stable 100", "canary 0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replicaSequences")
    @DisplayName("A healthy run scales the tracks in exactly this order, one line per step")
    void healthyRunScalesInOrder(String name, RollingStrategy strategy, List<String> expected) {
        Run run = Run.healthy(strategy);

        assertThat(run.transitions).extracting(RollingStrategyTest::scales).containsExactlyElementsOf(expected);
        assertThat(run.last().state().phase()).isEqualTo(Phase.SUCCEEDED);
    }

    static Stream<Arguments> stepCounts() {
        return Stream.of(
                Arguments.of(strategy(List.of(25, 50, 100), 25, 0), 13),
                Arguments.of(strategy(List.of(10, 100), 50, 25), 9),
                Arguments.of(strategy(List.of(100), 100, 0), 5),
                Arguments.of(strategy(List.of(50, 100), 0, 25), 12),
                Arguments.of(strategy(List.of(1, 2, 3, 100), 1, 0), 2 + 4 + 3 + 97 + 100),
                Arguments.of(strategy(List.of(30, 60, 100), 100, 100), 2 + 3 + 3 + 1));
    }

    @ParameterizedTest(name = "{0}: {1} steps")
    @MethodSource("stepCounts")
    @DisplayName("stepsToSuccess is the length of a healthy run")
    void stepsToSuccessMatchesARun(RollingStrategy strategy, int steps) {
        assertThat(strategy.stepsToSuccess()).isEqualTo(steps);
        assertThat(Run.healthy(strategy).transitions).hasSize(steps);
    }

    @Property(tries = 300)
    @Label("In every healthy run, after every single action, pods stay within maxSurge and maxUnavailable")
    void everyActionKeepsTheBudget(@ForAll @Size(max = 6) Set<@IntRange(min = 1, max = 99) Integer> early,
                                   @ForAll @IntRange(min = 0, max = 100) int maxSurge,
                                   @ForAll @IntRange(min = 0, max = 100) int maxUnavailable) {
        Assume.that(maxSurge + maxUnavailable > 0);
        List<Integer> batches = new ArrayList<>(new TreeSet<>(early));
        batches.add(100);
        RollingStrategy strategy = strategy(batches, maxSurge, maxUnavailable);

        Run run = Run.healthy(strategy); // the cluster asserts the budget and the weights per action

        assertThat(run.last().state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(run.transitions).hasSize(strategy.stepsToSuccess());
        assertThat(run.cluster.stable).isEqualTo(100);
        assertThat(run.cluster.canary).isZero();
    }

    // ---- readiness, analysis, commands --------------------------------------------------------

    @Nested
    class Progressing {

        @Test
        @DisplayName("Starting scales no canary: the first sub-step waits for the first progressing step")
        void startScalesNoCanary() {
            Transition start = step(RollingStrategy.ofDefaults(), RolloutState.initial(REV, T0), obs(0));

            assertThat(start.state().phase()).isEqualTo(Phase.PROGRESSING);
            assertThat(start.actions()).filteredOn(Action.ScaleTrack.class::isInstance)
                    .containsExactly(new Action.ScaleTrack(Track.STABLE, 100));
        }

        @Test
        @DisplayName("A new revision in the middle of a move restarts with stable restored to 100%")
        void restartRestoresStable() {
            RollingStrategy strategy = RollingStrategy.ofDefaults();
            RolloutState moving = advance(strategy, 6).state(); // stable at 50, canary 75 asked for

            Transition restarted = step(strategy, moving, Observation.at(T0, "rev-3").build());

            assertThat(restarted.decision()).isEqualTo(Decision.RESTART);
            assertThat(restarted.state().revision()).isEqualTo("rev-3");
            assertThat(restarted.actions()).filteredOn(a -> !(a instanceof Action.Emit)).containsExactly(
                    new Action.SetTraffic(TrafficSplit.allStable()), new Action.ScaleTrack(Track.STABLE, 100));
        }

        @Test
        @DisplayName("A move waits while the canary is not ready, without asking for an analysis")
        void waitsForTheCanary() {
            RollingStrategy strategy = RollingStrategy.ofDefaults();
            RolloutState moving = advance(strategy, 2).state();

            Transition waiting = step(strategy, moving, Observation.at(T0, REV).notReady(Track.CANARY).build());

            assertThat(waiting.decision()).isEqualTo(Decision.WAIT);
            assertThat(waiting.actions()).isEmpty();
            assertThat(waiting.state()).isEqualTo(moving);
            assertThat(waiting.next().analysis()).isFalse();
        }

        @Test
        @DisplayName("The analysis is asked for only once a batch is reached, not during a move")
        void analysisOnlyAtBatches() {
            List<Transition> run = Run.healthy(strategy(List.of(50, 100), 25, 0)).transitions;

            assertThat(run.subList(0, 6)).extracting(t -> t.next().analysis())
                    .containsExactly(false, false, false, true, false, false);
            assertThat(run.subList(0, 6)).extracting(t -> t.state().split().canary())
                    .containsExactly(0, 0, 25, 50, 50, 75);
        }

        @Test
        @DisplayName("Promote skips the failing analysis of the batch reached and moves on")
        void promoteSkipsOneAnalysis() {
            RollingStrategy strategy = withFailingMetric(3);
            RolloutState atFirstBatch = advance(strategy, 3).state();

            Transition promoted = step(strategy, atFirstBatch,
                    Observation.at(T0, REV).verdict(fail()).command(Command.PROMOTE).build());

            assertThat(promoted.decision()).isEqualTo(Decision.ADVANCE);
            assertThat(promoted.state().failedAnalyses()).isZero();
            assertThat(promoted.actions()).contains(new Action.ScaleTrack(Track.CANARY, 50));
        }

        @Test
        @DisplayName("Promote-full in the middle of a move settles the sub-step, then promotes from there")
        void promoteFullMidMove() {
            RollingStrategy strategy = strategy(List.of(100), 25, 0);
            RolloutState moving = advance(strategy, 3).state(); // canary ready at 25, 50 asked for

            Transition promoted = step(strategy, moving, Observation.at(T0, REV).command(Command.PROMOTE_FULL).build());

            assertThat(promoted.decision()).isEqualTo(Decision.PROMOTE);
            assertThat(promoted.state().phase()).isEqualTo(Phase.PROMOTING);
            assertThat(promoted.actions()).filteredOn(a -> !(a instanceof Action.Emit)).containsExactly(
                    new Action.SetTraffic(TrafficSplit.canary(50)),
                    new Action.ScaleTrack(Track.STABLE, 50),
                    new Action.PromoteCanary(REV),
                    new Action.ScaleTrack(Track.STABLE, 75));
        }

        @Test
        @DisplayName("Abort in the middle of a move restores stable to 100% before the canary goes")
        void abortRestoresStableFirst() {
            RollingStrategy strategy = RollingStrategy.ofDefaults();
            RolloutState moving = advance(strategy, 4).state();

            Transition aborted = step(strategy, moving, Observation.at(T0, REV).command(Command.ABORT).build());

            assertThat(aborted.state().phase()).isEqualTo(Phase.ABORTED);
            assertThat(aborted.actions()).filteredOn(a -> !(a instanceof Action.Emit)).containsExactly(
                    new Action.ScaleTrack(Track.STABLE, 100),
                    new Action.SetTraffic(TrafficSplit.allStable()),
                    new Action.ScaleTrack(Track.CANARY, 0));
        }
    }

    @Test
    @DisplayName("Failing analysis after the first batch rolls back at exactly the threshold, stable restored first")
    void rollsBackAtThreshold() {
        RollingStrategy strategy = withFailingMetric(3);
        Run run = new Run(strategy);
        for (int i = 0; i < 3; i++) {
            run.step(UnaryOperator.identity());
        }
        assertThat(run.last().state().split().canary()).isEqualTo(25);

        for (int i = 0; i < 3; i++) {
            run.step(o -> o.verdict(fail()));
        }

        assertThat(run.transitions.subList(3, 6)).extracting(Transition::decision)
                .containsExactly(Decision.HOLD, Decision.HOLD, Decision.ROLL_BACK);
        assertThat(run.transitions.subList(3, 6)).extracting(Transition::analysis).containsOnly(AnalysisOutcome.FAIL);
        Transition rollback = run.last();
        assertThat(rollback.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(rollback.state().split()).isEqualTo(TrafficSplit.allStable());
        List<Action> actions = rollback.actions();
        assertThat(actions.indexOf(new Action.ScaleTrack(Track.STABLE, 100)))
                .isGreaterThanOrEqualTo(0).isLessThan(actions.indexOf(new Action.ScaleTrack(Track.CANARY, 0)));
        assertThat(run.cluster.stable).isEqualTo(100);
        assertThat(run.cluster.canary).isZero();
    }

    // ---- the builder --------------------------------------------------------------------------

    @Nested
    class Building {

        @Test
        @DisplayName("Defaults: batches 25, 50, 100; maxSurge 25; maxUnavailable 0; default analysis")
        void defaults() {
            RollingStrategy strategy = RollingStrategy.ofDefaults();

            assertThat(strategy.kind()).isEqualTo(StrategyKind.ROLLING);
            assertThat(strategy.batches()).containsExactly(25, 50, 100);
            assertThat(strategy.maxSurge()).isEqualTo(25);
            assertThat(strategy.maxUnavailable()).isZero();
            assertThat(strategy.analysis()).isEqualTo(AnalysisPolicy.ofDefaults());
            assertThat(strategy).hasToString("RollingStrategy[batches [25, 50, 100], maxSurge 25%, "
                    + "maxUnavailable 0%, analysis every PT1M, threshold 1]");
        }

        static Stream<Arguments> invalid() {
            return Stream.of(
                    Arguments.of("batches out of order", RollingStrategy.builder().batches(50, 30, 100),
                            List.of(new Problem("batches[1]", "30 must be greater than the previous batch 50"))),
                    Arguments.of("a batch repeated", RollingStrategy.builder().batches(50, 50, 100),
                            List.of(new Problem("batches[1]", "50 must be greater than the previous batch 50"))),
                    Arguments.of("last batch below 100", RollingStrategy.builder().batches(25, 75),
                            List.of(new Problem("batches[1]", "the last batch must be 100, got 75"))),
                    Arguments.of("a batch out of range", RollingStrategy.builder().batches(0, 100),
                            List.of(new Problem("batches[0]", "0 must be between 1 and 100"))),
                    Arguments.of("no batches", RollingStrategy.builder().batches(List.of()),
                            List.of(new Problem("batches", "must hold at least one batch, the last one 100"))),
                    Arguments.of("maxSurge above 100", RollingStrategy.builder().maxSurge(101),
                            List.of(new Problem("maxSurge", "101 must be between 0 and 100"))),
                    Arguments.of("maxUnavailable negative", RollingStrategy.builder().maxUnavailable(-1),
                            List.of(new Problem("maxUnavailable", "-1 must be between 0 and 100"))),
                    Arguments.of("both 0", RollingStrategy.builder().maxSurge(0).maxUnavailable(0),
                            List.of(new Problem("maxUnavailable", "maxSurge and maxUnavailable cannot both be 0: nothing could move"))),
                    Arguments.of("no analysis", RollingStrategy.builder().analysis(null),
                            List.of(new Problem("analysis", "is required"))),
                    Arguments.of("everything at once", RollingStrategy.builder().batches(60, 40).maxSurge(0).maxUnavailable(0),
                            List.of(new Problem("batches[1]", "40 must be greater than the previous batch 60"),
                                    new Problem("batches[1]", "the last batch must be 100, got 40"),
                                    new Problem("maxUnavailable", "maxSurge and maxUnavailable cannot both be 0: nothing could move"))));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("invalid")
        @DisplayName("Every problem is listed with its path, and build() throws with all of them")
        void problemsWithPaths(String name, RollingStrategyBuilder builder, List<Problem> expected) {
            assertThat(builder.problems()).containsExactlyElementsOf(expected);
            assertThatThrownBy(builder::build).isInstanceOf(InvalidConfigException.class)
                    .extracting(e -> ((InvalidConfigException) e).problems()).isEqualTo(expected);
        }
    }

    // ---- fixtures -----------------------------------------------------------------------------

    static RollingStrategy strategy(List<Integer> batches, int maxSurge, int maxUnavailable) {
        return RollingStrategy.builder().batches(batches).maxSurge(maxSurge).maxUnavailable(maxUnavailable).build();
    }

    static RollingStrategy withFailingMetric(int threshold) {
        return RollingStrategy.builder().analysis(AnalysisPolicy.builder().threshold(threshold)
                .metric(MetricCheck.builtIn(METRIC, ThresholdRange.atLeast(99))).build()).build();
    }

    static Verdict fail() {
        return Verdict.fail(METRIC, 90, "90 < min 99");
    }

    static Observation obs(int minute) {
        return Observation.at(T0.plus(Duration.ofMinutes(minute)), REV).build();
    }

    static Transition step(RollingStrategy strategy, RolloutState state, Observation observation) {
        return strategy.step(state, observation);
    }

    /** The transition after {@code steps} healthy steps. */
    static Transition advance(RollingStrategy strategy, int steps) {
        Run run = new Run(strategy);
        for (int i = 0; i < steps; i++) {
            run.step(UnaryOperator.identity());
        }
        return run.last();
    }

    /** A step's replica actions as "track percent", joined; "-" for none. */
    static String scales(Transition t) {
        String s = t.actions().stream().filter(Action.ScaleTrack.class::isInstance).map(Action.ScaleTrack.class::cast)
                .map(a -> a.track() + " " + a.percent()).collect(Collectors.joining(", "));
        return s.isEmpty() ? "-" : s;
    }

    /** A rollout driven step by step against a {@link Cluster}. */
    static final class Run {
        final RollingStrategy strategy;
        final Cluster cluster;
        final List<Transition> transitions = new ArrayList<>();
        RolloutState state = RolloutState.initial(REV, T0);

        Run(RollingStrategy strategy) {
            this.strategy = strategy;
            this.cluster = new Cluster(strategy.maxSurge(), strategy.maxUnavailable());
        }

        /** Every track ready at every step, every analysis passing, no gates: until terminal. */
        static Run healthy(RollingStrategy strategy) {
            Run run = new Run(strategy);
            while (!run.state.phase().isTerminal() && run.transitions.size() < 1000) {
                run.step(UnaryOperator.identity());
            }
            return run;
        }

        void step(UnaryOperator<Observation.Builder> observe) {
            cluster.allReady(); // new pods asked for in the previous step are ready by now
            Observation o = observe.apply(Observation.at(T0.plus(Duration.ofMinutes(transitions.size())), REV)).build();
            Transition t = strategy.step(state, o);
            cluster.apply(t);
            cluster.checkSplit(t.state());
            transitions.add(t);
            state = t.state();
        }

        Transition last() {
            return transitions.get(transitions.size() - 1);
        }
    }

    /**
     * Two tracks as percents of desired replicas, each with its ready part. Scaling up adds
     * unready pods; scaling down removes pods, unready ones first. Checks the budget after every
     * action, and that traffic sent to the new revision's growing track equals its ready share.
     */
    static final class Cluster {
        final int maxSurge;
        final int maxUnavailable;
        int stable = 100;
        int stableReady = 100;
        int canary;
        int canaryReady;
        boolean promoted;

        Cluster(int maxSurge, int maxUnavailable) {
            this.maxSurge = maxSurge;
            this.maxUnavailable = maxUnavailable;
        }

        void allReady() {
            stableReady = stable;
            canaryReady = canary;
        }

        /** A rollback or abort is one step that restores stable at once: it promises no budget. */
        void apply(Transition t) {
            boolean ending = t.decision() == Decision.ROLL_BACK || t.decision() == Decision.ABORT;
            List<Action> actions = t.actions();
            for (Action action : actions) {
                if (action instanceof Action.ScaleTrack scale) {
                    scale(scale);
                    String at = " after " + action + " of " + actions;
                    if (!ending) {
                        assertThat(stable + canary).as("pods that exist" + at).isLessThanOrEqualTo(100 + maxSurge);
                        assertThat(stableReady + canaryReady).as("available pods" + at)
                                .isGreaterThanOrEqualTo(100 - maxUnavailable);
                    }
                } else if (action instanceof Action.SetTraffic traffic && !ending) {
                    assertThat(traffic.split().weight(growing())).as("weight of the growing track at " + action)
                            .isEqualTo(growing() == Track.CANARY ? canaryReady : stableReady);
                } else if (action instanceof Action.PromoteCanary) {
                    promoted = true;
                }
            }
        }

        /** Rollouts end with all traffic on stable; while running, weights follow the ready pods. */
        void checkSplit(RolloutState state) {
            if (state.phase() == Phase.PROGRESSING) {
                assertThat(state.split().canary()).as("canary weight in " + state).isEqualTo(canaryReady);
            } else if (state.phase() == Phase.PROMOTING) {
                assertThat(state.split().stable()).as("stable weight in " + state).isEqualTo(stableReady);
            } else if (state.phase().isTerminal()) {
                assertThat(state.split()).isEqualTo(TrafficSplit.allStable());
            }
        }

        private Track growing() {
            return promoted ? Track.STABLE : Track.CANARY;
        }

        private void scale(Action.ScaleTrack scale) {
            if (scale.track() == Track.STABLE) {
                stable = scale.percent();
                stableReady = Math.min(stableReady, stable);
            } else if (scale.track() == Track.CANARY) {
                canary = scale.percent();
                canaryReady = Math.min(canaryReady, canary);
            }
        }
    }
}
