package dev.stepwise.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.http.internal.HostileHttpServer;
import dev.stepwise.rollout.HookType;
import dev.stepwise.spi.WebhookClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP webhook client against a real HTTP receiver on 127.0.0.1. */
@DisplayName("The HTTP webhook client")
class HttpWebhookClientTest {

    static final Map<String, String> CONTEXT = Map.of("name", "podinfo", "namespace", "test", "phase", "Progressing",
            "revision", "v2");

    HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] answer = ("answer " + status).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.createContext("/slow", exchange -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    Webhook hook(String path, Duration timeout) {
        return new Webhook("load-test", HookType.ROLLOUT,
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path), timeout, Map.of("cmd", "hey -z 1m", "token", "s3cret"));
    }

    @ParameterizedTest(name = "HTTP {0} is {1}")
    @CsvSource({"200, true", "201, true", "202, true", "204, false", "400, false", "500, false"})
    void counts_200_to_202_as_success_as_flagger_does(int answer, boolean succeeded) {
        status = answer;

        WebhookClient.Outcome outcome = HttpWebhookClient.ofDefaults().call(hook("/", Duration.ofSeconds(5)), CONTEXT);

        assertThat(outcome.succeeded()).isEqualTo(succeeded);
        if (!succeeded) {
            assertThat(outcome.message()).startsWith("HTTP " + answer);
        }
    }

    @Test
    void posts_flaggers_payload_with_the_rollout_and_the_webhook_metadata() throws IOException {
        HttpWebhookClient.ofDefaults().call(hook("/", Duration.ofSeconds(5)), CONTEXT);

        JsonNode body = new ObjectMapper().readTree(bodies.get(0));
        assertThat(body.get("name").asText()).isEqualTo("podinfo");
        assertThat(body.get("namespace").asText()).isEqualTo("test");
        assertThat(body.get("phase").asText()).isEqualTo("Progressing");
        assertThat(body.get("revision").asText()).isEqualTo("v2");
        assertThat(body.get("type").asText()).isEqualTo("rollout");
        assertThat(body.get("metadata").get("cmd").asText()).isEqualTo("hey -z 1m");
    }

    @Test
    void a_webhook_slower_than_its_timeout_is_a_failure_not_an_exception() {
        WebhookClient.Outcome outcome = HttpWebhookClient.ofDefaults().call(hook("/slow", Duration.ofMillis(200)), CONTEXT);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).isEqualTo("timed out after 200ms");
    }

    @Test
    void an_unreachable_webhook_is_a_failure_that_names_where_and_never_the_metadata() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Webhook unreachable = new Webhook("gate", HookType.CONFIRM_PROMOTION, URI.create("http://127.0.0.1:" + closed + "/"),
                Duration.ofSeconds(2), Map.of("token", "s3cret"));

        WebhookClient.Outcome outcome = HttpWebhookClient.ofDefaults().call(unreachable, CONTEXT);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).isEqualTo("unreachable: 127.0.0.1:" + closed).doesNotContain("s3cret");
        assertThat(unreachable.toString()).doesNotContain("s3cret");
    }

    @Test
    @DisplayName("gives up at the webhook's timeout when the answer's body drips a byte every 500 ms, and calls the next webhook as before")
    void a_dripping_body_is_bounded_by_the_timeout() throws IOException {
        HttpWebhookClient client = HttpWebhookClient.ofDefaults();
        try (HostileHttpServer hostile = new HostileHttpServer("ok")) {
            long start = System.nanoTime();

            WebhookClient.Outcome outcome = client.call(hostileHook(hostile, "/drip"), CONTEXT);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2 + 5));
            assertThat(outcome.succeeded()).isFalse();
            assertThat(outcome.message()).isEqualTo("timed out after 2000ms");
            assertThat(client.call(hostileHook(hostile, "/"), CONTEXT).succeeded()).isTrue();
        }
    }

    @Test
    @DisplayName("refuses an answer's body past 1 MiB (64 MiB streamed) without quoting it, and calls the next webhook as before")
    void an_oversized_body_is_a_failure_naming_the_limit() throws IOException, InterruptedException {
        HttpWebhookClient client = HttpWebhookClient.ofDefaults();
        try (HostileHttpServer hostile = new HostileHttpServer("ok")) {
            WebhookClient.Outcome outcome = client.call(hostileHook(hostile, "/flood"), CONTEXT);

            assertThat(outcome.succeeded()).isFalse();
            assertThat(outcome.message()).isEqualTo("answer's body larger than the limit of 1 MiB");
            assertThat(hostile.floodSent()).isLessThan(HostileHttpServer.FLOOD_BYTES);
            assertThat(client.call(hostileHook(hostile, "/"), CONTEXT).succeeded()).isTrue();
        }
    }

    @Test
    @DisplayName("takes another body limit from 1 byte to 1 GiB, and refuses one outside")
    void the_body_limit_is_configurable() throws IOException {
        try (HostileHttpServer hostile = new HostileHttpServer("more than four bytes")) {
            HttpWebhookClient client = new HttpWebhookClient(java.net.http.HttpClient.newHttpClient(), 4);

            assertThat(client.call(hostileHook(hostile, "/"), CONTEXT).message()).isEqualTo("answer's body larger than the limit of 4 bytes");
        }
        assertThatThrownBy(() -> new HttpWebhookClient(java.net.http.HttpClient.newHttpClient(), 0))
                .hasMessageContaining("maxBodyBytes");
    }

    static Webhook hostileHook(HostileHttpServer hostile, String path) {
        return new Webhook("load-test", HookType.ROLLOUT, hostile.uri(path), Duration.ofSeconds(2), Map.of("token", "s3cret"));
    }
}
