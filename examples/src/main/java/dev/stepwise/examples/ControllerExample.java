package dev.stepwise.examples;

import dev.stepwise.operator.RolloutResource;
import dev.stepwise.operator.StepwiseController;
import dev.stepwise.tck.kubernetes.MockCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The Stepwise controller, as a cluster runs it, on fabric8's mock API server instead of a cluster:
 * the {@code Rollout} CRD from {@code deploy/crd.yaml} and Istio's CRDs are registered, Deployment
 * {@code podinfo} (the new image) and {@code podinfo-primary} (the stable one) are created, and a
 * {@code Rollout} is applied, as {@code kubectl apply -f} would. The controller runs it to
 * Succeeded; every change of the resource's {@code status} is printed as it happens, then the
 * Kubernetes Events the controller wrote on it. Real clock, one-second steps: about ten seconds.
 *
 * <pre>
 * ControllerExample           run from the repository root or from examples/
 * </pre>
 */
public final class ControllerExample {

    /** The Rollout the example applies: a canary of 20% steps up to 60%, one step a second, no metric checks. */
    static final String ROLLOUT = """
            apiVersion: stepwise.dev/v1alpha1
            kind: Rollout
            metadata: {name: podinfo, namespace: test}
            spec:
              target: {name: podinfo}
              provider: istio
              service: {port: 9898}
              strategy:
                canary: {stepWeight: 20, maxWeight: 60}
              analysis: {interval: 1s}
            """;
    static final String NAMESPACE = "test";
    /** The mock server logs every request at INFO: kept to warnings (the strong reference keeps the level). */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private ControllerExample() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the example; returns the exit status (0; 1 when the rollout did not succeed in time; 2 for bad arguments or set-up). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0) {
            err.println("usage: ControllerExample   (no arguments)");
            return 2;
        }
        Path crd = rolloutCrd();
        if (crd == null) {
            err.println("deploy/crd.yaml not found: run from the repository root or from examples/");
            return 2;
        }
        MOCK_LOG.setLevel(Level.WARNING);
        try (MockCluster cluster = MockCluster.start("istio/virtualservices.networking.istio.io.yaml",
                "istio/destinationrules.networking.istio.io.yaml")) {
            KubernetesClient client = cluster.client();
            register(client, crd);
            cluster.deploy(NAMESPACE, "podinfo", "podinfo", 1, "canary", "ghcr.io/stefanprodan/podinfo:6.7.0");
            cluster.deploy(NAMESPACE, "podinfo-primary", "podinfo", 2, "stable", "ghcr.io/stefanprodan/podinfo:6.6.0");
            ScheduledExecutorService settler = Executors.newSingleThreadScheduledExecutor();
            settler.scheduleWithFixedDelay(() -> settle(cluster), 0, 200, TimeUnit.MILLISECONDS);
            BlockingQueue<String> changes = new LinkedBlockingQueue<>();
            SharedIndexInformer<GenericKubernetesResource> watch = rollouts(client).inform(new StatusChanges(changes));
            boolean succeeded;
            // the controller writes an Event on the Rollout for every decision (Builder.events, on by default)
            try (StepwiseController controller = StepwiseController.builder(client).namespaces(Set.of(NAMESPACE)).build()) {
                controller.start();
                out.println("$ kubectl apply -f rollout.yaml");
                rollouts(client).resource(Serialization.unmarshal(ROLLOUT, GenericKubernetesResource.class)).create();
                out.println("$ kubectl get rollout podinfo -n test -w   (status changes)");
                succeeded = follow(changes, out);
            } finally {
                watch.close();
                settler.shutdownNow();
            }
            // closed: the Events it had to write are written
            out.println("$ kubectl get events -n test --field-selector involvedObject.kind=Rollout");
            events(client).forEach(line -> out.println("  " + line));
            out.println("podinfo-primary now runs " + cluster.image(NAMESPACE, "podinfo-primary"));
            return succeeded ? 0 : 1;
        }
    }

    /** Prints each status change until the phase is terminal, or 60 seconds pass; whether it Succeeded. */
    private static boolean follow(BlockingQueue<String> changes, PrintStream out) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < deadline) {
            String line;
            try {
                line = changes.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (line == null || line.equals(last)) {
                continue;
            }
            last = line;
            out.println("  " + line);
            if (line.startsWith("Succeeded ")) {
                return true;
            }
            if (line.startsWith("Failed ")) {
                return false;
            }
        }
        out.println("  (no terminal phase within 60 s)");
        return false;
    }

    private static void settle(MockCluster cluster) {
        try {
            cluster.settleDeployments(NAMESPACE);
        } catch (KubernetesClientException e) {
            // a write in between (409): the next round settles it
        }
    }

    private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> rollouts(KubernetesClient client) {
        return client.genericKubernetesResources(RolloutResource.DEFINITION).inNamespace(NAMESPACE);
    }

    private static @Nullable Path rolloutCrd() {
        for (Path candidate : List.of(Path.of("deploy", "crd.yaml"), Path.of("..", "deploy", "crd.yaml"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static void register(KubernetesClient client, Path crd) {
        try (InputStream in = Files.newInputStream(crd)) {
            client.apiextensions().v1().customResourceDefinitions()
                    .resource(client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + crd.toAbsolutePath().normalize() + ": " + e, e);
        }
    }

    /** "Reason: message" of each Event about a Rollout, oldest first. */
    private static List<String> events(KubernetesClient client) {
        List<Event> items = new ArrayList<>(client.resources(Event.class).inNamespace(NAMESPACE).list().getItems());
        items.removeIf(e -> !RolloutResource.KIND.equals(e.getInvolvedObject().getKind()));
        items.sort(Comparator.comparing(e -> Objects.toString(e.getLastTimestamp(), "")));
        List<String> lines = new ArrayList<>();
        items.forEach(e -> lines.add(e.getType() + " " + e.getReason() + ": " + e.getMessage()));
        return lines;
    }

    /** One line per status: "PHASE weight W% step S: message". */
    @SuppressWarnings("unchecked")
    static String describe(GenericKubernetesResource r) {
        Object s = r.getAdditionalProperties().get("status");
        if (!(s instanceof Map<?, ?>)) {
            return "";
        }
        Map<String, Object> status = (Map<String, Object>) s;
        return status.get("phase") + " weight " + status.get("canaryWeight") + "% step " + status.get("step")
                + (status.get("message") == null ? "" : ": " + status.get("message"));
    }

    private static final class StatusChanges implements ResourceEventHandler<GenericKubernetesResource> {
        private final BlockingQueue<String> changes;

        StatusChanges(BlockingQueue<String> changes) {
            this.changes = changes;
        }

        @Override
        public void onAdd(GenericKubernetesResource r) {
            offer(r);
        }

        @Override
        public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
            offer(after);
        }

        @Override
        public void onDelete(GenericKubernetesResource r, boolean unknown) {
        }

        private void offer(GenericKubernetesResource r) {
            String line = describe(r);
            if (!line.isEmpty()) {
                changes.add(line);
            }
        }
    }
}
