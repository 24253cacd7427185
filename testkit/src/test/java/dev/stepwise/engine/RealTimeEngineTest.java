package dev.stepwise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The engine on its production defaults: the system clock and an executor scheduler, with real threads. */
@DisplayName("The rollout engine in real time")
class RealTimeEngineTest {

    @Test
    void runs_twenty_rollouts_concurrently_to_their_end_on_the_default_scheduler() throws InterruptedException {
        CanaryStrategy canary = CanaryStrategy.builder().stepWeight(25).maxWeight(50).analysis(AnalysisPolicy.builder()
                .interval(Duration.ofMillis(20))
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build()).build();
        CountDownLatch ended = new CountDownLatch(20);
        Map<String, Phase> phases = new ConcurrentHashMap<>();
        try (ExecutorScheduler scheduler = ExecutorScheduler.ofDefaults()) {
            RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).listener(event -> {
                if (event instanceof RolloutEvent.Ended end) {
                    phases.put(end.id(), end.phase());
                    ended.countDown();
                }
            }).build();
            List<InMemoryTrafficRouter> routers = IntStream.range(0, 20).mapToObj(i -> InMemoryTrafficRouter.ofDefaults()).toList();
            for (int i = 0; i < 20; i++) {
                InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
                workload.deploy("v2");
                double rate = i < 15 ? 99.9 : 50.0;
                engine.register(RolloutDefinition.builder("test", "svc-" + i).strategy(canary).router(routers.get(i))
                        .workload(workload).metrics(query -> MetricResult.of(rate)).build());
            }

            assertThat(ended.await(20, TimeUnit.SECONDS)).as("every rollout ended within 20 s").isTrue();
            engine.close();

            assertThat(phases.values()).filteredOn(p -> p == Phase.SUCCEEDED).hasSize(15);
            assertThat(phases.values()).filteredOn(p -> p == Phase.ROLLED_BACK).hasSize(5);
            assertThat(routers).allSatisfy(r -> assertThat(r.current()).isEqualTo(TrafficSplit.allStable()));
        }
    }

    @Test
    @DisplayName("finishes a rollout whose metric source throws StackOverflowError and whose router throws AssertionError, once each")
    void errors_thrown_once_by_spis_are_retried_on_the_default_scheduler() throws InterruptedException {
        CanaryStrategy canary = CanaryStrategy.builder().stepWeight(25).maxWeight(50).analysis(AnalysisPolicy.builder()
                .interval(Duration.ofMillis(20))
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build()).build();
        RetryPolicy fast = new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(30),
                StuckPolicy.PAUSE, Duration.ofMillis(10));
        InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
        Fault routerFault = new Fault();
        Fault metricsFault = new Fault();
        routerFault.arm(1, () -> new AssertionError("expected a route"));
        metricsFault.arm(1, StackOverflowError::new);
        TrafficRouter throwingOnce = routerFault.around(TrafficRouter.class, router, Set.of("apply"));
        MetricSource metrics = metricsFault.around(MetricSource.class, query -> MetricResult.of(99.9), Set.of("query"));
        List<RolloutEvent> events = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        try (ExecutorScheduler scheduler = ExecutorScheduler.ofDefaults()) {
            RolloutEngine engine = RolloutEngine.builder().scheduler(scheduler).retry(fast).listener(event -> {
                events.add(event);
                if (event instanceof RolloutEvent.Ended) {
                    ended.countDown();
                }
            }).build();
            InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
            workload.deploy("v2");
            engine.register(RolloutDefinition.builder("test", "svc").strategy(canary).router(throwingOnce).workload(workload)
                    .metrics(metrics).build());

            assertThat(ended.await(20, TimeUnit.SECONDS)).as("the rollout ended within 20 s").isTrue();
            engine.close();
        }
        assertThat(events).filteredOn(RolloutEvent.Failed.class::isInstance).extracting(e -> ((RolloutEvent.Failed) e).error())
                .containsExactlyInAnyOrder("StackOverflowError", "AssertionError: expected a route");
        assertThat(events).filteredOn(RolloutEvent.Ended.class::isInstance)
                .singleElement().extracting(e -> ((RolloutEvent.Ended) e).phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(router.current()).isEqualTo(TrafficSplit.allStable());
    }
}
