package dev.stepwise.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.judge.TrackCounts;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse.ResultType;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse.Sample;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse.Samples;
import dev.stepwise.metrics.prometheus.internal.PrometheusResponse.Series;
import dev.stepwise.spi.CountResult;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The edge cases of reading counts out of an answer that backfilled data cannot produce in one
 * Prometheus: extrapolated (fractional) increases, a track without 5xx series, NaN, histograms
 * that differ between the tracks.
 */
@DisplayName("CountSelection")
class CountSelectionTest {

    static final CountSelection SELECTION = new CountSelection("app", "podinfo", "podinfo-primary");

    static Series series(double value, String... labels) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return new Series(map, List.of(new Sample(1.7e9, value)));
    }

    static PrometheusResponse vector(Series... series) {
        return new Samples(ResultType.VECTOR, Arrays.asList(series));
    }

    @Test
    @DisplayName("rounds extrapolated increases to whole requests, and a track without 5xx series has no bad requests")
    void rounding_and_absent_5xx() {
        CountResult result = SELECTION.errors(vector(
                series(1180.4, "app", "podinfo"), series(19.7, "app", "podinfo", "stepwise_class", "5xx"),
                series(11940.6, "app", "podinfo-primary")));

        assertThat(result).isEqualTo(new CountResult.Counts(new TrackCounts(1200, 20), new TrackCounts(11941, 0)));
    }

    @Test
    @DisplayName("a track with only 5xx counts them as all its requests")
    void only_5xx() {
        CountResult result = SELECTION.errors(vector(series(60, "app", "podinfo", "stepwise_class", "5xx"),
                series(600, "app", "podinfo-primary")));

        assertThat(result).isEqualTo(new CountResult.Counts(new TrackCounts(60, 60), new TrackCounts(600, 0)));
    }

    @Test
    @DisplayName("NaN is no data, never a count")
    void nan() {
        CountResult result = SELECTION.errors(vector(series(Double.NaN, "app", "podinfo"), series(600, "app", "podinfo-primary")));

        assertThat(result).isInstanceOfSatisfying(CountResult.NoData.class,
                noData -> assertThat(noData.reason()).contains("NaN", "app=\"podinfo\""));
    }

    @Test
    @DisplayName("a missing control is no data")
    void missing_control() {
        assertThat(SELECTION.errors(vector(series(600, "app", "podinfo")))).isInstanceOfSatisfying(CountResult.NoData.class,
                noData -> assertThat(noData.reason()).contains("no series for the control (app=\"podinfo-primary\")"));
    }

    @Test
    @DisplayName("counts slow requests at a bound both tracks have, and fails when the control lacks it")
    void buckets() {
        Series[] canary = {series(10, "app", "podinfo", "le", "0.1"), series(18, "app", "podinfo", "le", "0.25"),
                series(20, "app", "podinfo", "le", "+Inf")};
        CountResult same = SELECTION.slow(vector(canary[0], canary[1], canary[2], series(90, "app", "podinfo-primary", "le", "0.1"),
                series(99, "app", "podinfo-primary", "le", "0.25"), series(100, "app", "podinfo-primary", "le", "+Inf")), 300, 1000);
        CountResult differ = SELECTION.slow(vector(canary[0], canary[1], canary[2],
                series(90, "app", "podinfo-primary", "le", "0.1"), series(100, "app", "podinfo-primary", "le", "+Inf")), 300, 1000);

        assertThat(same).isEqualTo(new CountResult.Counts(new TrackCounts(20, 2), new TrackCounts(100, 1)));
        assertThat(differ).isInstanceOfSatisfying(CountResult.Failed.class,
                failed -> assertThat(failed.reason()).contains("no bucket le=\"0.25\""));
    }

    @Test
    @DisplayName("a histogram without its +Inf bucket fails: the total is unknown")
    void no_inf_bucket() {
        CountResult result = SELECTION.slow(vector(series(10, "app", "podinfo", "le", "0.1"),
                series(90, "app", "podinfo-primary", "le", "0.1")), 300, 1000);

        assertThat(result).isInstanceOfSatisfying(CountResult.Failed.class,
                failed -> assertThat(failed.reason()).contains("no le=\"+Inf\" bucket"));
    }
}
