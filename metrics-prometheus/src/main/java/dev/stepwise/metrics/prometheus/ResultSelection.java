package dev.stepwise.metrics.prometheus;

import dev.stepwise.metrics.prometheus.internal.PrometheusResponse;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse.ResultType;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse.Series;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.traffic.Track;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Turns a parsed response into one {@link MetricResult}: NaN and infinities are no data, never a value. */
final class ResultSelection {

    private ResultSelection() {
    }

    /** The value of the vector series whose {@code label} is {@code value}, for a built-in all-tracks query. */
    static MetricResult forTrack(PrometheusResponse response, String label, String value, Track track) {
        if (!(response instanceof PrometheusResponse.Samples samples) || samples.type() != ResultType.VECTOR) {
            return new MetricResult.Failed("expected a vector, got " + kind(response));
        }
        for (Series series : samples.series()) {
            if (value.equals(series.labels().get(label))) {
                return MetricResult.of(series.latest());
            }
        }
        return new MetricResult.NoData("no series for track " + track + " (label " + label + "=\"" + value + "\")");
    }

    /** The value of a scalar or of a vector with one series, for a custom query. */
    static MetricResult single(PrometheusResponse response) {
        if (!(response instanceof PrometheusResponse.Samples samples) || samples.type() == ResultType.MATRIX) {
            return new MetricResult.Failed("expected a vector or a scalar, got " + kind(response));
        }
        List<Series> series = samples.series();
        if (series.isEmpty()) {
            return new MetricResult.NoData("query returned no series");
        }
        if (series.size() > 1) {
            return new MetricResult.Failed("custom query returned " + series.size() + " series; aggregate it to one");
        }
        return MetricResult.of(series.get(0).latest());
    }

    /**
     * The points of a range query: the matrix series whose {@code label} is {@code value} (built-in
     * all-tracks query), or the only series (custom query, {@code label} null).
     */
    static RangeResult range(PrometheusResponse response, @Nullable String label, @Nullable String value) {
        if (!(response instanceof PrometheusResponse.Samples samples) || samples.type() != ResultType.MATRIX) {
            return new RangeResult.Failed("expected a matrix, got " + kind(response));
        }
        List<Series> candidates = label == null ? samples.series()
                : samples.series().stream()
                        .filter(s -> Objects.requireNonNull(value, "a label comes with its value").equals(s.labels().get(label)))
                        .toList();
        if (candidates.size() > 1) {
            return new RangeResult.Failed("range query returned " + candidates.size() + " series; aggregate it to one");
        }
        List<RangeResult.Point> points = candidates.isEmpty() ? List.of() : candidates.get(0).samples().stream()
                .filter(sample -> Double.isFinite(sample.value()))
                .map(sample -> new RangeResult.Point(java.time.Instant.ofEpochMilli(Math.round(sample.timestamp() * 1000)),
                        sample.value()))
                .toList();
        if (points.isEmpty()) {
            return new RangeResult.NoData(label == null ? "no finite value in the range"
                    : "no finite value in the range for " + label + "=\"" + value + "\"");
        }
        return new RangeResult.Points(points);
    }

    private static String kind(PrometheusResponse response) {
        if (response instanceof PrometheusResponse.Samples samples) {
            return "a " + samples.type().name().toLowerCase(java.util.Locale.ROOT);
        }
        return "a string";
    }
}
