package dev.stepwise.engine;

import static dev.stepwise.engine.RolloutEngineTest.HEALTHY;
import static dev.stepwise.engine.RolloutEngineTest.HEALTHY_SPLITS;
import static dev.stepwise.engine.RolloutEngineTest.INTERVAL;
import static dev.stepwise.engine.RolloutEngineTest.T0;
import static dev.stepwise.engine.RolloutEngineTest.constant;
import static dev.stepwise.engine.RolloutEngineTest.distinctInOrder;
import static dev.stepwise.engine.RolloutEngineTest.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.spi.WebhookClient;
import dev.stepwise.spi.Workload;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11: a metric source throwing {@link StackOverflowError} once left a rollout at 30% for
 * good, with no log, no event and no deadline. Now any throwable from any SPI is a failure like
 * any other: an event naming it, a retry after the backoff, the deadline and its policy.
 */
@DisplayName("An Error thrown inside an SPI")
class ErrorsFromSpisTest {

    /** The SPIs of a rollout, each behind its own {@link Fault}. */
    enum Spi {
        METRIC_SOURCE(Set.of("query")),
        TRAFFIC_ROUTER(Set.of("apply", "verify")),
        WORKLOAD(Set.of("canaryRevision", "readyTracks", "scale", "promote")),
        STATE_STORE(Set.of("save")),
        WEBHOOK_CLIENT(Set.of("call"));

        final Set<String> faultyMethods;

        Spi(Set<String> faultyMethods) {
            this.faultyMethods = faultyMethods;
        }
    }

    /** A bug of an SPI's own, neither a JVM error nor an assertion. */
    static final class SpiBug extends Error {
        SpiBug() {
            super("index 3 out of bounds in the adapter");
        }
    }

    static final Map<String, Supplier<Error>> ERRORS = Map.of(
            "StackOverflowError", StackOverflowError::new,
            "AssertionError", () -> new AssertionError("expected a route"),
            "SpiBug", SpiBug::new);

    static Stream<Arguments> everySpiAndError() {
        return Stream.of(Spi.values()).flatMap(spi -> ERRORS.keySet().stream().sorted().map(error -> Arguments.of(spi, error)));
    }

    @RegisterExtension
    final EveryRolloutHasOneNextLook nextLooks = new EveryRolloutHasOneNextLook();

    final VirtualScheduler scheduler = VirtualScheduler.startingAt(T0);
    final List<RolloutEvent> events = new ArrayList<>();
    final InMemoryTrafficRouter router = InMemoryTrafficRouter.ofDefaults();
    final InMemoryWorkload workload = workload();
    final Map<Spi, Fault> faults = new EnumMap<>(Spi.class);

    ErrorsFromSpisTest() {
        Stream.of(Spi.values()).forEach(spi -> faults.put(spi, new Fault()));
    }

