package dev.stepwise.operator;

import static dev.stepwise.operator.ControllerCluster.NS;
import static dev.stepwise.operator.ControllerCluster.status;
import static org.assertj.core.api.Assertions.assertThat;

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
    StepwiseController controller;

    @BeforeEach
    void start() {
        cluster = new ControllerCluster();
        cluster.deploy("podinfo");
        controller = StepwiseController.builder(cluster.client).namespaces(java.util.Set.of(NS)).build();
        controller.start();
    }

    @AfterEach
    void stop() {
        controller.close();
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
        List<String> events = cluster.awaitEvents("podinfo", "Normal Ended");
        assertThat(events).as("an Event on the Rollout for every decision, worded as Flagger's").containsSubsequence(
                "Normal Started: New revision detected! Scaling up podinfo.test",
                "Normal Advanced: Advance podinfo.test canary weight 50",
                "Normal Promoted: Copying podinfo.test template spec to primary",
                "Normal Finalizing: Routing all traffic to primary of podinfo.test",
                "Normal Succeeded: Promotion completed! podinfo.test revision " + status.get("revision"),
                "Normal Ended: Rollout of podinfo.test ended: Succeeded");
        System.out.println("API requests of the controller for one rollout: " + controller.apiRequests());
    }

    @Test
    @DisplayName("a spec the CRD's schema lets through but the validator refuses gets phase Invalid naming each problem at its spec path, touches nothing; fixed, it runs")
    void invalidThenFixed() {
        cluster.apply(ControllerCluster.spec("podinfo", 60, "100ms"));

        GenericKubernetesResource invalid = cluster.awaitPhase("podinfo", "Invalid");

        assertThat(status(invalid)).containsEntry("observedGeneration", 1);
        assertThat(String.valueOf(status(invalid).get("message"))).contains("spec.strategy.canary.stepWeight");
        assertThat(String.valueOf(status(invalid).get("conditions"))).contains("type=Invalid", "status=True", "reason=InvalidSpec");
        assertThat(cluster.events("podinfo")).anyMatch(e -> e.startsWith("Warning InvalidSpec") && e.contains("spec.strategy.canary.stepWeight"));
        assertThat(cluster.client.services().inNamespace(NS).list().getItems()).as("no Service set up").isEmpty();
        assertThat(cluster.client.configMaps().inNamespace(NS).list().getItems()).as("no state stored").isEmpty();
        assertThat(controller.rollouts()).isEmpty();

        cluster.apply(ControllerCluster.spec("podinfo", 50, "100ms"));

        GenericKubernetesResource done = cluster.awaitPhase("podinfo", "Succeeded");
        assertThat(status(done)).containsEntry("observedGeneration", 2);
        assertThat(String.valueOf(status(done).get("conditions"))).doesNotContain("type=Invalid");
    }

    @Test
    @DisplayName("commands by annotation are taken and removed; an unknown one is refused naming the allowed values")
    void annotationCommands() {
        cluster.apply(ControllerCluster.spec("podinfo", 25, "1h"));
        cluster.await("podinfo", "progressing, the start applied", r -> "Progressing".equals(status(r).get("phase"))
                && cluster.canaryWeights().equals(List.of(0)));

        cluster.annotate("podinfo", "PAUSE");
        cluster.await("podinfo", "paused, annotation removed", r -> "Paused".equals(status(r).get("phase")) && ControllerCluster.command(r) == null);

        cluster.annotate("podinfo", "bogus");
        cluster.await("podinfo", "without the bogus annotation", r -> ControllerCluster.command(r) == null);
        assertThat(status(cluster.rollout("podinfo"))).containsEntry("phase", "Paused");

        cluster.annotate("podinfo", "resume");
        cluster.await("podinfo", "progressing again", r -> "Progressing".equals(status(r).get("phase")) && ControllerCluster.command(r) == null);

        cluster.annotate("podinfo", "promote");
        cluster.await("podinfo", "promoted a step", r -> Integer.valueOf(25).equals(status(r).get("canaryWeight")));

        assertThat(cluster.events("podinfo"))
                .anyMatch(e -> e.startsWith("Normal CommandTaken: command pause"))
                .anyMatch(e -> e.startsWith("Normal CommandTaken: command resume"))
                .anyMatch(e -> e.startsWith("Normal CommandTaken: command promote"))
                .anyMatch(e -> e.startsWith("Warning UnknownCommand") && e.contains("\"bogus\"")
                        && e.contains("allowed: pause, resume, promote, abort, retry"));
    }

    @Test
    @DisplayName("abort by annotation mid-rollout: all traffic on stable, phase Aborted; retry by annotation: from the first step again; each annotation removed")
    void abortThenRetry() {
        cluster.apply(ControllerCluster.spec("podinfo", 25, "1h"));
        cluster.await("podinfo", "progressing, the start applied", r -> "Progressing".equals(status(r).get("phase"))
                && cluster.canaryWeights().equals(List.of(0)));
        cluster.annotate("podinfo", "abort");
        cluster.await("podinfo", "aborted, annotation removed", r -> "Aborted".equals(status(r).get("phase"))
                && ControllerCluster.command(r) == null && cluster.canaryWeights().equals(List.of(0)));

        cluster.annotate("podinfo", "retry");
        GenericKubernetesResource retried = cluster.await("podinfo", "progressing again, annotation removed",
                r -> "Progressing".equals(status(r).get("phase")) && ControllerCluster.command(r) == null);
        assertThat(status(retried)).containsEntry("step", 0);
        assertThat(cluster.image("podinfo-primary")).as("nothing promoted").isEqualTo(ControllerCluster.OLD_IMAGE);
        assertThat(cluster.awaitEvents("podinfo", "Warning Aborted")).anyMatch(e -> e.startsWith("Normal CommandTaken: command abort"))
                .anyMatch(e -> e.startsWith("Normal CommandTaken: command retry"))
                .anyMatch(e -> e.startsWith("Warning Aborted: Aborted podinfo.test; all traffic on primary"));
    }

    @Test
    @DisplayName("deleted mid-rollout: aborted, all traffic back on stable, its record deleted, the finalizer removed, the resource gone")
    void deleteReleases() {
        cluster.apply(ControllerCluster.spec("podinfo", 50, "1h"));
        cluster.await("podinfo", "progressing, the start applied", r -> "Progressing".equals(status(r).get("phase"))
                && cluster.canaryWeights().equals(List.of(0)));
        // right after the start, while the canary may not be ready yet: the promote waits for it
        cluster.annotate("podinfo", "promote");
        // the status shows 50% once written ahead; the VirtualService once applied, right after
        cluster.await("podinfo", "at 50%, on the VirtualService too", r -> Integer.valueOf(50).equals(status(r).get("canaryWeight"))
                && cluster.canaryWeights().equals(List.of(50)));

        cluster.rollouts().withName("podinfo").delete();

        cluster.await("podinfo", "gone", r -> r == null);
        assertThat(cluster.canaryWeights()).as("all traffic on stable").containsExactly(0);
        assertThat(cluster.client.configMaps().inNamespace(NS).list().getItems()).as("the record deleted").isEmpty();
        assertThat(controller.rollouts()).isEmpty();
        assertThat(controller.engine().rollouts()).isEmpty();
        assertThat(cluster.events("podinfo")).anyMatch(e -> e.startsWith("Normal Releasing"));
    }

    @Test
    @DisplayName("a new image mid-rollout restarts the rollout at once (not at the next 1h look), as Flagger does")
    void newImageRestarts() {
        cluster.apply(ControllerCluster.spec("podinfo", 50, "1h"));
        GenericKubernetesResource first = cluster.await("podinfo", "progressing, the start applied", r -> "Progressing".equals(status(r).get("phase"))
                && cluster.canaryWeights().equals(List.of(0)));
        Object revision = status(first).get("revision");

        cluster.setImage("podinfo", "ghcr.io/stefanprodan/podinfo:6.8.0");

        GenericKubernetesResource restarted = cluster.await("podinfo", "on a new revision",
                r -> status(r).get("revision") != null && !revision.equals(status(r).get("revision")));
        assertThat(status(restarted).get("phase")).isIn("Initializing", "Progressing");
        assertThat(status(restarted)).containsEntry("canaryWeight", 0).containsEntry("step", 0);
        assertThat(cluster.image("podinfo-primary")).as("nothing promoted").isEqualTo(ControllerCluster.OLD_IMAGE);
    }
}
