package dev.stepwise.cli;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real {@link RolloutEngine} on virtual time driving {@code test/podinfo} (a canary of 10% steps
 * up to 30%, one analysis a minute) on a given state store, as the process the CLI acts on from
 * outside. Its metric answers are set by the test: healthy, failing, or no data (the canary waits).
 */
final class DrivenRollout implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final String ID = "test/podinfo";
    static final Duration INTERVAL = Duration.ofMinutes(1);

    final VirtualScheduler scheduler = VirtualScheduler.startingAt(T0);
    final AtomicReference<MetricResult> successRate = new AtomicReference<>(MetricResult.of(99.9));
    private final StateStore store;
    private final RolloutEngine engine;

    DrivenRollout(StateStore store) {
        this.store = store;
        this.engine = RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler).stateStore(store).build();
        InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        workload.deploy("v2");
        CanaryStrategy canary = CanaryStrategy.builder().stepWeight(10).maxWeight(30).analysis(AnalysisPolicy.builder()
                .interval(INTERVAL).threshold(2)
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99))).build()).build();
        engine.register(RolloutDefinition.builder("test", "podinfo").strategy(canary)
                .router(InMemoryTrafficRouter.ofDefaults()).workload(workload)
                .metrics(query -> successRate.get()).build());
    }

    /** Virtual time passes; the engine takes its looks. */
    void advance(Duration duration) {
        scheduler.advance(duration);
    }

    StoredRollout stored() {
        return store.load(ID).orElseThrow();
    }

    /** {@code status --watch} keeping time by the engine's virtual clock: each wait lets the engine run. */
    WatchPace pace() {
        return new WatchPace(scheduler.clock(), scheduler::advance);
    }

    static Map<String, String> noEnvironment() {
        return Map.of();
    }

    @Override
    public void close() {
        engine.close();
    }
}
