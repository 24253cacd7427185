package dev.stepwise.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("BuiltInQueries")
class BuiltInQueriesTest {

    private static final Map<String, String> VARIABLES = Map.of("namespace", "test", "target", "podinfo", "interval", "60s");

    @Test
    @DisplayName("ISTIO success rate is the percent of non-5xx per destination workload")
    void istioSuccessRate() {
        assertThat(BuiltInQueries.ISTIO.successRate().render(VARIABLES)).isEqualTo(
                "sum by (destination_workload) (rate(istio_requests_total{reporter=\"destination\", "
                        + "destination_workload_namespace=\"test\", "
                        + "destination_workload=~\"podinfo-primary|podinfo|podinfo-baseline\", response_code!~\"5.*\"}[60s]))"
                        + " / sum by (destination_workload) (rate(istio_requests_total{reporter=\"destination\", "
                        + "destination_workload_namespace=\"test\", "
                        + "destination_workload=~\"podinfo-primary|podinfo|podinfo-baseline\"}[60s])) * 100");
    }

    @Test
    @DisplayName("ISTIO duration is the p99 in ms per destination workload")
    void istioDuration() {
        assertThat(BuiltInQueries.ISTIO.duration().render(VARIABLES)).isEqualTo(
                "histogram_quantile(0.99, sum by (le, destination_workload) (rate(istio_request_duration_milliseconds_bucket{"
                        + "reporter=\"destination\", destination_workload_namespace=\"test\", "
                        + "destination_workload=~\"podinfo-primary|podinfo|podinfo-baseline\"}[60s])))");
    }

    @Test
    @DisplayName("KUMA success rate reads Envoy's upstream requests per Kuma service")
    void kumaSuccessRate() {
        String selector = "kuma_io_service=~\"(podinfo-primary|podinfo-canary|podinfo-baseline)_test_svc_[0-9]+\"";
        String relabel = ", \"service\", \"$1\", \"kuma_io_service\", \"([^_]+)_.*\")";
        assertThat(BuiltInQueries.KUMA.successRate().render(VARIABLES)).isEqualTo(
                "sum by (service) (label_replace(rate(envoy_cluster_upstream_rq{" + selector
                        + ", envoy_response_code!~\"5.*\"}[60s])" + relabel + ")"
                        + " / sum by (service) (label_replace(rate(envoy_cluster_upstream_rq{" + selector + "}[60s])" + relabel + ")"
                        + " * 100");
    }

    @Test
    @DisplayName("KUMA duration is the p99 of Envoy's upstream request time per Kuma service")
    void kumaDuration() {
        assertThat(BuiltInQueries.KUMA.duration().render(VARIABLES)).isEqualTo(
                "histogram_quantile(0.99, sum by (le, service) (label_replace(rate(envoy_cluster_upstream_rq_time_bucket{"
                        + "kuma_io_service=~\"(podinfo-primary|podinfo-canary|podinfo-baseline)_test_svc_[0-9]+\"}[60s]), "
                        + "\"service\", \"$1\", \"kuma_io_service\", \"([^_]+)_.*\")))");
    }

    @Test
    @DisplayName("GENERIC success rate counts non-5xx codes per app")
    void genericSuccessRate() {
        assertThat(BuiltInQueries.GENERIC.successRate().render(VARIABLES)).isEqualTo(
                "sum by (app) (rate(http_requests_total{namespace=\"test\", app=~\"podinfo-primary|podinfo|podinfo-baseline\", "
                        + "code!~\"5..\"}[60s])) / sum by (app) (rate(http_requests_total{namespace=\"test\", "
                        + "app=~\"podinfo-primary|podinfo|podinfo-baseline\"}[60s])) * 100");
    }

    @Test
    @DisplayName("GENERIC duration turns seconds into ms")
    void genericDuration() {
        assertThat(BuiltInQueries.GENERIC.duration().render(VARIABLES)).isEqualTo(
                "histogram_quantile(0.99, sum by (le, app) (rate(http_request_duration_seconds_bucket{namespace=\"test\", "
                        + "app=~\"podinfo-primary|podinfo|podinfo-baseline\"}[60s]))) * 1000");
    }

    @Test
    @DisplayName("ISTIO error counts are the increase of requests per workload, the 5xx labelled apart")
    void istioErrorCounts() {
        assertThat(BuiltInQueries.ISTIO.errorCounts().render(VARIABLES)).isEqualTo(
                "sum by (destination_workload, stepwise_class) (label_replace(increase(istio_requests_total{"
                        + "reporter=\"destination\", destination_workload_namespace=\"test\", "
                        + "destination_workload=~\"podinfo-primary|podinfo|podinfo-baseline\"}[60s]), "
                        + "\"stepwise_class\", \"5xx\", \"response_code\", \"5.*\"))");
    }

