package dev.stepwise.testkit;

import dev.stepwise.analysis.BadRequests;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.judge.TrackCounts;
import dev.stepwise.spi.CountQuery;
import dev.stepwise.spi.CountResult;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.spi.SampleQuery;
import dev.stepwise.spi.SampleResult;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * A {@link MetricSource} answering from a {@link SimulatedService}: each query serves one window
 * of simulated requests, {@link MetricQuery#window()} long, through the split actually applied (as
 * a supplier gives it, typically an {@link InMemoryTrafficRouter}'s), and measures
 * {@link MetricQuery#track()}:
 * <ul>
 *   <li>{@value MetricCheck#REQUEST_SUCCESS_RATE}: percent of requests answered without a 5xx;</li>
 *   <li>{@value MetricCheck#REQUEST_DURATION}: the 99th-percentile latency in milliseconds.</li>
 * </ul>
 * A track that served no request in the window is {@link MetricResult.NoData} (a track at 0%
 * weight, say), never a value. A custom query (a non-empty {@link MetricQuery#template()}) is
 * answered with the value {@linkplain #withCustomMetric supplied} for its name, if any, whatever
 * the track and window ({@code NaN} and infinities are no data); else it is {@link MetricResult.Failed} with
 * {@value SimulatedMetrics#BUILT_IN_ONLY}, as is a query with an empty template and a name that is not
 * a built-in. So is every query while the source is
 * {@linkplain #unavailable(boolean) unavailable}, with {@value #UNREACHABLE}, and a supplier that
 * throws. No query throws. The same seed and the same calls give the same answers. Thread-safe.
 *
 * <p>{@link #counts(CountQuery) Counts} for a judge come from one window of the same simulated
 * traffic, {@link CountQuery#window()} long, through the applied split: the canary's and the
 * control track's requests, and their bad ones ({@link TrackStats#errorCounts()} or
 * {@link TrackStats#slowCounts(double)}). A window without a request on either track is
 * {@link CountResult.NoData}.
 *
 * <p>{@link #samples(SampleQuery) Samples} for a distribution judge: a query whose template is
 * a built-in's name ({@value MetricCheck#REQUEST_SUCCESS_RATE} or {@value MetricCheck#REQUEST_DURATION})
 * serves {@link SampleQuery#expectedSamples()} windows, each {@link SampleQuery#step()} long,
 * through the applied split, and answers the track's value in each (NaN for a window without a
 * request to the track). Each query serves its own windows, so a window listener sees them too.
 * Any other template is {@link SampleResult.Failed} with {@value SimulatedMetrics#BUILT_IN_ONLY}.
 */
public final class SimulatedMetricSource implements MetricSource {

    /** The reason of every answer while the source is unavailable. */
    public static final String UNREACHABLE = "unreachable";

    private final SimulatedService service;
    private final Supplier<TrafficSplit> applied;
    private final Map<String, DoubleSupplier> customMetrics;
    private volatile boolean unavailable;

    private SimulatedMetricSource(SimulatedService service, Supplier<TrafficSplit> applied,
                                  Map<String, DoubleSupplier> customMetrics) {
        this.service = InvalidValueException.requireNonNull("service", service);
        this.applied = InvalidValueException.requireNonNull("applied", applied);
        this.customMetrics = customMetrics;
    }

    /**
     * A source measuring {@code service} at the split {@code applied} gives at each query; it
     * must be safe to call from several threads.
     */
    public static SimulatedMetricSource of(SimulatedService service, Supplier<TrafficSplit> applied) {
        return new SimulatedMetricSource(service, applied, Map.of());
    }

    /**
     * A source measuring {@code service} at the split {@code router} holds. It reads
     * {@link InMemoryTrafficRouter#inForce()}, so the router's injected failures do not reach it.
     */
    public static SimulatedMetricSource of(SimulatedService service, InMemoryTrafficRouter router) {
        InvalidValueException.requireNonNull("router", router);
        return new SimulatedMetricSource(service, router::inForce, Map.of());
    }

    /**
     * A new source like this one (same service and applied split, the custom metrics of this one,
     * available or not as this one is now) that also answers custom queries named {@code name}
     * with {@link MetricResult#of(double) the value} {@code value} gives at each query; a supplier
     * that throws makes the answer {@link MetricResult.Failed}. Replaces this source's supplier
     * for the same name. {@code value} must be safe to call from several threads. This source is
     * unchanged.
     */
    public SimulatedMetricSource withCustomMetric(String name, DoubleSupplier value) {
        Map<String, DoubleSupplier> merged = new LinkedHashMap<>(customMetrics);
        merged.put(SimulatedMetrics.requireMetricName(name), InvalidValueException.requireNonNull("value", value));
        SimulatedMetricSource source = new SimulatedMetricSource(service, applied, Map.copyOf(merged));
        source.unavailable = unavailable;
        return source;
    }

    @Override
    public MetricResult query(MetricQuery query) {
        InvalidValueException.requireNonNull("query", query);
        if (unavailable) {
            return new MetricResult.Failed(UNREACHABLE);
        }
        if (!query.template().isEmpty()) {
            DoubleSupplier value = customMetrics.get(query.name());
            if (value == null) {
                return new MetricResult.Failed(SimulatedMetrics.BUILT_IN_ONLY);
            }
            try {
                return MetricResult.of(value.getAsDouble());
            } catch (RuntimeException e) {
                return new MetricResult.Failed("cannot read the simulated value of " + query.name() + ": " + e.getMessage());
            }
        }
        if (!MetricCheck.isBuiltIn(query.name())) {
            return new MetricResult.Failed(SimulatedMetrics.BUILT_IN_ONLY);
        }
        TrafficSplit split;
        try {
            split = InvalidValueException.requireNonNull("applied split", applied.get());
        } catch (RuntimeException e) {
            return new MetricResult.Failed("cannot read the applied split: " + e.getMessage());
        }
        TrackStats stats = service.observe(split, query.window()).track(query.track());
        if (stats.requests() == 0) {
            return new MetricResult.NoData("no requests to the " + query.track() + " track in " + query.window()
                    + " at " + split);
        }
        double value = MetricCheck.REQUEST_SUCCESS_RATE.equals(query.name()) ? stats.successRatePercent() : stats.p99Ms();
        return MetricResult.of(value);
    }

    @Override
    public CountResult counts(CountQuery query) {
        InvalidValueException.requireNonNull("query", query);
        if (unavailable) {
            return new CountResult.Failed(UNREACHABLE);
        }
        TrafficSplit split;
        try {
            split = InvalidValueException.requireNonNull("applied split", applied.get());
        } catch (RuntimeException e) {
            return new CountResult.Failed("cannot read the applied split: " + e.getMessage());
        }
        TrafficWindow window = service.observe(split, query.window());
        TrackStats canary = window.canary();
        TrackStats control = window.track(query.control());
        if (canary.requests() == 0 && control.requests() == 0) {
            return new CountResult.NoData("no requests to the canary or " + query.control() + " track in "
                    + query.window() + " at " + split);
        }
        return new CountResult.Counts(bad(canary, query.counted()), bad(control, query.counted()));
    }

    @Override
    public SampleResult samples(SampleQuery query) {
        InvalidValueException.requireNonNull("query", query);
        if (unavailable) {
            return new SampleResult.Failed(UNREACHABLE);
        }
        if (!MetricCheck.isBuiltIn(query.template())) {
            return new SampleResult.Failed(SimulatedMetrics.BUILT_IN_ONLY);
        }
        TrafficSplit split;
        try {
            split = InvalidValueException.requireNonNull("applied split", applied.get());
        } catch (RuntimeException e) {
            return new SampleResult.Failed("cannot read the applied split: " + e.getMessage());
        }
        boolean successRate = MetricCheck.REQUEST_SUCCESS_RATE.equals(query.template());
        List<Double> values = new ArrayList<>();
        for (long i = 0; i < query.expectedSamples(); i++) {
            TrackStats stats = service.observe(split, query.step()).track(query.track());
            values.add(stats.requests() == 0 ? Double.NaN : successRate ? stats.successRatePercent() : stats.p99Ms());
        }
        return new SampleResult.Samples(values);
    }

    /** What {@code counted} counts among the requests {@code stats} describes. */
    public static TrackCounts bad(TrackStats stats, BadRequests counted) {
        return counted instanceof BadRequests.SlowerThan slow ? stats.slowCounts(slow.threshold().toMillis())
                : stats.errorCounts();
    }

    /** False while the source is unavailable. */
    @Override
    public boolean isHealthy() {
        return !unavailable;
    }

    /** Makes every query fail with {@value #UNREACHABLE} until called with false; default available. */
    public void unavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    @Override
    public String toString() {
        return "SimulatedMetricSource[" + service
                + (customMetrics.isEmpty() ? "" : ", custom metrics " + new TreeSet<>(customMetrics.keySet()))
                + (unavailable ? ", unavailable" : "") + "]";
    }
}
