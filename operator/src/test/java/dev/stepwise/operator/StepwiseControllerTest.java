package dev.stepwise.operator;

import static dev.stepwise.operator.ControllerCluster.NS;
import static dev.stepwise.operator.ControllerCluster.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.kubernetes.EventTarget;
import dev.stepwise.kubernetes.KubernetesEvents;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A Rollout resource, run by the controller")
class StepwiseControllerTest {

    ControllerCluster cluster;
    KubernetesEvents events;
    StepwiseController controller;

    @BeforeEach
    void start() {
        cluster = new ControllerCluster();
        cluster.deploy("podinfo");
        events = KubernetesEvents.builder(cluster.client)
                .target(EventTarget.kind(RolloutResource.API_VERSION, RolloutResource.KIND)).build();
        controller = StepwiseController.builder(cluster.client).namespaces(java.util.Set.of(NS)).listener(events).build();
        controller.start();
    }

    @AfterEach
    void stop() {
        controller.close();
        events.close();
        cluster.close();
    }

    @Test
    @DisplayName("applied, it runs to Succeeded: status with observedGeneration, the finalizer, Events on the resource, a valid VirtualService")
    void runsToSucceeded() {
        cluster.apply(ControllerCluster.spec("podinfo", 50, "100ms"));

        GenericKubernetesResource done = cluster.awaitPhase("podinfo", "Succeeded");

        Map<String, Object> status = status(done);
        assertThat(status).containsEntry("observedGeneration", 1).containsEntry("canaryWeight", 0);
        assertThat(String.valueOf(status.get("revision"))).isNotEmpty();
        assertThat(String.valueOf(status.get("conditions"))).contains("type=Ready", "status=True", "reason=Succeeded");
        assertThat(done.getMetadata().getFinalizers()).containsExactly(RolloutResource.FINALIZER);
        assertThat(cluster.image("podinfo-primary")).isEqualTo(ControllerCluster.NEW_IMAGE);
        assertThat(cluster.canaryWeights()).as("the VirtualService, valid against Istio's CRD").containsExactly(0);
        events.close();
        assertThat(cluster.events("podinfo")).anyMatch(e -> e.startsWith("Normal Succeeded"));
        System.out.println("API requests of the controller for one rollout: " + controller.apiRequests());
    }
}
