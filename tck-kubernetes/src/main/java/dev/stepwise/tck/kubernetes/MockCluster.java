package dev.stepwise.tck.kubernetes;

import dev.stepwise.tck.crd.CrdSource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * fabric8's mock API server in CRUD mode with the meshes' real CRDs registered, plus what the mock
 * lacks for a rollout: the Deployment controller. A real cluster's controller makes a scaled
 * Deployment's pods ready; {@link #settleDeployments} does the same at once, for every Deployment
 * in a namespace (status replicas, updated and ready replicas = spec, observed generation =
 * generation). Expectations ({@link #server()}{@code .expect()}) still answer first, for faults.
 */
public final class MockCluster implements AutoCloseable {

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private MockCluster(CrdSource source, String... crds) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), true);
        server.init();
        client = server.createClient();
        CrdRegistration.register(client, source, crds);
    }

    /** A fresh server with the CRDs registered, given by their paths under the folder {@link CrdSource#lookup()} finds. */
    public static MockCluster start(String... crds) {
        return start(CrdSource.lookup(), crds);
    }

    /** A fresh server with the CRDs registered, given by their paths under the root of {@code source}. */
    public static MockCluster start(CrdSource source, String... crds) {
        return new MockCluster(source, crds);
    }

    public KubernetesClient client() {
        return client;
    }

    public KubernetesMockServer server() {
        return server;
    }

    /** Creates a Deployment of {@code replicas} pods labelled {@code app=name, version=version}, running {@code image}. */
    public void deploy(String namespace, String name, int replicas, String version, String image) {
        create(namespace, name, Map.of("app", name, "version", version), replicas, image);
    }

    /**
     * Creates a Deployment of {@code replicas} pods labelled {@code app=name, version=version} and
     * {@code app.kubernetes.io/name=service}: the label by which a Service the launch creates for
     * {@code service} selects every track's pods (as a controller's target and its stable copy have).
     */
    public void deploy(String namespace, String name, String service, int replicas, String version, String image) {
        create(namespace, name, Map.of("app", name, "version", version, "app.kubernetes.io/name", service), replicas, image);
    }

    private void create(String namespace, String name, Map<String, String> labels, int replicas, String image) {
        Deployment deployment = new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec().build();
        client.apps().deployments().inNamespace(namespace).resource(deployment).create();
    }

    /** The image a Deployment runs now. */
    public String image(String namespace, String name) {
        return deployment(namespace, name).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    /** The replicas a Deployment asks for now. */
    public int replicas(String namespace, String name) {
        return deployment(namespace, name).getSpec().getReplicas();
    }

    private Deployment deployment(String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name).get();
    }

    /** Makes every Deployment in {@code namespace} ready at its scale, as the Deployment controller would. */
    public void settleDeployments(String namespace) {
        for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
            int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            Long generation = d.getMetadata().getGeneration() == null ? 1L : d.getMetadata().getGeneration();
            d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(replicas)
                    .withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).build());
            client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
