package dev.stepwise.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.mesh.Manifest;
import dev.stepwise.tck.crd.CrdSchemaValidator;
import dev.stepwise.tck.kubernetes.MockCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The cluster a controller runs against in these tests: the mock API server in CRUD mode with
 * Istio's real CRDs and the Rollout CRD read from {@code ../deploy/crd.yaml}, a settler playing the
 * Deployment controller every 100 ms, and a watch on the Rollouts of namespace {@code test} that
 * {@link #await} waits on (woken by each change, bounded, never sleeping).
 */
final class ControllerCluster implements AutoCloseable {

    static final String NS = "test";
    static final Path ROLLOUT_CRD = Path.of("..", "deploy", "crd.yaml");
    static final String OLD_IMAGE = "ghcr.io/stefanprodan/podinfo:6.6.0";
    static final String NEW_IMAGE = "ghcr.io/stefanprodan/podinfo:6.7.0";
    static final List<String> CRDS = List.of("istio/virtualservices.networking.istio.io.yaml",
            "istio/destinationrules.networking.istio.io.yaml");
    static final CrdSchemaValidator VALIDATOR = CrdSchemaValidator.forCrds(CRDS);
    /** The generated Rollout CRD's schema: what a real API server would let through to the controller. */
    static final CrdSchemaValidator ROLLOUT_SCHEMA = CrdSchemaValidator.forCrds(
            dev.stepwise.tck.crd.CrdSource.folder(ROLLOUT_CRD.getParent()), List.of(ROLLOUT_CRD.getFileName().toString()));
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The mock server logs every request at INFO through java.util.logging: kept to warnings (a strong reference keeps the level). */
    static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    final MockCluster cluster = MockCluster.start(CRDS.toArray(String[]::new));
    final KubernetesClient client = cluster.client();
    private final ScheduledExecutorService settler = Executors.newSingleThreadScheduledExecutor();
    private final SharedIndexInformer<GenericKubernetesResource> watch;
    private final Object changed = new Object();

    ControllerCluster() {
        registerRolloutCrd();
        settler.scheduleWithFixedDelay(this::settle, 0, 100, TimeUnit.MILLISECONDS);
        watch = rollouts().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource r) {
                wake();
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                wake();
            }

            @Override
            public void onDelete(GenericKubernetesResource r, boolean unknown) {
                wake();
            }
        });
    }

    private void registerRolloutCrd() {
        if (!Files.isRegularFile(ROLLOUT_CRD)) {
            throw new IllegalStateException("the Rollout CRD is missing: expected " + ROLLOUT_CRD.toAbsolutePath().normalize()
                    + " (deploy/crd.yaml at the repository root, read relative to the operator module)");
        }
        try (InputStream in = Files.newInputStream(ROLLOUT_CRD)) {
            CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + ROLLOUT_CRD.toAbsolutePath().normalize() + ": " + e, e);
        }
    }

    private void settle() {
        try {
            cluster.settleDeployments(NS);
        } catch (KubernetesClientException e) {
            // a write of the rollout's in between (409): the next round settles it
        }
    }

    private void wake() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList, Resource<GenericKubernetesResource>> rollouts() {
        return client.genericKubernetesResources(RolloutResource.DEFINITION).inNamespace(NS);
    }

    /** Deployment {@code name} at the new image and its stable copy {@code name-primary} at the old one. */
    void deploy(String name) {
        cluster.deploy(NS, name, name, 1, "canary", NEW_IMAGE);
        cluster.deploy(NS, name + "-primary", name, 2, "stable", OLD_IMAGE);
    }

    /** Sets the image of Deployment {@code name}, as {@code kubectl set image} does (retrying a 409). */
    void setImage(String name, String image) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.apps().deployments().inNamespace(NS).withName(name).edit(d -> {
                    d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(image);
                    return d;
                });
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    String image(String name) {
        return cluster.image(NS, name);
    }

    /** A canary spec for {@code name} on istio: {@code stepWeight}% a step up to 50%, no metric checks. */
    static String spec(String name, int stepWeight, String interval) {
        return """
                apiVersion: stepwise.dev/v1alpha1
                kind: Rollout
                metadata: {name: %s, namespace: test}
                spec:
                  target: {name: %s}
                  strategy:
                    canary: {stepWeight: %d, maxWeight: 50}
                  service: {port: 9898}
                  provider: istio
                  analysis: {interval: %s}
                """.formatted(name, name, stepWeight, interval);
    }

    /**
     * Applies a Rollout from YAML (creates it, or replaces its spec), first checked against the
     * schema of {@code deploy/crd.yaml}, as a real API server would: only what it accepts reaches the controller.
     */
    GenericKubernetesResource apply(String yaml) {
        assertThat(ROLLOUT_SCHEMA.problems(Manifest.parse(yaml))).as("the Rollout against deploy/crd.yaml").isEmpty();
        GenericKubernetesResource r = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        GenericKubernetesResource existing = rollouts().withName(r.getMetadata().getName()).get();
        if (existing == null) {
            return rollouts().resource(r).create();
        }
        return rollouts().withName(r.getMetadata().getName()).edit(e -> {
            e.setAdditionalProperty("spec", r.getAdditionalProperties().get("spec"));
            return e;
        });
    }

    /** What annotation {@link RolloutResource#COMMAND_ANNOTATION} holds on {@code r}; null when none. */
    static @Nullable String command(@Nullable GenericKubernetesResource r) {
        Map<String, String> a = r == null ? null : r.getMetadata().getAnnotations();
        return a == null ? null : a.get(RolloutResource.COMMAND_ANNOTATION);
    }

    void annotate(String name, String value) {
        rollouts().withName(name).edit(r -> {
            Map<String, String> annotations = r.getMetadata().getAnnotations() == null ? new java.util.HashMap<>()
                    : new java.util.HashMap<>(r.getMetadata().getAnnotations());
            annotations.put(RolloutResource.COMMAND_ANNOTATION, value);
            r.getMetadata().setAnnotations(annotations);
            return r;
        });
    }

    @Nullable GenericKubernetesResource rollout(String name) {
        return rollouts().withName(name).get();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(@Nullable GenericKubernetesResource r) {
        Object s = r == null ? null : r.getAdditionalProperties().get("status");
        return s instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Waits (at most {@link #TIMEOUT}, woken by each change of a Rollout) until {@code name} satisfies {@code condition}. */
    GenericKubernetesResource await(String name, String what, Predicate<@Nullable GenericKubernetesResource> condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (changed) {
            while (true) {
                GenericKubernetesResource r = rollout(name);
                if (condition.test(r)) {
                    return r;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("rollout " + name + " not " + what + " within " + TIMEOUT + ": "
                            + (r == null ? "gone" : "status " + status(r) + ", metadata " + r.getMetadata()));
                }
                try {
                    changed.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 500)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** Waits until the status of {@code name} has {@code phase}. */
    GenericKubernetesResource awaitPhase(String name, String phase) {
        return await(name, "in phase " + phase, r -> phase.equals(status(r).get("phase")));
    }

    /**
     * Type, reason and message of each Event about Rollout {@code name}, by name: the engine's
     * ({@code KubernetesEvents}: name, epoch second, sequence) in the order written.
     */
    List<String> events(String name) {
        return client.resources(Event.class).inNamespace(NS).list().getItems().stream()
                .sorted(java.util.Comparator.comparing(e -> e.getMetadata().getName()))
                .filter(e -> RolloutResource.KIND.equals(e.getInvolvedObject().getKind()) && name.equals(e.getInvolvedObject().getName()))
                .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage()).collect(Collectors.toList());
    }

    /** Waits (bounded, looking every 500 ms at most) until an Event about {@code name} starts with {@code prefix}; all of them, oldest first. */
    List<String> awaitEvents(String name, String prefix) {
        await(name, "with an Event " + prefix, r -> events(name).stream().anyMatch(e -> e.startsWith(prefix)));
        return events(name);
    }

    /** Every VirtualService in the namespace, checked against Istio's CRD schema; the canary weight of each. */
    List<Integer> canaryWeights() {
        List<GenericKubernetesResource> items = client.genericKubernetesResources("networking.istio.io/v1", "VirtualService")
                .inNamespace(NS).list().getItems();
        for (GenericKubernetesResource item : items) {
            Manifest manifest = Manifest.parse(Serialization.asYaml(item));
            assertThat(VALIDATOR.problems(manifest)).as("%s on the API server", manifest.ref()).isEmpty();
        }
        return items.stream().map(ControllerCluster::canaryWeight).collect(Collectors.toList());
    }

    @SuppressWarnings("unchecked")
    static int canaryWeight(GenericKubernetesResource vs) {
        Map<String, Object> spec = (Map<String, Object>) vs.getAdditionalProperties().get("spec");
        List<Map<String, Object>> http = (List<Map<String, Object>>) spec.get("http");
        int weight = 0;
        for (Map<String, Object> route : (List<Map<String, Object>>) http.get(http.size() - 1).get("route")) {
            Map<String, Object> destination = (Map<String, Object>) route.get("destination");
            if ("canary".equals(destination.get("subset")) || String.valueOf(destination.get("host")).contains("canary")) {
                weight += route.get("weight") == null ? 0 : ((Number) route.get("weight")).intValue();
            }
        }
        return weight;
    }

    @Override
    public void close() {
        watch.close();
        settler.shutdownNow();
        try {
            settler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cluster.close();
    }
}
