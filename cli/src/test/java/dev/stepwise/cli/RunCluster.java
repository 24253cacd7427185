package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.kubernetes.ConfigMapStateStore;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.tck.crd.CrdSchemaValidator;
import dev.stepwise.tck.kubernetes.MockCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * The cluster {@code stepwise run} talks to in the end-to-end tests: fabric8's mock API server in
 * CRUD mode with the meshes' real CRDs registered, a kubeconfig pointing at it, and a settler that
 * plays the Deployment controller (every Deployment of namespace {@code test} ready at its scale,
 * every 100 ms), since nothing else makes pods ready on the mock.
 */
final class RunCluster implements AutoCloseable {

    static final String NAMESPACE = RequestCounters.NAMESPACE;
    static final String STATE_NAMESPACE = "stepwise-system";
    static final String OLD_IMAGE = "ghcr.io/stefanprodan/podinfo:6.6.0";
    static final String NEW_IMAGE = "ghcr.io/stefanprodan/podinfo:6.7.0";
    static final List<String> CRDS = List.of("istio/virtualservices.networking.istio.io.yaml",
            "istio/destinationrules.networking.istio.io.yaml", "kuma/v2.14/kuma.io_meshhttproutes.yaml",
            "gateway-api/gateway.networking.k8s.io_httproutes.yaml");
    static final CrdSchemaValidator VALIDATOR = CrdSchemaValidator.forCrds(CRDS);

    final MockCluster cluster = MockCluster.start(CRDS.toArray(String[]::new));
    final Path kubeconfig;
    private final ScheduledExecutorService settler = Executors.newSingleThreadScheduledExecutor();

    RunCluster(Path dir) throws IOException {
        kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "%s", insecure-skip-tls-verify: true}
                users:
                  - name: operator
                    user: {token: not-a-secret}
                contexts:
                  - name: mock
                    context: {cluster: mock, namespace: test, user: operator}
                current-context: mock
                """.formatted(cluster.client().getMasterUrl()));
        settler.scheduleWithFixedDelay(this::settle, 0, 100, TimeUnit.MILLISECONDS);
    }

    private void settle() {
        try {
            cluster.settleDeployments(NAMESPACE);
        } catch (KubernetesClientException e) {
            // a write of the rollout's in between (409): the next round settles it
        }
    }

    /** The user's Deployment {@code name} at the new image, and its stable copy {@code <name>-primary} at the old one. */
    RunCluster deploy(String name) {
        deployment(name, name, NEW_IMAGE, "canary", 1);
        deployment(name + "-primary", name, OLD_IMAGE, "stable", 2);
        return this;
    }

    private void deployment(String deployment, String service, String image, String version, int replicas) {
        cluster.client().apps().deployments().inNamespace(NAMESPACE).resource(new DeploymentBuilder()
                .withNewMetadata().withName(deployment).withNamespace(NAMESPACE).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", deployment).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", deployment)
                .addToLabels("app.kubernetes.io/name", service).addToLabels("version", version).endMetadata()
                .withNewSpec().addNewContainer().withName("podinfo").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
    }

    String image(String deployment) {
        return cluster.image(NAMESPACE, deployment);
    }

    /** The rollout as the operator commands read it. */
    Optional<StoredRollout> stored(String name) {
        return ConfigMapStateStore.of(cluster.client(), STATE_NAMESPACE).load(NAMESPACE + "/" + name);
    }

    /** Waits (at most {@code timeout}, polling every 50 ms) until the stored rollout satisfies {@code condition}. */
    StoredRollout awaitStored(String name, Predicate<StoredRollout> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<StoredRollout> rec = stored(name);
            if (rec.isPresent() && condition.test(rec.get())) {
                return rec.get();
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("rollout " + name + " not as expected within " + timeout + ": " + rec);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** Every resource of {@code apiVersion}/{@code kind} in the namespace, checked against its CRD's schema; how many. */
    int validate(String apiVersion, String kind) {
        List<GenericKubernetesResource> items = cluster.client().genericKubernetesResources(apiVersion, kind)
                .inNamespace(NAMESPACE).list().getItems();
        for (GenericKubernetesResource item : items) {
            Manifest manifest = Manifest.parse(Serialization.asYaml(item));
            assertThat(VALIDATOR.problems(manifest)).as("%s on the API server", manifest.ref()).isEmpty();
        }
        return items.size();
    }

    @Override
    public void close() {
        settler.shutdownNow();
        try {
            settler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cluster.close();
    }
}
