package dev.stepwise.bench;

import dev.stepwise.engine.ExecutorScheduler;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.rollout.Phase;
import dev.stepwise.operator.RolloutResource;
import dev.stepwise.operator.StepwiseController;
import dev.stepwise.tck.kubernetes.MockCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The controller scale run: N {@code Rollout} resources on one {@link StepwiseController}, all
 * applied at once on the fabric8 mock API server (CRUD mode, in this JVM), each a canary on Istio
 * (stepWeight 25 up to 50, then promotion) with no metric checks, its target Deployment and stable
 * copy created first and made ready by a settler playing the Deployment controller. Measured: wall
 * time until every rollout is Succeeded against the ideal, decisions per second, reconcile looks
 * per second, API requests per decision (every request the mock server answered, the settler's
 * excluded), the controller's heap per resource while it holds every rollout (heap after GC with
 * the controller running minus heap after GC once it is closed, the API server's objects kept), and
 * the requests per second while it holds N ended rollouts.
 *
 * <p>Usage: {@code bench/run-controller N [intervalSeconds=5] [maxWallSeconds=600] [threads=2]}; run
 * from the repository root (the Rollout CRD is read from {@code deploy/crd.yaml}, Istio's from
 * {@code ../shared/crds}).
 */
public final class ControllerScaleRun {

    private static final String NS = "bench";
    private static final Path ROLLOUT_CRD = Path.of("deploy", "crd.yaml");
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final Map<String, Long> succeeded = new ConcurrentHashMap<>();
    private final Map<String, String> otherEnds = new ConcurrentHashMap<>();
    private final LongAdder decisions = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder settles = new LongAdder();
    private final Samples lateness = new Samples();

