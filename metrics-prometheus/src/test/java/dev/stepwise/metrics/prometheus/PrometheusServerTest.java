package dev.stepwise.metrics.prometheus;

import static dev.stepwise.metrics.prometheus.OpenMetricsData.CANARY;
import static dev.stepwise.metrics.prometheus.OpenMetricsData.STABLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The harness itself, through Prometheus's raw HTTP API: the backfilled data gives exactly the
 * values {@link OpenMetricsData} predicts, so the adapter's tests can trust them.
 */
@DisplayName("The Prometheus test server")
class PrometheusServerTest {

    static final Duration WINDOW = Duration.ofMinutes(1);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static final OpenMetricsData DATA = OpenMetricsData.scenarios();
    static PrometheusServer server;

    @BeforeAll
    static void start() {
        server = PrometheusServer.start(DATA.text());
    }

    @AfterAll
    static void close() {
        if (server != null) {
            server.close();
        }
    }

    static final String SUCCESS_RATE = "sum by (destination_workload) (rate(istio_requests_total{reporter=\"destination\","
            + "destination_workload_namespace=\"test\",response_code!~\"5.*\"}[1m])) / sum by (destination_workload) "
            + "(rate(istio_requests_total{reporter=\"destination\",destination_workload_namespace=\"test\"}[1m])) * 100";
    static final String P99 = "histogram_quantile(0.99, sum by (le, destination_workload) (rate("
            + "istio_request_duration_milliseconds_bucket{reporter=\"destination\",destination_workload_namespace=\"test\"}[1m])))";

    static Stream<Arguments> instants() {
        return Stream.of(
                Arguments.of("canary without traffic yet", OpenMetricsData.NO_TRAFFIC_AT),
                Arguments.of("healthy canary", OpenMetricsData.HEALTHY_AT),
                Arguments.of("5xx-heavy canary", OpenMetricsData.ERRORS_AT),
                Arguments.of("slow canary", OpenMetricsData.SLOW_AT));
    }

    @ParameterizedTest(name = "{0}: the success rate by workload is the generator's, exactly")
    @MethodSource("instants")
    void success_rate_by_workload(String name, Instant at) throws Exception {
        assertByWorkload(SUCCESS_RATE, at, w -> DATA.successRate(w, at, WINDOW));
    }

    @ParameterizedTest(name = "{0}: the p99 by workload is the generator's, exactly")
    @MethodSource("instants")
    void p99_by_workload(String name, Instant at) throws Exception {
        assertByWorkload(P99, at, w -> DATA.p99(w, at, WINDOW));
    }

    @Test
    void the_expected_values_are_the_documented_ones() {
        assertThat(DATA.successRate(STABLE, OpenMetricsData.HEALTHY_AT, WINDOW)).hasValue(99.5);
        assertThat(DATA.p99(STABLE, OpenMetricsData.HEALTHY_AT, WINDOW).getAsDouble()).isCloseTo(175, within(1e-9));
        assertThat(DATA.successRate(CANARY, OpenMetricsData.HEALTHY_AT, WINDOW)).hasValue(100);
        assertThat(DATA.p99(CANARY, OpenMetricsData.HEALTHY_AT, WINDOW).getAsDouble()).isCloseTo(90, within(1e-9));
        assertThat(DATA.successRate(CANARY, OpenMetricsData.ERRORS_AT, WINDOW)).hasValue(85);
        assertThat(DATA.p99(CANARY, OpenMetricsData.SLOW_AT, WINDOW).getAsDouble()).isCloseTo(975, within(1e-9));
        assertThat(DATA.successRate(CANARY, OpenMetricsData.NO_TRAFFIC_AT, WINDOW)).isEmpty();
    }

    @Test
    void the_total_request_rate_is_exact_at_a_fixed_time() throws Exception {
        JsonNode result = query("sum(rate(istio_requests_total[1m]))", OpenMetricsData.HEALTHY_AT);

        assertThat(result.get("resultType").asText()).isEqualTo("vector");
        assertThat(result.get("result")).hasSize(1);
        assertThat(result.get("result").get(0).get("value").get(1).asDouble()).isEqualTo(220.0);
    }

    @Test
    void a_window_that_spans_a_change_of_traffic_has_no_single_expected_value() {
        assertThatThrownBy(() -> DATA.successRate(CANARY, OpenMetricsData.START.plus(Duration.ofMinutes(15)).plusSeconds(30), WINDOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spans a change");
    }

    @Test
    void a_stopped_server_refuses_connections() throws Exception {
        try (PrometheusServer own = PrometheusServer.start(OpenMetricsData.builder().traffic(STABLE, OpenMetricsData.STABLE_TRAFFIC)
                .build().text())) {
            URI url = own.baseUrl();
            assertThat(own.isRunning()).isTrue();

            own.stop();

            assertThat(own.isRunning()).isFalse();
            assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(url.resolve("/-/ready")).build(),
                    HttpResponse.BodyHandlers.discarding())).isInstanceOf(IOException.class);
        }
    }

    private void assertByWorkload(String promql, Instant at, java.util.function.Function<String, java.util.OptionalDouble> expected)
            throws Exception {
        Map<String, Double> actual = new TreeMap<>();
        for (JsonNode series : query(promql, at).get("result")) {
            actual.put(series.get("metric").get("destination_workload").asText(), series.get("value").get(1).asDouble());
        }
        Map<String, Double> wanted = new TreeMap<>();
        for (String workload : new String[] {STABLE, CANARY}) {
            expected.apply(workload).ifPresent(v -> wanted.put(workload, v));
        }
        assertThat(actual.keySet()).isEqualTo(wanted.keySet());
        wanted.forEach((workload, v) -> assertThat(actual.get(workload)).as(workload).isCloseTo(v, within(Math.abs(v) * 1e-9)));
    }

    static JsonNode query(String promql, Instant at) throws IOException, InterruptedException {
        URI uri = server.baseUrl().resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time=" + at.getEpochSecond());
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asText()).isEqualTo("success");
        return body.get("data");
    }
}
