package dev.stepwise.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.kubernetes.internal.ConfigMapNames;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.StoredRolloutJson;
import dev.stepwise.rollout.NextLook;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the compatibility kit does not cover: names, the ConfigMap's layout, and ConfigMaps that are not right. */
@EnableKubernetesMockClient(crud = true)
@DisplayName("ConfigMapStateStore")
class ConfigMapStateStoreTest {

    KubernetesClient client;
    ConfigMapStateStore store;

    static StoredRollout simpleRollout(String id) {
        Instant t0 = Instant.parse("2026-03-01T12:00:00.123Z");
        RolloutState state = RolloutState.initial("v2", t0).withPhase(Phase.PROGRESSING).withSplit(TrafficSplit.canary(10));
        return new StoredRollout(id, state, List.of(), StepNote.registered(id, state, t0),
                new NextLook(Duration.ofMinutes(1), true, Set.of()), t0.plusSeconds(60), Optional.of(t0), List.of(), Set.of(),
                Optional.empty(), 0);
    }

    @BeforeEach
    void store() {
        store = ConfigMapStateStore.of(client, "test");
    }

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("podinfo", "stepwise-podinfo"),
                Arguments.of("test/podinfo", "stepwise-test-podinfo-fdb0208805"),
                Arguments.of("test-podinfo", "stepwise-test-podinfo"),
                Arguments.of("Team_A/Web", "stepwise-team-a-web-" + ConfigMapNames.of("Team_A/Web").substring(20)),
                Arguments.of("/", "stepwise-" + ConfigMapNames.of("/").substring(9)),
                Arguments.of("x".repeat(100), "stepwise-" + "x".repeat(43) + "-" + ConfigMapNames.of("x".repeat(100)).substring(53)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("names")
    @DisplayName("names the ConfigMap after the id, with a hash of it when the id had to change")
    void namesConfigMaps(String id, String name) {
        String actual = ConfigMapNames.of(id);

        assertThat(actual).isEqualTo(name).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    }

    @Test
    @DisplayName("gives ids that differ only in characters a name cannot hold different names")
    void distinctNames() {
        assertThat(Stream.of("a/b", "a-b", "a_b", "A/b", "a//b").map(ConfigMapNames::of).distinct()).hasSize(5);
    }

    @Test
    @DisplayName("stores the record as JSON with its version, labels and the exact id")
    void layout() {
        StoredRollout saved = store.save(simpleRollout("test/podinfo"), 0);

        ConfigMap cm = client.configMaps().inNamespace("test").withName("stepwise-test-podinfo-fdb0208805").get();
        assertThat(cm.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "stepwise")
                .containsEntry("stepwise.dev/rollout-state", "true");
        assertThat(cm.getMetadata().getAnnotations()).containsEntry("stepwise.dev/rollout-id", "test/podinfo");
        assertThat(cm.getData()).containsOnly(Map.entry("version", "1"),
                Map.entry("rollout.json", StoredRolloutJson.toJson(saved)));
    }

    @Test
    @DisplayName("refuses a ConfigMap of its name that belongs to another id, rather than overwrite it")
    void nameCollision() {
        client.configMaps().inNamespace("test").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("stepwise-podinfo").addToAnnotations("stepwise.dev/rollout-id", "someone-else").endMetadata()
                .build()).create();

        assertThatThrownBy(() -> store.load("podinfo")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ConfigMap test/stepwise-podinfo belongs to rollout someone-else, not podinfo");
        assertThatThrownBy(() -> store.save(simpleRollout("podinfo"), 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("reports a hand-edited, unreadable record with the ConfigMap and the JSON path")
    void corruptRecord() {
        store.save(simpleRollout("podinfo"), 0);
        client.configMaps().inNamespace("test").withName("stepwise-podinfo").edit(cm -> new ConfigMapBuilder(cm)
                .addToData("rollout.json", cm.getData().get("rollout.json").replace("\"Progressing\"", "\"Running\"")).build());

        assertThatThrownBy(() -> store.load("podinfo")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ConfigMap test/stepwise-podinfo holds an unreadable rollout.json")
                .hasMessageContaining("state.phase");
    }

    @Test
    @DisplayName("refuses a namespace that is not a DNS label")
    void badNamespace() {
        assertThatThrownBy(() -> ConfigMapStateStore.of(client, "Team A")).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("namespace: Team A must be a Kubernetes namespace name");
    }
}