    private ControllerScaleRun() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: ControllerScaleRun N [intervalSeconds] [maxWallSeconds] [threads]");
        }
        MOCK_LOG.setLevel(Level.WARNING);
        int n = Integer.parseInt(args[0]);
        Duration interval = Duration.ofMillis((long) (1000 * (args.length > 1 ? Double.parseDouble(args[1]) : 5)));
        Duration maxWall = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 600);
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        new ControllerScaleRun().run(n, interval, maxWall, threads);
        System.exit(0);
    }

    private void run(int n, Duration interval, Duration maxWall, int threads) throws Exception {
        if (!Files.isRegularFile(ROLLOUT_CRD)) {
            throw new IllegalStateException("run from the repository root: " + ROLLOUT_CRD.toAbsolutePath() + " is missing");
        }
        // steps 25, 50, promote, then the end: three intervals at least
        Duration ideal = interval.multipliedBy(3);
        System.out.printf("Controller scale run: %d Rollouts, one controller, %d engine threads, interval %s, ideal %s, bound %s, load %s%n",
                n, threads, interval, ideal, maxWall, loadAverage());
        try (MockCluster cluster = MockCluster.start("istio/virtualservices.networking.istio.io.yaml",
                "istio/destinationrules.networking.istio.io.yaml")) {
            KubernetesClient client = cluster.client();
            registerRolloutCrd(client);
            LinkedBlockingQueue<String> unsettled = new LinkedBlockingQueue<>();
            SharedIndexInformer<Deployment> settlerWatch = client.apps().deployments().inNamespace(NS).inform(settlerHandler(unsettled));
            Thread settler = new Thread(() -> settle(client, unsettled), "settler");
            settler.setDaemon(true);
            settler.start();
            long t = System.nanoTime();
            for (int i = 0; i < n; i++) {
                cluster.deploy(NS, "svc-" + i, "svc-" + i, 1, "canary", "ghcr.io/stefanprodan/podinfo:6.7.0");
                cluster.deploy(NS, "svc-" + i + "-primary", "svc-" + i, 2, "stable", "ghcr.io/stefanprodan/podinfo:6.6.0");
            }
            awaitSettled(unsettled);
            System.out.printf("  %,d Deployments created and ready in %.1f s%n", 2 * n, (System.nanoTime() - t) / 1e9);
            for (int i = 0; i < n; i++) {
                apply(client, "svc-" + i, interval);
            }
            long heapServerOnly = usedHeapAfterGc();
            ExecutorScheduler scheduler = ExecutorScheduler.withThreads(threads);
            StepwiseController controller = StepwiseController.builder(client).namespaces(Set.of(NS))
                    .scheduler(new TimedScheduler(scheduler, lateness)).listener(this::heard).build();
            long requests0 = cluster.server().getRequestCount();
            long settles0 = settles.sum();
            long cpu0 = processCpuNanos();
            long start = System.nanoTime();
            controller.start();
            long deadline = start + maxWall.toNanos();
            while (succeeded.size() + otherEnds.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            long wall = System.nanoTime() - start;
            long cpu = processCpuNanos() - cpu0;
            long requests = cluster.server().getRequestCount() - requests0 - (settles.sum() - settles0) * 2;
            long looks = lateness.count();
            String loadAfter = loadAverage();
            // holding: let status writes finish, then count what N ended rollouts cost per second
            Thread.sleep(5_000);
            long idleRequests0 = cluster.server().getRequestCount() - settles.sum() * 2;
            long idleLooks0 = lateness.count();
            Thread.sleep(30_000);
            double idleRequestsPerSecond = (cluster.server().getRequestCount() - settles.sum() * 2 - idleRequests0) / 30.0;
            double idleLooksPerSecond = (lateness.count() - idleLooks0) / 30.0;
            long heapWithController = usedHeapAfterGc();
            controller.close();
            scheduler.close();
            settlerWatch.close();
            long heapAfterClose = usedHeapAfterGc();
            long phases = client.genericKubernetesResources(RolloutResource.DEFINITION).inNamespace(NS).list().getItems().stream()
                    .filter(r -> "Succeeded".equals(phase(r))).count();
            System.out.printf("  finished: %,d of %,d Succeeded (engine), %,d with status.phase Succeeded, %,d ended otherwise %s%n",
                    succeeded.size(), n, phases, otherEnds.size(), otherEnds.isEmpty() ? "" : sample(otherEnds));
            System.out.printf("  wall %.1f s (%.1fx the ideal %s), CPU %.1f s (%.2f cores), load after %s%n",
                    wall / 1e9, wall / (double) ideal.toNanos(), ideal, cpu / 1e9, cpu / (double) wall, loadAfter);
            System.out.printf("  decisions %,d (%.1f/s), reconcile looks %,d (%.1f/s), look late (median / p95 / max) %s, failures %,d%n",
                    decisions.sum(), decisions.sum() / (wall / 1e9), looks, looks / (wall / 1e9), lateness.summary(), failures.sum());
            System.out.printf("  API requests %,d: %.1f per decision, %.1f per rollout; the controller's own %s%n",
                    requests, requests / (double) Math.max(1, decisions.sum()), requests / (double) n, controller.apiRequests());
            System.out.printf("  holding %,d ended rollouts: %.2f API requests/s, %.2f looks/s%n", n, idleRequestsPerSecond, idleLooksPerSecond);
            System.out.printf("  heap after GC: API server objects only %,d MiB; with the controller holding them %,d MiB; after it closed %,d MiB"
                    + " -> the controller %.1f KiB per Rollout%n", heapServerOnly >> 20, heapWithController >> 20, heapAfterClose >> 20,
                    (heapWithController - heapAfterClose) / 1024.0 / n);
        }
    }

    private void heard(RolloutEvent event) {
        if (event instanceof RolloutEvent.Stepped) {
            decisions.increment();
        } else if (event instanceof RolloutEvent.Failed) {
            failures.increment();
        } else if (event instanceof RolloutEvent.Ended e) {
            if (e.phase() == Phase.SUCCEEDED) {
                succeeded.putIfAbsent(e.id(), System.nanoTime());
            } else {
                otherEnds.put(e.id(), e.phase().name());
            }
        }
    }

    private static String sample(Map<String, String> ends) {
        return ends.entrySet().stream().limit(3).map(Map.Entry::toString).toList().toString();
    }

    @SuppressWarnings("unchecked")
    private static String phase(GenericKubernetesResource r) {
        Object status = r.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> m ? String.valueOf(((Map<String, Object>) m).get("phase")) : "";
    }

    private static void registerRolloutCrd(KubernetesClient client) throws Exception {
        try (InputStream in = Files.newInputStream(ROLLOUT_CRD)) {
            CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
    }

    private static void apply(KubernetesClient client, String name, Duration interval) {
        String yaml = """
                apiVersion: stepwise.dev/v1alpha1
                kind: Rollout
                metadata: {name: %s, namespace: %s}
                spec:
                  target: {name: %s}
                  strategy:
                    canary: {stepWeight: 25, maxWeight: 50}
                  service: {port: 9898}
                  provider: istio
                  analysis: {interval: %dms}
                """.formatted(name, NS, name, interval.toMillis());
        client.genericKubernetesResources(RolloutResource.DEFINITION).inNamespace(NS)
                .resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).create();
    }

    private static ResourceEventHandler<Deployment> settlerHandler(LinkedBlockingQueue<String> unsettled) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
                check(d);
            }

            @Override
            public void onUpdate(Deployment before, Deployment after) {
                check(after);
            }

            @Override
            public void onDelete(Deployment d, boolean unknown) {
            }

            private void check(Deployment d) {
                if (!settled(d)) {
                    unsettled.add(d.getMetadata().getName());
                }
            }
        };
    }

    private static boolean settled(Deployment d) {
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        long generation = d.getMetadata().getGeneration() == null ? 1L : d.getMetadata().getGeneration();
        return d.getStatus() != null && d.getStatus().getObservedGeneration() != null
                && d.getStatus().getObservedGeneration() == generation && d.getStatus().getReadyReplicas() != null
                && d.getStatus().getReadyReplicas() == replicas && d.getStatus().getUpdatedReplicas() != null
                && d.getStatus().getUpdatedReplicas() == replicas;
    }

    /** Plays the Deployment controller: each Deployment not ready at its scale is made so (one get, one status update). */
    private void settle(KubernetesClient client, LinkedBlockingQueue<String> unsettled) {
        while (true) {
            String name;
            try {
                name = unsettled.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                Deployment d = client.apps().deployments().inNamespace(NS).withName(name).get();
                if (d == null || settled(d)) {
                    continue;
                }
                int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                long generation = d.getMetadata().getGeneration() == null ? 1L : d.getMetadata().getGeneration();
                d.setStatus(new DeploymentStatusBuilder().withObservedGeneration(generation).withReplicas(replicas)
                        .withUpdatedReplicas(replicas).withReadyReplicas(replicas).withAvailableReplicas(replicas).build());
                client.apps().deployments().inNamespace(NS).resource(d).updateStatus();
                settles.increment();
            } catch (KubernetesClientException e) {
                unsettled.add(name); // a write in between (409): again
            }
        }
    }

    private static void awaitSettled(LinkedBlockingQueue<String> unsettled) throws InterruptedException {
        for (int quiet = 0; quiet < 5; ) {
            Thread.sleep(200);
            quiet = unsettled.isEmpty() ? quiet + 1 : 0;
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
