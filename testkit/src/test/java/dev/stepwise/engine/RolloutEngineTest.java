package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.spi.Workload;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("The rollout engine")
class RolloutEngineTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration INTERVAL = Duration.ofMinutes(1);
    static final double HEALTHY = 99.9;
    static final double FAILING = 50.0;

    final VirtualScheduler scheduler = VirtualScheduler.startingAt(T0);
    @RegisterExtension
    final EveryRolloutHasOneNextLook nextLooks = new EveryRolloutHasOneNextLook();
    final List<RolloutEvent> events = new ArrayList<>();

    static CanaryStrategy canary(int threshold) {
        return CanaryStrategy.builder().stepWeight(10).maxWeight(50).analysis(AnalysisPolicy.builder()
                .interval(INTERVAL).threshold(threshold)
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build()).build();
    }

    /** A metric source answering one value: deterministic, so a crashed and an uncrashed run see the same data. */
    static MetricSource constant(double successRate) {
        return query -> MetricResult.of(successRate);
    }

    RolloutEngine engine(InMemoryStateStore store, RetryPolicy retry) {
        return nextLooks.watch(RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler).stateStore(store)
                .retry(retry).listener(events::add).build(), scheduler);
    }

    static RolloutDefinition definition(String name, Strategy strategy, TrafficRouter router, Workload workload, double rate) {
        return RolloutDefinition.builder("test", name).strategy(strategy).router(router).workload(workload)
                .metrics(constant(rate)).build();
    }

    static InMemoryWorkload workload() {
        InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        workload.deploy("v2");
        return workload;
    }

    /** Advances virtual time one second at a time until the rollout ends (bounded). */
    StoredRollout runToEnd(RolloutEngine engine, String id) {
        for (int i = 0; i < 3600; i++) {
            StoredRollout rec = engine.status(id).orElse(null);
            if (rec != null && rec.state().phase().isTerminal() && rec.isCommitted()) {
                return rec;
            }
            scheduler.advance(Duration.ofSeconds(1));
        }
        throw new AssertionError("rollout " + id + " did not end within an hour of virtual time: " + engine.status(id));
    }

    /** The splits written, with repeats of an idempotent write collapsed. */
    static List<TrafficSplit> distinctInOrder(List<TrafficSplit> applied) {
        List<TrafficSplit> out = new ArrayList<>();
        for (TrafficSplit s : applied) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(s)) {
                out.add(s);
            }
        }
        return out;
    }

    static final List<TrafficSplit> HEALTHY_SPLITS = List.of(TrafficSplit.canary(10), TrafficSplit.canary(20),
            TrafficSplit.canary(30), TrafficSplit.canary(40), TrafficSplit.canary(50), TrafficSplit.allStable());

    @Nested
    @DisplayName("driving one rollout")
    class OneRollout {

        @Test
        void a_healthy_canary_succeeds_one_step_per_interval_moving_exactly_the_strategy_splits() {
            InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
            InMemoryWorkload workload = workload();
            RolloutEngine engine = engine(new InMemoryStateStore(), RetryPolicy.ofDefaults());
            String id = engine.register(definition("podinfo", canary(1), router, workload, HEALTHY));

            StoredRollout end = runToEnd(engine, id);

            assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
            assertThat(distinctInOrder(router.applied())).containsExactlyElementsOf(HEALTHY_SPLITS);
            assertThat(workload.stableRevision()).isEqualTo("v2");
            assertThat(events).filteredOn(e -> e instanceof RolloutEvent.Stepped).hasSize(canary(1).stepsToSuccess());
            assertThat(events).filteredOn(e -> e instanceof RolloutEvent.Ended).singleElement()
                    .extracting(RolloutEvent::at).isEqualTo(T0.plus(INTERVAL.multipliedBy(canary(1).stepsToSuccess() - 1)));
        }

        @Test
        void a_failing_canary_is_rolled_back_with_the_canary_scaled_to_zero() {
            InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
            InMemoryWorkload workload = workload();
            RolloutEngine engine = engine(new InMemoryStateStore(), RetryPolicy.ofDefaults());
            String id = engine.register(definition("podinfo", canary(2), router, workload, FAILING));

            StoredRollout end = runToEnd(engine, id);

            assertThat(end.state().phase()).isEqualTo(Phase.ROLLED_BACK);
            assertThat(router.current()).isEqualTo(TrafficSplit.allStable());
            assertThat(distinctInOrder(router.applied())).containsExactly(TrafficSplit.canary(10), TrafficSplit.allStable());
            assertThat(workload.percent(Track.CANARY)).isZero();
        }

        @Test
        void operator_commands_are_persisted_and_acted_on_at_once() {
            InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
            RolloutEngine engine = engine(new InMemoryStateStore(), RetryPolicy.ofDefaults());
            String id = engine.register(definition("podinfo", canary(1), router, workload(), HEALTHY));
            scheduler.advance(INTERVAL.multipliedBy(2));

            engine.command(id, Command.PAUSE);
            scheduler.runDue();
            assertThat(engine.status(id).orElseThrow().state().phase()).isEqualTo(Phase.PAUSED);
            scheduler.advance(INTERVAL.multipliedBy(10));
            assertThat(router.current()).isEqualTo(TrafficSplit.canary(20));

            engine.command(id, Command.RESUME);
            assertThat(runToEnd(engine, id).state().phase()).isEqualTo(Phase.SUCCEEDED);
        }

        @Test
        @DisplayName("a resume stored after a pause the engine has not taken yet is not lost: the rollout goes on and succeeds")
        void a_resume_stored_before_the_engine_takes_an_earlier_pause_is_not_lost() {
            InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
            RolloutEngine engine = engine(new InMemoryStateStore(), RetryPolicy.ofDefaults());
            String id = engine.register(definition("podinfo", canary(1), router, workload(), HEALTHY));
            scheduler.advance(INTERVAL.multipliedBy(2));

            engine.command(id, Command.PAUSE);
            engine.command(id, Command.RESUME);
            scheduler.runDue();

            assertThat(engine.status(id).orElseThrow().state().phase()).isEqualTo(Phase.PROGRESSING);
            assertThat(runToEnd(engine, id).state().phase()).isEqualTo(Phase.SUCCEEDED);
        }

        @Test
        @DisplayName("a pause stored after a resume the engine has not taken yet holds a paused rollout")
        void a_pause_stored_before_the_engine_takes_an_earlier_resume_keeps_it_paused() {
            InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
            RolloutEngine engine = engine(new InMemoryStateStore(), RetryPolicy.ofDefaults());
            String id = engine.register(definition("podinfo", canary(1), router, workload(), HEALTHY));
            scheduler.advance(INTERVAL.multipliedBy(2));
            engine.command(id, Command.PAUSE);
            scheduler.runDue();

            engine.command(id, Command.RESUME);
            engine.command(id, Command.PAUSE);
            scheduler.advance(INTERVAL.multipliedBy(10));

            assertThat(engine.status(id).orElseThrow().state().phase()).isEqualTo(Phase.PAUSED);
            assertThat(router.current()).isEqualTo(TrafficSplit.canary(20));
        }

        @Test
        void a_metric_source_that_throws_is_no_data_never_a_pass_and_never_a_crash() {
            InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
            RolloutEngine engine = engine(new InMemoryStateStore(), RetryPolicy.ofDefaults());
            RolloutDefinition def = RolloutDefinition.builder("test", "podinfo").strategy(canary(1)).router(router)
                    .workload(workload()).metrics(query -> { throw new IllegalStateException("connection reset"); }).build();
            String id = engine.register(def);

            StoredRollout end = runToEnd(engine, id);

            assertThat(end.state().phase()).isEqualTo(Phase.ROLLED_BACK);
            assertThat(distinctInOrder(router.applied())).containsExactly(TrafficSplit.canary(10), TrafficSplit.allStable());
            assertThat(events).noneMatch(e -> e instanceof RolloutEvent.Failed);
        }
    }

    @Nested
    @DisplayName("after a crash")
    class AfterACrash {

        record Run(RolloutState state, List<TrafficSplit> splits, int writes) { }

        Run uncrashed(double rate) {
            Crashes counting = new Crashes(-1);
            InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
            InMemoryWorkload workload = workload();
            RolloutEngine engine = engine(new InMemoryStateStore(), RetryPolicy.ofDefaults());
            String id = engine.register(definition("podinfo", canary(2), counting.router(router), counting.workload(workload), rate));
            StoredRollout end = runToEnd(engine, id);
            engine.close();
            return new Run(end.state(), distinctInOrder(router.applied()), counting.writes());
        }

        @ParameterizedTest(name = "success rate {0}")
        @ValueSource(doubles = {HEALTHY, FAILING})
        void a_written_ahead_transition_is_re_applied_so_no_step_is_repeated_or_skipped(double rate) {
            Run expected = uncrashed(rate);
            assertThat(expected.writes()).as("side effects in a full run").isGreaterThan(3);

            for (int crashAt = 0; crashAt < expected.writes(); crashAt++) {
                InMemoryStateStore store = new InMemoryStateStore();
                InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
                InMemoryWorkload workload = workload();
                Crashes crashes = new Crashes(crashAt);
                RolloutEngine dying = engine(store, RetryPolicy.ofDefaults());
                String id = dying.register(definition("podinfo", canary(2), crashes.router(router), crashes.workload(workload), rate));
                Throwable crash = catchThrowable(() -> runToEnd(dying, id));
                assertThat(crash).as("crash at side effect #%d", crashAt).isInstanceOf(Crashes.Crash.class);
                dying.close();

                RolloutEngine resumed = engine(store, RetryPolicy.ofDefaults());
                resumed.register(definition("podinfo", canary(2), router, workload, rate));
                StoredRollout end = runToEnd(resumed, id);
                resumed.close();

                assertThat(end.state().phase()).as("phase after a crash at #%d", crashAt).isEqualTo(expected.state().phase());
                assertThat(end.state().split()).isEqualTo(expected.state().split());
                assertThat(end.state().failedAnalyses()).isEqualTo(expected.state().failedAnalyses());
                assertThat(distinctInOrder(router.applied())).as("splits after a crash at #%d", crashAt)
                        .containsExactlyElementsOf(expected.splits());
            }
        }

        @Test
        void an_engine_restarted_on_the_same_store_resumes_where_the_rollout_stood() {
            InMemoryStateStore store = new InMemoryStateStore();
            InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
            InMemoryWorkload workload = workload();
            RolloutEngine first = engine(store, RetryPolicy.ofDefaults());
            String id = first.register(definition("podinfo", canary(1), router, workload, HEALTHY));
            scheduler.advance(INTERVAL.multipliedBy(3));
            first.close();
            assertThat(router.current()).isEqualTo(TrafficSplit.canary(30));

            RolloutEngine second = engine(store, RetryPolicy.ofDefaults());
            second.register(definition("podinfo", canary(1), router, workload, HEALTHY));

            assertThat(runToEnd(second, id).state().phase()).isEqualTo(Phase.SUCCEEDED);
            assertThat(distinctInOrder(router.applied())).containsExactlyElementsOf(HEALTHY_SPLITS);
        }
    }

    @Nested
    @DisplayName("when the data plane lags or an SPI fails")
    class Failures {

        @Test
        void an_analysis_interval_counts_only_from_the_moment_the_router_verifies_the_split() {
            InMemoryTrafficRouter router = InMemoryTrafficRouter.builder().verificationLag(2).build();
            RolloutEngine engine = engine(new InMemoryStateStore(), RetryPolicy.ofDefaults());
            String id = engine.register(definition("podinfo", canary(1), router, workload(), HEALTHY));

            runToEnd(engine, id);

            List<Instant> steps = events.stream().filter(e -> e instanceof RolloutEvent.Stepped).map(RolloutEvent::at).toList();
            List<Instant> verified = events.stream().filter(e -> e instanceof RolloutEvent.Verified).map(RolloutEvent::at).toList();
            assertThat(events).anyMatch(e -> e instanceof RolloutEvent.AwaitingVerification);
            // The step judging canary 10% comes one interval after 10% was verified, not after it was written.
            Instant shiftTo10 = steps.get(1);
            Instant verifiedAt10 = verified.stream().filter(t -> t.isAfter(shiftTo10)).findFirst().orElseThrow();
            assertThat(verifiedAt10).isAfter(shiftTo10);
            assertThat(steps.get(2)).isEqualTo(verifiedAt10.plus(INTERVAL));
        }

        @Test
        void the_canary_is_scaled_down_only_once_the_router_verifies_the_route_back_to_stable() {
            InMemoryTrafficRouter router = InMemoryTrafficRouter.builder().verificationLag(3).build();
            InMemoryWorkload workload = workload();
            RolloutEngine engine = engine(new InMemoryStateStore(), RetryPolicy.ofDefaults());
            String id = engine.register(definition("podinfo", canary(1), router, workload, HEALTHY));

            StoredRollout end = runToEnd(engine, id);

            assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
            Instant routedBack = events.stream().filter(e -> e instanceof RolloutEvent.Applied a && a.actions().stream()
                    .anyMatch(x -> x instanceof Action.SetTraffic set && set.split().equals(TrafficSplit.allStable())))
                    .map(RolloutEvent::at).reduce((first, last) -> last).orElseThrow();
            Instant verified = events.stream().filter(e -> e instanceof RolloutEvent.Verified v
                    && v.split().equals(TrafficSplit.allStable()) && !v.at().isBefore(routedBack))
                    .map(RolloutEvent::at).findFirst().orElseThrow();
            Instant scaledDown = events.stream().filter(e -> e instanceof RolloutEvent.Applied a && a.actions().stream()
                    .anyMatch(x -> x instanceof Action.ScaleTrack scale && scale.track() == Track.CANARY && scale.percent() == 0))
                    .map(RolloutEvent::at).findFirst().orElseThrow();
            assertThat(verified).as("the route back to stable is verified after it is written").isAfter(routedBack);
            assertThat(scaledDown).as("and only then is the canary scaled down").isAfterOrEqualTo(verified);
        }

        @Test
        void a_failing_router_holds_the_rollout_and_retries_with_backoff_losing_nothing() {
            InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
            RolloutEngine engine = engine(new InMemoryStateStore(), RetryPolicy.ofDefaults());
            String id = engine.register(definition("podinfo", canary(1), router, workload(), HEALTHY));
            scheduler.advance(INTERVAL.multipliedBy(2));
            router.failNext(4, new IllegalStateException("mesh API unavailable"));

            StoredRollout end = runToEnd(engine, id);

            assertThat(events).filteredOn(e -> e instanceof RolloutEvent.Failed)
                    .extracting(e -> ((RolloutEvent.Failed) e).retryIn())
                    .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
            assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
            assertThat(distinctInOrder(router.applied())).containsExactlyElementsOf(HEALTHY_SPLITS);
        }

        @Test
        void past_the_deadline_a_rollout_that_cannot_be_observed_is_paused_by_default() {
            InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
            InMemoryWorkload workload = workload();
            RolloutEngine engine = engine(new InMemoryStateStore(), RetryPolicy.ofDefaults());
            String id = engine.register(definition("podinfo", canary(1), router, workload, HEALTHY));
            scheduler.advance(INTERVAL.multipliedBy(2));
            workload.failNext(Integer.MAX_VALUE, new IllegalStateException("API server unavailable"));

            scheduler.advance(Duration.ofMinutes(15));

            assertThat(events).filteredOn(e -> e instanceof RolloutEvent.Stuck).singleElement()
                    .satisfies(e -> assertThat(((RolloutEvent.Stuck) e).policy()).isEqualTo(StuckPolicy.PAUSE));
            StoredRollout rec = engine.status(id).orElseThrow();
            assertThat(rec.state().phase()).isEqualTo(Phase.PAUSED);
            assertThat(router.current()).isEqualTo(TrafficSplit.canary(20));
        }

        @Test
        void past_the_deadline_a_stuck_move_is_finished_once_the_router_answers_and_then_paused() {
            InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
            RolloutEngine engine = engine(new InMemoryStateStore(), RetryPolicy.ofDefaults());
            String id = engine.register(definition("podinfo", canary(1), router, workload(), HEALTHY));
            scheduler.advance(INTERVAL.multipliedBy(2));
            router.failNext(Integer.MAX_VALUE, new IllegalStateException("mesh API unavailable"));
            scheduler.advance(Duration.ofMinutes(15));
            StoredRollout stuck = engine.status(id).orElseThrow();
            assertThat(stuck.isCommitted()).as("the move to 30% stays written ahead").isFalse();
            assertThat(stuck.commands()).containsExactly(Command.PAUSE);

            router.failNext(0, new IllegalStateException("unused"));
            scheduler.advance(Duration.ofMinutes(5));

            StoredRollout rec = engine.status(id).orElseThrow();
            assertThat(rec.state().phase()).isEqualTo(Phase.PAUSED);
            assertThat(distinctInOrder(router.applied())).containsExactly(TrafficSplit.canary(10), TrafficSplit.canary(20),
                    TrafficSplit.canary(30));
        }

        @Test
        void with_roll_back_on_deadline_the_rollback_is_written_ahead_and_applied_once_the_router_answers() {
            InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
            RolloutEngine engine = engine(new InMemoryStateStore(), RetryPolicy.ofDefaults().withOnDeadline(StuckPolicy.ROLL_BACK));
            String id = engine.register(definition("podinfo", canary(1), router, workload(), HEALTHY));
            scheduler.advance(INTERVAL.multipliedBy(2));
            router.failNext(Integer.MAX_VALUE, new IllegalStateException("mesh API unavailable"));
            scheduler.advance(Duration.ofMinutes(12));
            StoredRollout stuck = engine.status(id).orElseThrow();
            assertThat(stuck.state().phase()).isEqualTo(Phase.ROLLED_BACK);
            assertThat(stuck.isCommitted()).as("the rollback waits, written ahead, for the router").isFalse();

            router.failNext(0, new IllegalStateException("unused"));
            StoredRollout end = runToEnd(engine, id);

            assertThat(end.state().phase()).isEqualTo(Phase.ROLLED_BACK);
            assertThat(router.current()).isEqualTo(TrafficSplit.allStable());
        }
    }

    @Test
    @DisplayName("many rollouts share one scheduler, each moving only its own route")
    void many_rollouts_share_one_scheduler() {
        RolloutEngine engine = engine(new InMemoryStateStore(), RetryPolicy.ofDefaults());
        List<InMemoryTrafficRouter> routers = IntStream.range(0, 100).mapToObj(i -> InMemoryTrafficRouter.ofDefaults()).toList();
        List<String> ids = IntStream.range(0, 100).mapToObj(i -> engine.register(definition("svc-" + i, canary(1),
                routers.get(i), workload(), i % 10 == 0 ? FAILING : HEALTHY))).toList();

        List<Phase> phases = ids.stream().map(id -> runToEnd(engine, id).state().phase()).toList();

        assertThat(phases).filteredOn(Objects::nonNull).hasSize(100);
        assertThat(phases).filteredOn(p -> p == Phase.ROLLED_BACK).hasSize(10);
        assertThat(distinctInOrder(routers.get(1).applied())).containsExactlyElementsOf(HEALTHY_SPLITS);
        assertThat(engine.rollouts()).hasSize(100);
    }
}
