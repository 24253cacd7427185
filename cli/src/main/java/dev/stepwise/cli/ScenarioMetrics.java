package dev.stepwise.cli;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.spi.CountQuery;
import dev.stepwise.spi.CountResult;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.testkit.SimulatedMetricSource;
import dev.stepwise.testkit.SimulatedMetrics;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.TrackStats;
import dev.stepwise.testkit.TrafficWindow;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The metric source a plan's engine reads: one window of the scenario's simulated traffic per
 * analysis, shared by every query of that analysis (the built-in checks and the judges), so the
 * verdicts of one step are read on the same requests, as a real metrics server would answer them
 * for one interval. A check with its own {@code interval} reads a window of that length (as its
 * query to a metrics server would), served apart. A window is served at the split in force, the
 * first time a query of its length comes at an instant, and kept for the plan's stable values.
 * Custom-query checks answer the scenario's current value ({@code NaN} is no data). Not
 * thread-safe: a plan runs on one thread.
 */
final class ScenarioMetrics implements MetricSource {

    private final SimulatedService service;
    private final Supplier<TrafficSplit> inForce;
    private final Clock clock;
    private final Map<String, Supplier<Double>> custom;
    private final Map<Instant, Map<Duration, TrafficWindow>> served = new HashMap<>();

    ScenarioMetrics(SimulatedService service, Supplier<TrafficSplit> inForce, Clock clock,
                    Map<String, Supplier<Double>> custom) {
        this.service = service;
        this.inForce = inForce;
        this.clock = clock;
        this.custom = Map.copyOf(custom);
    }

    @Override
    public MetricResult query(MetricQuery query) {
        if (!query.template().isEmpty()) {
            Supplier<Double> value = custom.get(query.name());
            return value == null ? new MetricResult.Failed(SimulatedMetrics.BUILT_IN_ONLY) : MetricResult.of(value.get());
        }
        if (!MetricCheck.isBuiltIn(query.name())) {
            return new MetricResult.Failed(SimulatedMetrics.BUILT_IN_ONLY);
        }
        TrackStats stats = window(query.window()).track(query.track());
        if (stats.requests() == 0) {
            return new MetricResult.NoData("no requests to the " + query.track() + " track in " + query.window());
        }
        return MetricResult.of(MetricCheck.REQUEST_SUCCESS_RATE.equals(query.name()) ? stats.successRatePercent()
                : stats.p99Ms());
    }

    @Override
    public CountResult counts(CountQuery query) {
        TrafficWindow window = window(query.window());
        TrackStats canary = window.canary();
        TrackStats control = window.track(query.control());
        if (canary.requests() == 0 && control.requests() == 0) {
            return new CountResult.NoData("no requests to the canary or " + query.control() + " track in "
                    + query.window());
        }
        return new CountResult.Counts(SimulatedMetricSource.bad(canary, query.counted()),
                SimulatedMetricSource.bad(control, query.counted()));
    }

    /** The window {@code length} long that an analysis at {@code at} read, if one was served. */
    Optional<TrafficWindow> servedAt(Instant at, Duration length) {
        return Optional.ofNullable(served.getOrDefault(at, Map.of()).get(length));
    }

    private TrafficWindow window(Duration length) {
        return served.computeIfAbsent(clock.instant(), at -> new HashMap<>())
                .computeIfAbsent(length, l -> service.observe(inForce.get(), l));
    }

    @Override
    public String toString() {
        return "ScenarioMetrics[" + service + ", " + served.size() + " windows served]";
    }
}
