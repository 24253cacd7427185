package dev.stepwise.metrics.prometheus;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.tck.MetricSourceCompatibilityKit;
import dev.stepwise.traffic.Track;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Prometheus source keeps the metric source contract, on a real Prometheus serving
 * {@link OpenMetricsData#scenarios()} at {@link OpenMetricsData#HEALTHY_AT}: the healthy canary of
 * podinfo has data, a target nobody calls has none, and a closed port is unreachable.
 */
class PrometheusMetricSourceCompatibilityTest extends MetricSourceCompatibilityKit {

    static PrometheusServer server;

    @BeforeAll
    static void start() {
        server = PrometheusServer.start(OpenMetricsData.scenarios().text());
    }

    @AfterAll
    static void close() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected MetricSource createSource() {
        return source(server.baseUrl());
    }

    @Override
    protected MetricQuery healthyQuery() {
        return successRate(OpenMetricsData.TARGET);
    }

    @Override
    protected MetricQuery emptyQuery() {
        return successRate("nobody-calls-this");
    }

    @Override
    protected MetricSource unreachableSource() {
        try {
            return source(URI.create("http://127.0.0.1:" + RealPrometheusTest.closedPort()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MetricSource source(URI baseUrl) {
        PrometheusConfig config = PrometheusConfig.builder().baseUrl(baseUrl).timeout(Duration.ofSeconds(5)).build();
        return PrometheusMetricSource.builder(config).queries(BuiltInQueries.ISTIO)
                .clock(Clock.fixed(OpenMetricsData.HEALTHY_AT, ZoneOffset.UTC)).build();
    }

    private static MetricQuery successRate(String target) {
        return new MetricQuery(MetricCheck.REQUEST_SUCCESS_RATE, "", Track.CANARY, Duration.ofMinutes(1),
                Map.of("namespace", OpenMetricsData.NAMESPACE, "target", target, "interval", "60s"));
    }
}
