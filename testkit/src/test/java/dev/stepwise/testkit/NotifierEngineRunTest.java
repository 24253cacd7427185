package dev.stepwise.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.stepwise.notify.Notifier;
import dev.stepwise.notify.RateLimit;
import dev.stepwise.notify.Severity;
import dev.stepwise.notify.SlackChannel;
import dev.stepwise.notify.WebhookChannel;
import dev.stepwise.rollout.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A Notifier on the real engine tells a rollout's steps to each channel by its severity")
class NotifierEngineRunTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    HttpServer server;
    final Map<String, ConcurrentLinkedQueue<String>> received = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.computeIfAbsent(exchange.getRequestURI().getPath().split("/")[1], k -> new ConcurrentLinkedQueue<>())
                        .add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    URI address(String channel) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + channel + "/T0/B0/s3cret");
    }

    List<String> bodies(String channel) {
        return new ArrayList<>(received.getOrDefault(channel, new ConcurrentLinkedQueue<>()));
    }

    @Test
    @DisplayName("a healthy rollout: every step to the info webhook, nothing to the error-only Slack channel")
    void healthyRollout() throws IOException {
        Notifier notifier = Notifier.builder().rateLimit(new RateLimit(100, Duration.ofMinutes(1))).threads(1)
                .channel(WebhookChannel.of("hook", address("hook")))
                .channel(new SlackChannel("chat", address("chat"), Severity.ERROR)).build();

        EngineRunResult result = EngineRun.of(EngineRunTest.rollout("healthy", Duration.ofMinutes(1), 0.001))
                .scheduler(VirtualScheduler.startingAt(T0)).until(Duration.ofHours(1)).listener(notifier).run();
        assertThat(notifier.closeAndWait()).isTrue();

        RolloutRun run = result.rollout("test/healthy");
        assertThat(run.phase()).contains(Phase.SUCCEEDED);
        List<String> titles = new ArrayList<>();
        for (String body : bodies("hook")) {
            JsonNode json = JSON.readTree(body);
            assertThat(json.get("severity").asText()).isEqualTo("info");
            titles.add(json.get("title").asText());
        }
        assertThat(titles).containsExactly("test/healthy start at 0% canary", "test/healthy advance at 10% canary",
                "test/healthy advance at 20% canary", "test/healthy advance at 30% canary",
                "test/healthy promote at 30% canary", "test/healthy finalize at 0% canary",
                "test/healthy succeed at 0% canary", "test/healthy Succeeded");
        assertThat(bodies("chat")).isEmpty();
        assertThat(notifier.stats().failed()).isZero();
    }

    @Test
    @DisplayName("a failing rollout: its rollback reaches the error-only Slack channel in red")
    void failingRollout() throws IOException {
        Notifier notifier = Notifier.builder().threads(1)
                .channel(new SlackChannel("chat", address("chat"), Severity.ERROR)).build();

        EngineRun.of(EngineRunTest.rollout("failing", Duration.ofMinutes(1), 0.5))
                .scheduler(VirtualScheduler.startingAt(T0)).until(Duration.ofHours(1)).listener(notifier).run();
        assertThat(notifier.closeAndWait()).isTrue();

        List<String> texts = new ArrayList<>();
        for (String body : bodies("chat")) {
            JsonNode json = JSON.readTree(body);
            assertThat(json.at("/attachments/0/color").asText()).isEqualTo("danger");
            texts.add(json.get("text").asText());
        }
        assertThat(texts).containsExactly("test/failing roll back at 0% canary", "test/failing RolledBack");
    }
}
