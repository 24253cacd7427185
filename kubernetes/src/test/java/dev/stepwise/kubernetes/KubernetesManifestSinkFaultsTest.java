package dev.stepwise.kubernetes;

import dev.stepwise.spi.Sleeper;
import static dev.stepwise.kubernetes.KubernetesManifestSinkTest.ROUTES;
import static dev.stepwise.kubernetes.KubernetesManifestSinkTest.configMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ManifestConflictException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Faults the CRUD mock cannot produce by itself, injected as expectations that answer before it:
 * throttling, server errors, a response slower than the client's timeout, and server-side apply
 * (which the mock answers with 415).
 */
@EnableKubernetesMockClient(crud = true)
@DisplayName("KubernetesManifestSink when the API server fails")
class KubernetesManifestSinkFaultsTest {

    static final String CONFIGMAPS = "/api/v1/namespaces/test/configmaps";
    static final String TOKEN = "sha256~not-a-real-token-but-secret";

    KubernetesClient client;
    KubernetesMockServer server;
    RecordingSleeper sleeper;
    KubernetesManifestSink sink;

    @BeforeEach
    void sink() {
        sleeper = new RecordingSleeper();
        sink = KubernetesManifestSink.builder(client).sleeper(sleeper).build();
    }

    private void answer(String method, String path, int status, int times) {
        var expectation = switch (method) {
            case "POST" -> server.expect().post();
            case "PUT" -> server.expect().put();
            case "GET" -> server.expect().get();
            default -> throw new IllegalArgumentException(method);
        };
        expectation.withPath(path).andReturn(status, new StatusBuilder().withCode(status).withMessage("injected " + status)
                .build()).times(times);
    }

    @Test
    @DisplayName("writes once after 500 and 429, having waited 200 ms and then 400 ms")
    void retriesTransientStatuses() {
        answer("POST", CONFIGMAPS, 500, 1);
        answer("POST", CONFIGMAPS, 429, 1);

        sink.write(List.of(configMap("routes", Map.of("a", "1"))));

        assertThat(RecordedRequests.lines(server)).containsExactly("POST " + CONFIGMAPS, "POST " + CONFIGMAPS,
                "POST " + CONFIGMAPS);
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(sink.read(List.of(ROUTES))).singleElement()
                .satisfies(m -> assertThat(m.at("/data/a").asText()).isEqualTo("1"));
    }

