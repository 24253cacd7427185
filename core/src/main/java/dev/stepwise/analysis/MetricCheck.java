package dev.stepwise.analysis;

import dev.stepwise.validation.InvalidValueException;
import dev.stepwise.validation.internal.ValueText;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One metric judged at every analysis interval, Flagger's {@code analysis.metrics[]} entry.
 *
 * @param name           the check's name; the built-ins are {@value #REQUEST_SUCCESS_RATE} (percent
 *                       of non-5xx responses) and {@value #REQUEST_DURATION} (p99 latency in ms)
 * @param query          a query template for the metric source, or empty for a built-in
 * @param thresholdRange the accepted range; for {@value #REQUEST_SUCCESS_RATE} each bound within
 *                       0..100 (a percent), for {@value #REQUEST_DURATION} within 0..86,400,000 ms
 *                       ({@link #MAX_LATENCY_MS}); a custom check's bounds are any finite numbers
 * @param interval       the window the query looks back over, {@link #MIN_INTERVAL 1s} to
 *                       {@link #MAX_INTERVAL 24h}; defaults to the analysis interval when null
 */
public record MetricCheck(String name, String query, ThresholdRange thresholdRange, @Nullable Duration interval) {

    public static final String REQUEST_SUCCESS_RATE = "request-success-rate";
    public static final String REQUEST_DURATION = "request-duration";
    /** The shortest window a query looks back over: 1 second, the finest scrape interval in use. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** The longest window a query looks back over: 24 hours. */
    public static final Duration MAX_INTERVAL = Duration.ofHours(24);
    /** The highest latency bound of {@value #REQUEST_DURATION}, in ms: 24 hours. */
    public static final double MAX_LATENCY_MS = 86_400_000.0;

    public MetricCheck {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", name == null ? "null" : "\"\"", "must be a non-empty metric name");
        }
        InvalidValueException.requireNonNull("thresholdRange", thresholdRange);
        query = query == null ? "" : query;
        if (query.isEmpty() && !isBuiltIn(name)) {
            throw new InvalidValueException("query", "\"\"", "is required for a custom metric (built-ins are "
                    + REQUEST_SUCCESS_RATE + " and " + REQUEST_DURATION + ")");
        }
        if (interval != null) {
            InvalidValueException.requireBetween("interval", interval, MIN_INTERVAL, MAX_INTERVAL);
        }
        if (query.isEmpty()) {
            checkBuiltInRange(name, thresholdRange);
        }
    }

    /** A built-in's bounds are a percent or a latency: a bound outside them could never pass, or never fail. */
    private static void checkBuiltInRange(String name, ThresholdRange range) {
        boolean percent = REQUEST_SUCCESS_RATE.equals(name);
        double max = percent ? 100.0 : MAX_LATENCY_MS;
        String allowed = "must be between 0 and " + ValueText.number(max) + (percent ? " (a percent)" : " (milliseconds)");
        Double low = range.min();
        Double high = range.max();
        if (low != null && !(low >= 0.0 && low <= max)) {
            throw new InvalidValueException("thresholdRange.min", ValueText.number(low), allowed);
        }
        if (high != null && !(high >= 0.0 && high <= max)) {
            throw new InvalidValueException("thresholdRange.max", ValueText.number(high), allowed);
        }
    }

    /** A built-in check with the given range. */
    public static MetricCheck builtIn(String name, ThresholdRange range) {
        return new MetricCheck(name, "", range, null);
    }

    /** A custom check with a query template. */
    public static MetricCheck custom(String name, String query, ThresholdRange range) {
        return new MetricCheck(name, query, range, null);
    }

    public static boolean isBuiltIn(String name) {
        return REQUEST_SUCCESS_RATE.equals(name) || REQUEST_DURATION.equals(name);
    }

    /** The window this check looks back over, given the analysis interval. */
    public Duration window(Duration analysisInterval) {
        return interval == null ? analysisInterval : interval;
    }

    @Override
    public String toString() {
        return name + " in " + thresholdRange + (query.isEmpty() ? "" : " (custom query)");
    }
}
