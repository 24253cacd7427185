package dev.stepwise.analysis;

import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One metric judged at every analysis interval, Flagger's {@code analysis.metrics[]} entry.
 *
 * @param name           the check's name; the built-ins are {@value #REQUEST_SUCCESS_RATE} (percent
 *                       of non-5xx responses) and {@value #REQUEST_DURATION} (p99 latency in ms)
 * @param query          a query template for the metric source, or empty for a built-in
 * @param thresholdRange the accepted range
 * @param interval       the window the query looks back over; defaults to the analysis interval
 *                       when null
 */
public record MetricCheck(String name, String query, ThresholdRange thresholdRange, @Nullable Duration interval) {

    public static final String REQUEST_SUCCESS_RATE = "request-success-rate";
    public static final String REQUEST_DURATION = "request-duration";

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
        if (interval != null && (interval.isNegative() || interval.isZero())) {
            throw new InvalidValueException("interval", interval, "must be positive");
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
