package dev.stepwise.kubernetes;

import dev.stepwise.spi.Sleeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ManifestConflictException;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The sink's contract on fabric8's mock API server in CRUD mode (a stale resourceVersion gets 409 there too). */
@EnableKubernetesMockClient(crud = true)
@DisplayName("KubernetesManifestSink on a CRUD mock API server")
class KubernetesManifestSinkTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ResourceRef ROUTES = new ResourceRef("v1", "ConfigMap", "test", "routes");

    KubernetesClient client;
    KubernetesMockServer server;
    KubernetesManifestSink sink;

    @BeforeEach
    void sink() {
        sink = KubernetesManifestSink.builder(client).sleeper(new RecordingSleeper()).build();
    }

    static Manifest configMap(String name, Map<String, String> data) {
        return Manifest.of(JSON.convertValue(new ConfigMapBuilder().withNewMetadata().withName(name)
                .withNamespace("test").endMetadata().withData(data).build(), ObjectNode.class));
    }

    private Manifest withData(Manifest manifest, String key, String value) {
        ObjectNode tree = manifest.json();
        tree.with("data").put(key, value);
        return Manifest.of(tree);
    }

    private ConfigMap stored(String name) {
        return client.configMaps().inNamespace("test").withName(name).get();
    }

    @Test
    @DisplayName("creates a manifest without a resourceVersion, and reads it back with one")
    void createsAndReads() {
        sink.write(List.of(configMap("routes", Map.of("a", "1"))));

        List<Manifest> read = sink.read(List.of(ROUTES));

        assertThat(read).singleElement().satisfies(m -> {
            assertThat(m.ref()).isEqualTo(ROUTES);
            assertThat(m.resourceVersion()).isNotEmpty();
            assertThat(m.at("/data/a").asText()).isEqualTo("1");
        });
        assertThat(stored("routes").getData()).containsExactly(Map.entry("a", "1"));
    }

    @Test
    @DisplayName("reads only the resources that exist, in the order asked, without an exception for a missing one")
    void readsWhatExists() {
        sink.write(List.of(configMap("b", Map.of()), configMap("a", Map.of())));

        List<Manifest> read = sink.read(List.of(new ResourceRef("v1", "ConfigMap", "test", "a"),
                new ResourceRef("v1", "ConfigMap", "test", "missing"), new ResourceRef("v1", "ConfigMap", "test", "b")));

        assertThat(read).extracting(m -> m.ref().name()).containsExactly("a", "b");
        assertThat(sink.read(List.of())).isEmpty();
    }

    @Test
    @DisplayName("updates exactly the version it read, and keeps what it was not asked to change")
    void updatesTheVersionRead() {
        sink.write(List.of(configMap("routes", Map.of("a", "1", "b", "2"))));
        Manifest read = sink.read(List.of(ROUTES)).get(0);

        sink.write(List.of(withData(read, "a", "changed")));

        Manifest again = sink.read(List.of(ROUTES)).get(0);
        assertThat(again.resourceVersion()).isNotEqualTo(read.resourceVersion());
        assertThat(stored("routes").getData()).containsOnly(Map.entry("a", "changed"), Map.entry("b", "2"));
    }

    @Test
    @DisplayName("is idempotent through a router: applying the same split twice writes once")
    void idempotentThroughRouter() {
        MeshTrafficRouter router = MeshTrafficRouter.of(new ConfigMapKeyRenderer("test", "routes"), sink);
        RecordedRequests.drain(server);

        router.apply(TrafficSplit.canary(10));
        router.apply(TrafficSplit.canary(10));

        assertThat(RecordedRequests.lines(server)).filteredOn(line -> !line.startsWith("GET"))
                .containsExactly("POST /api/v1/namespaces/test/configmaps");
        assertThat(router.current()).isEqualTo(TrafficSplit.canary(10));
    }

    @Test
    @DisplayName("refuses to create a resource that exists already: ManifestConflictException, the stored one kept")
    void createOfExistingConflicts() {
        sink.write(List.of(configMap("routes", Map.of("theirs", "1"))));

        assertThatThrownBy(() -> sink.write(List.of(configMap("routes", Map.of("ours", "1")))))
                .isInstanceOfSatisfying(ManifestConflictException.class, e -> assertThat(e.ref()).isEqualTo(ROUTES))
                .hasMessageContaining("exists already");
        assertThat(stored("routes").getData()).containsOnly(Map.entry("theirs", "1"));
    }

    @Test
    @DisplayName("refuses to write over a change another writer made between our read and our write")
    void staleUpdateConflicts() {
        sink.write(List.of(configMap("routes", Map.of("a", "1"))));
        Manifest ours = sink.read(List.of(ROUTES)).get(0);
        client.configMaps().inNamespace("test").withName("routes")
                .edit(cm -> new ConfigMapBuilder(cm).addToData("theirs", "2").build());

        assertThatThrownBy(() -> sink.write(List.of(withData(ours, "a", "ours"))))
                .isInstanceOf(ManifestConflictException.class)
                .hasMessageContaining("resourceVersion " + ours.resourceVersion() + " is no longer current");
        assertThat(stored("routes").getData()).containsOnly(Map.entry("a", "1"), Map.entry("theirs", "2"));
    }

    @Test
    @DisplayName("treats a resource deleted since it was read as a conflict, and does not recreate it")
    void deletedSinceReadConflicts() {
        sink.write(List.of(configMap("routes", Map.of("a", "1"))));
        Manifest ours = sink.read(List.of(ROUTES)).get(0);
        client.configMaps().inNamespace("test").withName("routes").delete();

        assertThatThrownBy(() -> sink.write(List.of(withData(ours, "a", "ours"))))
                .isInstanceOf(ManifestConflictException.class).hasMessageContaining("deleted since");
        assertThat(stored("routes")).isNull();
    }

    @Test
    @DisplayName("lets a router retry a conflicting write over the other writer's version, keeping their content")
    void routerRetriesConflictsAndKeepsTheirs() {
        ConfigMapKeyRenderer renderer = new ConfigMapKeyRenderer("test", "routes");
        MeshTrafficRouter router = MeshTrafficRouter.of(renderer, sink);
        router.apply(TrafficSplit.canary(10));
        renderer.beforeNextRender(() -> client.configMaps().inNamespace("test").withName("routes")
                .edit(cm -> new ConfigMapBuilder(cm).addToData("theirs", "kept").build()));
        RecordedRequests.drain(server);

        router.apply(TrafficSplit.canary(30));

        assertThat(stored("routes").getData()).containsOnly(Map.entry(ConfigMapKeyRenderer.KEY, "70/30/0"),
                Map.entry("theirs", "kept"));
        String path = "/api/v1/namespaces/test/configmaps/routes";
        assertThat(RecordedRequests.lines(server)).filteredOn(line -> !line.startsWith("GET"))
                .as("their edit, our refused write, our write over theirs")
                .containsExactly("PATCH " + path, "PUT " + path, "PUT " + path);
    }

    @Test
    @DisplayName("refuses bad builder values, naming the field and the allowed range")
    void builderValidates() {
        assertThatThrownBy(() -> KubernetesManifestSink.builder(client).attempts(0))
                .isInstanceOf(InvalidValueException.class).hasMessage("attempts: 0 must be between 1 and 20");
        assertThatThrownBy(() -> KubernetesManifestSink.builder(client).initialBackoff(Duration.ofMillis(-1)))
                .isInstanceOf(InvalidValueException.class).hasMessageStartingWith("initialBackoff: PT-0.001S must be between 0 and 1 minute");
        assertThatThrownBy(() -> KubernetesManifestSink.builder(null)).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("client:");
    }

    @Test
    @DisplayName("states its defaults in toString")
    void describesItself() {
        assertThat(KubernetesManifestSink.of(client))
                .hasToString("KubernetesManifestSink[UPDATE, 3 attempts, backoff from 200 ms]");
    }
}