    @Test
    @DisplayName("KUMA error counts relabel the service before the 5xx")
    void kumaErrorCounts() {
        assertThat(BuiltInQueries.KUMA.errorCounts().render(VARIABLES)).isEqualTo(
                "sum by (service, stepwise_class) (label_replace(label_replace(increase(envoy_cluster_upstream_rq{"
                        + "kuma_io_service=~\"(podinfo-primary|podinfo-canary|podinfo-baseline)_test_svc_[0-9]+\"}[60s]), "
                        + "\"service\", \"$1\", \"kuma_io_service\", \"([^_]+)_.*\"), "
                        + "\"stepwise_class\", \"5xx\", \"envoy_response_code\", \"5.*\"))");
    }

    @Test
    @DisplayName("GENERIC bucket counts are the increase of every bucket per app, bounds in seconds")
    void genericBucketCounts() {
        assertThat(BuiltInQueries.GENERIC.bucketCounts().render(VARIABLES)).isEqualTo(
                "sum by (le, app) (increase(http_request_duration_seconds_bucket{namespace=\"test\", "
                        + "app=~\"podinfo-primary|podinfo|podinfo-baseline\"}[60s]))");
        assertThat(BuiltInQueries.GENERIC.bucketUnitMillis()).isEqualTo(1000);
        assertThat(BuiltInQueries.ISTIO.bucketUnitMillis()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(BuiltInQueries.class)
    @DisplayName("every flavor uses exactly namespace, target and interval")
    void variables(BuiltInQueries flavor) {
        assertThat(flavor.successRate().variables()).containsExactlyInAnyOrder("namespace", "target", "interval");
        assertThat(flavor.duration().variables()).containsExactlyInAnyOrder("namespace", "target", "interval");
        assertThat(flavor.errorCounts().variables()).containsExactlyInAnyOrder("namespace", "target", "interval");
        assertThat(flavor.bucketCounts().variables()).containsExactlyInAnyOrder("namespace", "target", "interval");
    }

    @ParameterizedTest
    @EnumSource(BuiltInQueries.class)
    @DisplayName("every flavor groups by its track label")
    void groupsByTrackLabel(BuiltInQueries flavor) {
        String label = flavor.trackLabels().label();
        assertThat(flavor.successRate().template()).contains("sum by (" + label + ")");
        assertThat(flavor.duration().template()).contains("sum by (le, " + label + ")");
    }

    @Nested
    @DisplayName("TrackLabels")
    class Labels {

        @Test
        @DisplayName("Flagger's naming gives -primary for stable, the target for canary and -baseline for baseline")
        void flagger() {
            TrackLabels labels = TrackLabels.flagger("destination_workload");

            assertThat(labels.valueFor(Track.STABLE, "podinfo")).isEqualTo("podinfo-primary");
            assertThat(labels.valueFor(Track.CANARY, "podinfo")).isEqualTo("podinfo");
            assertThat(labels.valueFor(Track.BASELINE, "podinfo")).isEqualTo("podinfo-baseline");
        }

        @Test
        @DisplayName("Kuma's canary is the -canary service")
        void kuma() {
            assertThat(BuiltInQueries.KUMA.trackLabels().valueFor(Track.CANARY, "podinfo")).isEqualTo("podinfo-canary");
        }

        @Test
        @DisplayName("replaces the target literally, with or without spaces in the placeholder")
        void literalTarget() {
            TrackLabels labels = new TrackLabels("app", "{{target}}-a", "x-{{ target }}", "{{ target }}$1");

            assertThat(labels.valueFor(Track.STABLE, "$0\\")).isEqualTo("$0\\-a");
            assertThat(labels.valueFor(Track.CANARY, "p")).isEqualTo("x-p");
            assertThat(labels.valueFor(Track.BASELINE, "p")).isEqualTo("p$1");
        }

        @Test
        @DisplayName("refuses a label that is not a Prometheus label name, and a blank value")
        void refused() {
            assertThatThrownBy(() -> TrackLabels.flagger("destination-workload"))
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("label"));
            assertThatThrownBy(() -> new TrackLabels("app", "a", " ", "c"))
                    .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("canary"));
        }
    }
}