    /** Ten percent more per interval up to 50%, judged by a metric and a rollout webhook. */
    static CanaryStrategy canary() {
        return CanaryStrategy.builder().stepWeight(10).maxWeight(50).analysis(AnalysisPolicy.builder().interval(INTERVAL)
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)))
                .webhook(Webhook.of("load-test", HookType.ROLLOUT, "http://hooks.test/load")).build()).build();
    }

    <T> T faulty(Spi spi, Class<T> type, T real) {
        return faults.get(spi).around(type, real, spi.faultyMethods);
    }

    /** An engine with every SPI of one rollout behind its fault; the rollout is registered and at 20%. */
    RolloutEngine engineAtTwentyPercent(RetryPolicy retry) {
        RolloutEngine engine = nextLooks.watch(RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                .stateStore(faulty(Spi.STATE_STORE, StateStore.class, new InMemoryStateStore())).retry(retry)
                .listener(events::add).build(), scheduler);
        WebhookClient succeeding = (hook, context) -> WebhookClient.Outcome.success();
        engine.register(RolloutDefinition.builder("test", "podinfo").strategy(canary())
                .router(faulty(Spi.TRAFFIC_ROUTER, TrafficRouter.class, router))
                .workload(faulty(Spi.WORKLOAD, Workload.class, workload))
                .metrics(faulty(Spi.METRIC_SOURCE, MetricSource.class, constant(HEALTHY)))
                .webhooks(faulty(Spi.WEBHOOK_CLIENT, WebhookClient.class, succeeding)).build());
        scheduler.advance(INTERVAL.multipliedBy(2));
        assertThat(router.current()).isEqualTo(TrafficSplit.canary(20));
        return engine;
    }

    StoredRollout runToEnd(RolloutEngine engine) {
        for (int i = 0; i < 3600; i++) {
            StoredRollout rec = engine.status("test/podinfo").orElse(null);
            if (rec != null && rec.state().phase().isTerminal() && rec.isCommitted()) {
                return rec;
            }
            scheduler.advance(Duration.ofSeconds(1));
        }
        throw new AssertionError("the rollout did not end within an hour of virtual time: " + engine.status("test/podinfo"));
    }

    List<RolloutEvent.Failed> failures() {
        return events.stream().filter(RolloutEvent.Failed.class::isInstance).map(RolloutEvent.Failed.class::cast).toList();
    }

    @ParameterizedTest(name = "{0} throwing {1}")
    @MethodSource("everySpiAndError")
    @DisplayName("once is a Failed event naming it, a retry after the first backoff, and the rollout finishes as if nothing happened")
    void thrown_once_is_a_failure_retried_with_backoff(Spi spi, String error) {
        RolloutEngine engine = engineAtTwentyPercent(RetryPolicy.ofDefaults());
        faults.get(spi).arm(1, ERRORS.get(error));

        StoredRollout end = runToEnd(engine);

        assertThat(faults.get(spi).thrown()).as("the fault was met").isEqualTo(1);
        assertThat(failures()).singleElement().satisfies(failed -> {
            assertThat(failed.error()).startsWith(error);
            assertThat(failed.retryIn()).isEqualTo(Duration.ofSeconds(1));
        });
        assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(distinctInOrder(router.applied())).containsExactlyElementsOf(HEALTHY_SPLITS);
    }

    @ParameterizedTest(name = "{0} throwing {1}")
    @MethodSource("everySpiAndError")
    @DisplayName("for ever is retried with growing backoff until the deadline, where the rollout is declared stuck and paused")
    void thrown_for_ever_reaches_the_deadline_and_the_stuck_policy(Spi spi, String error) {
        RolloutEngine engine = engineAtTwentyPercent(RetryPolicy.ofDefaults());
        faults.get(spi).arm(Integer.MAX_VALUE, ERRORS.get(error));

        scheduler.advance(Duration.ofMinutes(15));

        assertThat(failures()).extracting(RolloutEvent.Failed::retryIn).startsWith(Duration.ofSeconds(1),
                Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
        assertThat(failures()).allSatisfy(failed -> assertThat(failed.error()).startsWith(error));
        assertThat(events).filteredOn(RolloutEvent.Stuck.class::isInstance).map(RolloutEvent.Stuck.class::cast)
                .singleElement().satisfies(stuck -> {
                    assertThat(stuck.policy()).isEqualTo(StuckPolicy.PAUSE);
                    assertThat(stuck.error()).startsWith(error);
                    assertThat(stuck.at()).isAfterOrEqualTo(failures().get(0).at().plus(RetryPolicy.ofDefaults().deadline()));
                });

        faults.get(spi).arm(0, ERRORS.get(error));
        scheduler.advance(Duration.ofMinutes(5));

        StoredRollout rec = engine.status("test/podinfo").orElseThrow();
        assertThat(rec.state().phase()).as("paused once the SPI answers, if not before").isEqualTo(Phase.PAUSED);
        assertThat(rec.isCommitted()).isTrue();
        assertThat(router.current()).as("live traffic is the stored split").isEqualTo(rec.state().split());
    }

    @Test
    @DisplayName("an OutOfMemoryError is recorded and the next look scheduled before it is passed on, and the rollout then finishes")
    void a_fatal_error_is_recorded_and_rescheduled_before_it_is_passed_on() {
        RolloutEngine engine = engineAtTwentyPercent(RetryPolicy.ofDefaults());
        faults.get(Spi.METRIC_SOURCE).arm(1, () -> new OutOfMemoryError("Java heap space"));

        Throwable passedOn = catchThrowable(() -> scheduler.advance(INTERVAL));

        assertThat(passedOn).isInstanceOf(OutOfMemoryError.class);
        assertThat(failures()).singleElement().extracting(RolloutEvent.Failed::error).isEqualTo("OutOfMemoryError: Java heap space");
        assertThat(engine.rolloutsWithoutNextLook()).isEmpty();
        assertThat(scheduler.pending()).isEqualTo(1);
        assertThat(runToEnd(engine).state().phase()).isEqualTo(Phase.SUCCEEDED);
    }

    @Test
    @DisplayName("a listener throwing an Error on every event is logged, and the rollout it reports on goes on to the end")
    void a_listener_throwing_an_error_does_not_stop_the_rollout() {
        RolloutEngine engine = nextLooks.watch(RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                .listener(event -> {
                    throw new StackOverflowError();
                }).build(), scheduler);
        engine.register(RolloutDefinition.builder("test", "podinfo").strategy(canary()).router(router).workload(workload)
                .metrics(constant(HEALTHY)).webhooks((hook, context) -> WebhookClient.Outcome.success()).build());

        assertThat(runToEnd(engine).state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(distinctInOrder(router.applied())).containsExactlyElementsOf(HEALTHY_SPLITS);
    }
}
