package dev.stepwise.metrics.prometheus.internal;

import java.util.List;
import java.util.Map;

/**
 * A parsed answer of the Prometheus query API: {@code {"status", "data": {"resultType", "result"},
 * "errorType", "error"}}. Not API: may change without notice.
 */
public sealed interface PrometheusResponse {

    /** A {@code vector}, {@code matrix} or {@code scalar} result; a scalar is one series without labels. */
    record Samples(ResultType type, List<Series> series) implements PrometheusResponse {
        public Samples {
            series = List.copyOf(series);
        }
    }

    /** A {@code string} result. */
    record Text(String value) implements PrometheusResponse {
    }

    /** {@code "status": "error"}, e.g. errorType {@code bad_data} for a query that does not parse. */
    record Error(String errorType, String error) implements PrometheusResponse {
        /** {@code errorType: error}, as a failure reason. */
        public String reason() {
            return errorType.isEmpty() ? error : errorType + ": " + error;
        }
    }

    /** What kind of result Prometheus returned. */
    enum ResultType { VECTOR, MATRIX, SCALAR }

    /** One series: its labels and its samples, oldest first (exactly one for vector and scalar). */
    record Series(Map<String, String> labels, List<Sample> samples) {
        public Series {
            labels = Map.copyOf(labels);
            samples = List.copyOf(samples);
        }

        /** The newest sample's value. */
        public double latest() {
            return samples.get(samples.size() - 1).value();
        }
    }

    /** A value at a time in seconds since the epoch; NaN and infinities kept as such. */
    record Sample(double timestamp, double value) {
    }
}
