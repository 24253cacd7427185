package dev.stepwise.bench.decisions;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.spi.CountQuery;
import dev.stepwise.spi.CountResult;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.SimulatedMetricSource;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.TrackStats;
import dev.stepwise.testkit.TrafficWindow;
import dev.stepwise.testkit.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The built-in metrics and judge counts of a {@link SimulatedService} through the split a router
 * holds, where every query asked at the same instant over the same window reads one served window,
 * as two PromQL queries over the same range read the same traffic. ({@link SimulatedMetricSource}
 * serves each query its own window: at 0.1 requests/s the success-rate and latency checks would
 * then miss the canary's traffic independently, and an analysis would lack data twice as often as
 * in the simulation of contestant (d), which feeds all checks from one window.) Only the
 * built-in checks; a window is drawn when first asked, so {@code beforeDraw} may change the
 * service for windows starting at or after a given instant. Not thread-safe: one per run.
 */
final class SharedWindowSource implements MetricSource {

    /** Called with the start of a window just before it is drawn. */
    interface BeforeDraw {
        void windowFrom(Instant from);
    }

    private final SimulatedService service;
    private final InMemoryTrafficRouter router;
    private final VirtualClock clock;
    private final BeforeDraw beforeDraw;
    private final Map<Duration, TrafficWindow> served = new HashMap<>();
    private Instant servedAt = Instant.EPOCH;

    SharedWindowSource(SimulatedService service, InMemoryTrafficRouter router, VirtualClock clock, BeforeDraw beforeDraw) {
        this.service = service;
        this.router = router;
        this.clock = clock;
        this.beforeDraw = beforeDraw;
    }

    @Override
    public MetricResult query(MetricQuery query) {
        if (!MetricCheck.isBuiltIn(query.name()) || !query.template().isEmpty()) {
            return new MetricResult.Failed("the decision run serves the built-in checks only, not " + query.name());
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
            return new CountResult.NoData("no requests to the canary or " + query.control() + " track in " + query.window());
        }
        return new CountResult.Counts(SimulatedMetricSource.bad(canary, query.counted()),
                SimulatedMetricSource.bad(control, query.counted()));
    }

    private TrafficWindow window(Duration length) {
        Instant now = clock.instant();
        if (!now.equals(servedAt)) {
            served.clear();
            servedAt = now;
        }
        return served.computeIfAbsent(length, missing -> {
            beforeDraw.windowFrom(now.minus(length));
            return service.observe(router.inForce(), length);
        });
    }

    @Override
    public String toString() {
        return "SharedWindowSource[" + service + " through " + router + "]";
    }
}
