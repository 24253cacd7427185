package dev.stepwise.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.engine.InMemoryStateStore;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.rollout.Phase;
import dev.stepwise.testkit.EngineRun;
import dev.stepwise.testkit.InMemoryTrafficRouter;
import dev.stepwise.testkit.InMemoryWorkload;
import dev.stepwise.testkit.RolloutRun;
import dev.stepwise.testkit.SimulatedMetricSource;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.validation.InvalidValueException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
@DisplayName("PrometheusScrape: the engine's metrics over HTTP, on the JDK server")
class PrometheusScrapeTest {

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final PrometheusScrape scrape = PrometheusScrape.builder(registry).host("127.0.0.1").port(0).build().start();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() {
        scrape.close();
    }

    HttpResponse<String> send(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + scrape.port() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    RolloutDefinition definition(InMemoryTrafficRouter router) {
        InMemoryWorkload workload = InMemoryWorkload.ofDefaults();
        workload.deploy("v2");
        SimulatedService service = SimulatedService.builder().seed(42).canaryErrorProbability(0.001).build();
        return RolloutDefinition.builder("test", "podinfo")
                .strategy(StepwiseMetricsTest.canary(AnalysisPolicy.builder().threshold(2).metric(StepwiseMetricsTest.SUCCESS)))
                .router(router).workload(workload).metrics(SimulatedMetricSource.of(service, router)).build();
    }

    @Test
    @DisplayName("GET /metrics shows a rollout driven by the engine: its weight while it runs, its decisions and its end after, with its tags")
    void metrics_of_a_rollout() {
        RolloutDefinition def = definition(InMemoryTrafficRouter.ofDefaults());
        StepwiseMetrics metrics = StepwiseMetrics.builder().registry(registry).tag("cluster", "eu-1").build();
        List<String> whileRunning = new ArrayList<>();
        RolloutRun run = EngineRun.of(def).stateStore(new InMemoryStateStore()).listener(metrics).listener(event -> {
            if (event instanceof RolloutEvent.Stepped stepped && !stepped.transition().isTerminal()
                    && stepped.transition().state().split().canary() == 30 && whileRunning.isEmpty()) {
                whileRunning.add(send("GET", "/metrics").body());
            }
        }).run().rollout(def.id());
        assertThat(run.phase()).contains(Phase.SUCCEEDED);

        assertThat(whileRunning).singleElement().asString()
                .contains("stepwise_rollout_canary_weight{cluster=\"eu-1\",name=\"podinfo\",namespace=\"test\"} 30.0")
                .contains("stepwise_rollout_phase{cluster=\"eu-1\",name=\"podinfo\",namespace=\"test\",phase=\"Progressing\"} 1.0");
        HttpResponse<String> after = send("GET", "/metrics");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(after.body())
                .contains("stepwise_decisions_total{cluster=\"eu-1\",decision=\"advance\",name=\"podinfo\",namespace=\"test\"} 5.0")
                .contains("stepwise_rollouts_ended_total{cluster=\"eu-1\",name=\"podinfo\",namespace=\"test\",phase=\"Succeeded\"} 1.0")
                .contains("stepwise_step_duration_seconds_count{cluster=\"eu-1\",name=\"podinfo\",namespace=\"test\"}")
                .doesNotContain("stepwise_rollout_canary_weight{");
    }

    @Test
    @DisplayName("a scraper asking for OpenMetrics gets OpenMetrics, ending with # EOF")
    void openmetrics() {
        registry.counter("stepwise.decisions", "decision", "advance").increment();

        HttpResponse<String> response = send("GET", "/metrics", "Accept",
                "application/openmetrics-text; version=1.0.0,text/plain;version=0.0.4;q=0.5");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertThat(response.body()).contains("stepwise_decisions_total{decision=\"advance\"} 1.0").endsWith("# EOF\n");
    }

    @Test
    @DisplayName("/healthz answers 200 ok, an unknown path 404, another method 405 with the methods allowed")
    void health_and_errors() {
        HttpResponse<String> health = send("GET", "/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");

        assertThat(send("GET", "/metrics/more").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/").statusCode()).isEqualTo(404);
        HttpResponse<String> post = send("POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
        assertThat(send("DELETE", "/healthz").statusCode()).isEqualTo(405);
    }

    @Test
    @DisplayName("the builder refuses a port out of range and a path that is not absolute, naming the field; port() needs a started server")
    void builder() {
        assertThatThrownBy(() -> PrometheusScrape.builder(registry).port(70000)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("port").hasMessageContaining("0..65535");
        assertThatThrownBy(() -> PrometheusScrape.builder(registry).path("metrics")).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("path");
        PrometheusScrape unstarted = PrometheusScrape.builder(registry).build();
        assertThatThrownBy(unstarted::port).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
        assertThat(unstarted).hasToString("PrometheusScrape[0.0.0.0:9090/metrics]");
        scrape.close();
        scrape.close();
        assertThatThrownBy(scrape::port).isInstanceOf(IllegalStateException.class);
    }
}
