package dev.stepwise.tck;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.testkit.SimulatedMetricSource;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.Map;

/** The simulated source keeps the metric source contract: 10% canary traffic, no baseline. */
class SimulatedMetricSourceCompatibilityTest extends MetricSourceCompatibilityKit {

    @Override
    protected MetricSource createSource() {
        return SimulatedMetricSource.of(SimulatedService.ofDefaults(), () -> TrafficSplit.canary(10));
    }

    @Override
    protected MetricQuery healthyQuery() {
        return successRate(Track.CANARY);
    }

    /** The baseline has weight 0, so it serves nothing. */
    @Override
    protected MetricQuery emptyQuery() {
        return successRate(Track.BASELINE);
    }

    @Override
    protected MetricSource unreachableSource() {
        SimulatedMetricSource unreachable = SimulatedMetricSource.of(SimulatedService.ofDefaults(), () -> TrafficSplit.canary(10));
        unreachable.unavailable(true);
        return unreachable;
    }

    private static MetricQuery successRate(Track track) {
        return new MetricQuery(MetricCheck.REQUEST_SUCCESS_RATE, "", track, Duration.ofMinutes(1), Map.of());
    }
}