    @Test
    @DisplayName("gives up after the configured attempts on a lasting 500, naming resource, status and attempts; the stored version is untouched")
    void givesUpOnLastingServerError() {
        sink.write(List.of(configMap("routes", Map.of("a", "1"))));
        Manifest read = sink.read(List.of(ROUTES)).get(0);
        answer("PUT", CONFIGMAPS + "/routes", 500, 10);
        RecordedRequests.drain(server);
        ObjectNode tree = read.json();
        tree.with("data").put("a", "2");
        Manifest changed = Manifest.of(tree);

        assertThatThrownBy(() -> sink.write(List.of(changed)))
                .isInstanceOfSatisfying(KubernetesRequestException.class, e -> {
                    assertThat(e.ref()).isEqualTo(ROUTES);
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.attempts()).isEqualTo(3);
                })
                .hasMessageStartingWith("update of ConfigMap test/routes (v1) failed with HTTP 500 after 3 attempts");
        assertThat(RecordedRequests.lines(server)).hasSize(3);
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(client.configMaps().inNamespace("test").withName("routes").get().getData()).containsEntry("a", "1");
    }

    @Test
    @DisplayName("retries reads the same way")
    void retriesReads() {
        sink.write(List.of(configMap("routes", Map.of("a", "1"))));
        answer("GET", CONFIGMAPS + "/routes", 503, 2);

        assertThat(sink.read(List.of(ROUTES))).hasSize(1);
        assertThat(sleeper.waits()).hasSize(2);
    }

    @Test
    @DisplayName("fails at once, without waiting, on a status no retry can fix")
    void noRetryForPermanentStatus() {
        answer("POST", CONFIGMAPS, 422, 1);

        assertThatThrownBy(() -> sink.write(List.of(configMap("routes", Map.of()))))
                .isInstanceOfSatisfying(KubernetesRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.attempts()).isEqualTo(1);
                });
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    @DisplayName("waits what a throttling API server asks for in Retry-After instead of its own backoff")
    void honoursRetryAfter() {
        server.expect().post().withPath(CONFIGMAPS).andReturn(429, new StatusBuilder().withCode(429)
                .withReason("TooManyRequests").withMessage("Too many requests, please try again later.")
                .withNewDetails().withRetryAfterSeconds(3).endDetails().build())
                .withHeader("Retry-After", "3").once();
        answer("POST", CONFIGMAPS, 503, 1);

        sink.write(List.of(configMap("routes", Map.of("a", "1"))));

        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(3), Duration.ofMillis(400));
        assertThat(sink.read(List.of(ROUTES))).hasSize(1);
    }

    @Test
    @DisplayName("waits at most one minute, however long a throttling API server asks for")
    void capsRetryAfter() {
        server.expect().post().withPath(CONFIGMAPS).andReturn(429, new StatusBuilder().withCode(429)
                .withNewDetails().withRetryAfterSeconds(3600).endDetails().build())
                .withHeader("Retry-After", "3600").once();

        sink.write(List.of(configMap("routes", Map.of("a", "1"))));

        assertThat(sleeper.waits()).containsExactly(Duration.ofMinutes(1));
    }

    @Test
    @DisplayName("retries a request that timed out, with the client's own timeout kept")
    void retriesTimeouts() {
        try (KubernetesClient impatient = clientWithTimeout(300)) {
            server.expect().post().delay(3, TimeUnit.SECONDS).withPath(CONFIGMAPS).andReturn(201, "{}").once();
            KubernetesManifestSink timing = KubernetesManifestSink.builder(impatient).sleeper(sleeper).build();

            timing.write(List.of(configMap("routes", Map.of("a", "1"))));

            assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(200));
            assertThat(timing.read(List.of(ROUTES))).hasSize(1);
        }
    }

    @Test
    @DisplayName("gives up on lasting timeouts with status 0, and never puts the bearer token in the message")
    void givesUpOnLastingTimeouts() {
        try (KubernetesClient impatient = clientWithTimeout(200)) {
            server.expect().post().delay(3, TimeUnit.SECONDS).withPath(CONFIGMAPS).andReturn(201, "{}").always();
            KubernetesManifestSink timing = KubernetesManifestSink.builder(impatient).sleeper(sleeper).attempts(2).build();

            assertThatThrownBy(() -> timing.write(List.of(configMap("routes", Map.of()))))
                    .isInstanceOfSatisfying(KubernetesRequestException.class, e -> {
                        assertThat(e.status()).isZero();
                        assertThat(e.attempts()).isEqualTo(2);
                    })
                    .hasMessageContaining("I/O error or timeout after 2 attempts")
                    .satisfies(e -> assertThat(stackText(e)).doesNotContain(TOKEN));
        }
    }

    @Test
    @DisplayName("applies server-side as field manager stepwise, without forcing (no force=true: the API server's default is false)")
    void serverSideApply() throws Exception {
        server.expect().patch().withPath(CONFIGMAPS + "/routes?fieldManager=stepwise")
                .andReturn(200, configMap("routes", Map.of("a", "1")).toJson()).once();
        KubernetesManifestSink applying = KubernetesManifestSink.builder(client)
                .writeMode(WriteMode.SERVER_SIDE_APPLY).sleeper(sleeper).build();
        RecordedRequests.drain(server);

        applying.write(List.of(configMap("routes", Map.of("a", "1"))));

        List<RecordedRequest> requests = RecordedRequests.drain(server);
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.getMethod()).isEqualTo("PATCH");
            assertThat(r.getPath()).isEqualTo(CONFIGMAPS + "/routes?fieldManager=stepwise");
            assertThat(r.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
            assertThat(r.getUtf8Body()).contains("\"a\":\"1\"");
        });
    }

    @Test
    @DisplayName("reports a server-side apply conflict over another manager's field as ManifestConflictException")
    void serverSideApplyConflict() {
        server.expect().patch().withPath(CONFIGMAPS + "/routes?fieldManager=stepwise")
                .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict")
                        .withMessage("Apply failed with 1 conflict: conflict with \"kubectl\": .data.a").build()).once();
        KubernetesManifestSink applying = KubernetesManifestSink.builder(client)
                .writeMode(WriteMode.SERVER_SIDE_APPLY).sleeper(sleeper).build();

        assertThatThrownBy(() -> applying.write(List.of(configMap("routes", Map.of("a", "1")))))
                .isInstanceOf(ManifestConflictException.class)
                .hasMessageContaining("server-side apply conflict").hasMessageContaining("conflict with \"kubectl\"");
    }

    private KubernetesClient clientWithTimeout(int millis) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestTimeout(millis).withOauthToken(TOKEN).build()).build();
    }

    private static String stackText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
