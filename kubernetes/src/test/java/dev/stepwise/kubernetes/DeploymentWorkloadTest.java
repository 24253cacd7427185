package dev.stepwise.kubernetes;

import dev.stepwise.spi.Sleeper;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.traffic.Track;
import dev.stepwise.validation.InvalidValueException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@EnableKubernetesMockClient(crud = true)
@DisplayName("DeploymentWorkload on a CRUD mock API server")
class DeploymentWorkloadTest {

    static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/test/deployments";

    KubernetesClient client;
    KubernetesMockServer server;
    DeploymentWorkload workload;

    @BeforeEach
    void deployments() {
        create(deployment("podinfo-primary", 4, "stable", "ghcr.io/stefanprodan/podinfo:6.6.0"));
        create(deployment("podinfo", 1, "canary", "ghcr.io/stefanprodan/podinfo:6.7.0"));
        workload = DeploymentWorkload.builder(client, "test", "podinfo").sleeper(new RecordingSleeper()).build();
    }

    static Deployment deployment(String name, int replicas, String version, String image) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("test").endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).addToLabels("version", version)
                .addToLabels("team", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("podinfo").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    private void create(Deployment d) {
        client.apps().deployments().inNamespace("test").resource(d).create();
    }

    private Deployment stored(String name) {
        return client.apps().deployments().inNamespace("test").withName(name).get();
    }

    private int replicasOf(String name) {
        return stored(name).getSpec().getReplicas();
    }

    private void canaryImage(String image) {
        client.apps().deployments().inNamespace("test").withName("podinfo").edit(d -> new DeploymentBuilder(d)
                .editSpec().editTemplate().editSpec().editFirstContainer().withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build());
    }

    @Test
    @DisplayName("scales a track to a percent of the stable Deployment's replicas, rounding up, and remembers them")
    void scalesByPercent() {
        workload.scale(Track.CANARY, 10);
        assertThat(replicasOf("podinfo")).isEqualTo(1);
        workload.scale(Track.CANARY, 50);
        assertThat(replicasOf("podinfo")).isEqualTo(2);
        workload.scale(Track.CANARY, 100);
        assertThat(replicasOf("podinfo")).isEqualTo(4);

        assertThat(stored("podinfo-primary").getMetadata().getAnnotations())
                .containsEntry(DeploymentWorkload.DESIRED_REPLICAS_ANNOTATION, "4");
    }

    @Test
    @DisplayName("brings stable back to its desired replicas after scaling it to zero")
    void stableToZeroAndBack() {
        workload.scale(Track.STABLE, 0);
        assertThat(replicasOf("podinfo-primary")).isZero();

        workload.scale(Track.STABLE, 100);

        assertThat(replicasOf("podinfo-primary")).isEqualTo(4);
    }

    @Test
    @DisplayName("uses the configured desired replicas, and then writes no annotation")
    void configuredReplicas() {
        DeploymentWorkload ten = DeploymentWorkload.builder(client, "test", "podinfo").replicas(10).build();

        ten.scale(Track.CANARY, 25);

        assertThat(replicasOf("podinfo")).isEqualTo(3);
        assertThat(stored("podinfo-primary").getMetadata().getAnnotations()).isNullOrEmpty();
    }

    @Test
    @DisplayName("writes nothing when a track already has the replicas asked for")
    void scaleIsIdempotent() {
        workload.scale(Track.CANARY, 25);
        RecordedRequests.drain(server);

        workload.scale(Track.CANARY, 25);

        assertThat(RecordedRequests.lines(server)).allMatch(line -> line.startsWith("GET"));
    }

    @Test
    @DisplayName("refuses to scale a track whose Deployment does not exist, naming it")
    void missingTrack() {
        assertThatThrownBy(() -> workload.scale(Track.BASELINE, 10)).isInstanceOf(IllegalStateException.class)
                .hasMessage("the baseline track's Deployment test/podinfo-baseline does not exist");
        assertThatThrownBy(() -> workload.scale(Track.CANARY, 101)).isInstanceOf(InvalidValueException.class)
                .hasMessage("percent: 101 must be between 0 and 100");
    }

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of("all replicas updated and ready", 1L, 4, 4, true),
                Arguments.of("the controller has not seen the latest spec", 0L, 4, 4, false),
                Arguments.of("one replica not ready", 1L, 4, 3, false),
                Arguments.of("one replica of the old template", 1L, 3, 4, false),
                Arguments.of("no status at all", null, null, null, false));
    }

    @ParameterizedTest(name = "{0}: ready {4}")
    @MethodSource("statuses")
    @DisplayName("reads readiness from the Deployment's status")
    void readinessFromStatus(String name, Long observedGeneration, Integer updated, Integer ready, boolean expected) {
        Deployment stable = stored("podinfo-primary");
        long generation = stable.getMetadata().getGeneration();
        if (observedGeneration != null) {
            stable.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation - 1 + observedGeneration)
                    .withReplicas(4).withUpdatedReplicas(updated).withReadyReplicas(ready).build());
            client.apps().deployments().inNamespace("test").resource(stable).updateStatus();
        }

        assertThat(workload.readyTracks().contains(Track.STABLE)).isEqualTo(expected);
    }

    @Test
    @DisplayName("counts a track scaled to zero as ready, and an absent baseline as not")
    void zeroIsReady() {
        workload.scale(Track.CANARY, 0);

        assertThat(workload.readyTracks()).containsExactly(Track.CANARY);
    }

    @Test
    @DisplayName("gives the canary's revision as a short hash that changes with its pod template only")
    void revision() {
        String first = workload.canaryRevision();
        assertThat(first).matches("[0-9a-f]{10}").isEqualTo(workload.canaryRevision());

        workload.scale(Track.CANARY, 100);
        assertThat(workload.canaryRevision()).as("replicas are not part of the template").isEqualTo(first);

        canaryImage("ghcr.io/stefanprodan/podinfo:6.8.0");
        assertThat(workload.canaryRevision()).isNotEqualTo(first);
    }

    @Test
    @DisplayName("promotes by copying the canary's template to stable, keeping stable's selector labels and version")
    void promotes() {
        Deployment canaryBefore = stored("podinfo");

        workload.promote(workload.canaryRevision());

        Deployment stable = stored("podinfo-primary");
        assertThat(stable.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/stefanprodan/podinfo:6.7.0");
        assertThat(stable.getSpec().getTemplate().getMetadata().getLabels())
                .containsExactlyInAnyOrderEntriesOf(Map.of("app", "podinfo-primary", "version", "stable", "team", "web"));
        assertThat(stable.getSpec().getSelector().getMatchLabels()).containsExactly(Map.entry("app", "podinfo-primary"));
        assertThat(stored("podinfo").getSpec()).isEqualTo(canaryBefore.getSpec());
    }

    @Test
    @DisplayName("promotes once: promoting the same revision again writes nothing")
    void promoteIsIdempotent() {
        String revision = workload.canaryRevision();
        workload.promote(revision);
        RecordedRequests.drain(server);

        workload.promote(revision);

        assertThat(RecordedRequests.lines(server)).allMatch(line -> line.startsWith("GET"));
    }

    @Test
    @DisplayName("refuses to promote a revision the canary no longer runs, and leaves stable alone")
    void revisionMismatch() {
        String old = workload.canaryRevision();
        canaryImage("ghcr.io/stefanprodan/podinfo:6.8.0");

        assertThatThrownBy(() -> workload.promote(old)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("refusing to promote revision " + old + ": Deployment test/podinfo (apps/v1) runs revision ")
                .hasMessageEndingWith(workload.canaryRevision() + " now");
        assertThat(stored("podinfo-primary").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("ghcr.io/stefanprodan/podinfo:6.6.0");
    }

    @Test
    @DisplayName("re-reads and re-makes a change the API server refused with 409")
    void retriesConflicts() {
        server.expect().put().withPath(DEPLOYMENTS + "/podinfo").andReturn(409, new StatusBuilder().withCode(409)
                .withReason("Conflict").build()).once();

        workload.scale(Track.CANARY, 50);

        assertThat(replicasOf("podinfo")).isEqualTo(2);
    }

    @Test
    @DisplayName("gives up after the configured conflict attempts, naming the Deployment")
    void givesUpOnLastingConflicts() {
        server.expect().put().withPath(DEPLOYMENTS + "/podinfo").andReturn(409, new StatusBuilder().withCode(409)
                .withReason("Conflict").build()).always();
        DeploymentWorkload twice = DeploymentWorkload.builder(client, "test", "podinfo").replicas(4)
                .conflictAttempts(2).build();

        assertThatThrownBy(() -> twice.scale(Track.CANARY, 50)).isInstanceOfSatisfying(KubernetesRequestException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.attempts()).isEqualTo(2);
                }).hasMessageStartingWith("update of Deployment test/podinfo (apps/v1) failed with HTTP 409 after 2 attempts");
        assertThat(replicasOf("podinfo")).isEqualTo(1);
    }

    @Test
    @DisplayName("refuses bad builder values, naming the field and the allowed range")
    void builderValidates() {
        assertThatThrownBy(() -> DeploymentWorkload.builder(client, "test", "podinfo").replicas(-1))
                .hasMessage("replicas: -1 must be between 0 and 10000");
        assertThatThrownBy(() -> DeploymentWorkload.builder(client, "test", "Pod_Info"))
                .hasMessageStartingWith("name: Pod_Info must be a DNS-1123 label");
        assertThatThrownBy(() -> DeploymentWorkload.builder(client, "test", "podinfo")
                .deployment(Track.BASELINE, "podinfo").build()).hasMessageContaining("must name a different Deployment");
        assertThat(workload).hasToString("DeploymentWorkload[test, {stable=podinfo-primary, canary=podinfo,"
                + " baseline=podinfo-baseline}, version {stable=stable, canary=canary, baseline=baseline}, replicas from stable]");
    }
}
