package dev.stepwise.tck.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.engine.RolloutDefinition;
import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.kubernetes.ConfigMapStateStore;
import dev.stepwise.kubernetes.DeploymentWorkload;
import dev.stepwise.kubernetes.KubernetesManifestSink;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ManifestSink;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.tck.crd.CrdSchemaValidator;
import dev.stepwise.tck.crd.CrdSource;
import dev.stepwise.testkit.SimulatedMetricSource;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.VirtualScheduler;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A whole canary rollout through one mesh adapter on fabric8's mock API server: the engine on
 * virtual time, a canary strategy judged by simulated metrics, the adapter's renderer writing
 * through {@link KubernetesManifestSink}, {@link DeploymentWorkload} scaling real Deployment
 * objects, and the rollout's state in a {@link ConfigMapStateStore}. A mesh module extends it with
 * one small class (renderer and CRDs).
 *
 * <p>After every applied transition, the route is read back from the API server: it must hold
 * exactly the split the strategy decided and be valid against the CRD. The simulated service
 * measures the split the API server holds, so what is judged is what was written. Faults: HTTP 500
 * and 429 answers for the route, and another writer changing the route between our read and our
 * write.
 */
public abstract class MeshRolloutEndToEndKit {

    /** Where the rollout runs. */
    protected static final String NAMESPACE = "test";
    /** The service rolled out. */
    protected static final String SERVICE = "podinfo";
    static final String OLD_IMAGE = "ghcr.io/stefanprodan/podinfo:6.6.0";
    static final String NEW_IMAGE = "ghcr.io/stefanprodan/podinfo:6.7.0";
    static final Duration INTERVAL = Duration.ofMinutes(1);
    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    private MockCluster cluster;
    private MeshRenderer renderer;
    private CrdSchemaValidator validator;
    private KubernetesManifestSink sink;
    private final VirtualScheduler scheduler = VirtualScheduler.startingAt(START);
    private final List<RolloutEvent> events = new ArrayList<>();
    private final List<TrafficSplit> readBack = new ArrayList<>();
    private final AtomicReference<TrafficSplit> inForce = new AtomicReference<>(TrafficSplit.allStable());

    /** The renderer under test for {@code target}. */
    protected abstract MeshRenderer createRenderer(RouteTarget target);

    /** The CRDs of the kinds it writes, as paths under the root of {@link #crdSource()}. */
    protected abstract List<String> crdFiles();

    /** Where {@link #crdFiles()} are read from; default {@link CrdSource#lookup()}. */
    protected CrdSource crdSource() {
        return CrdSource.lookup();
    }

    @BeforeEach
    void startCluster() {
        cluster = MockCluster.start(crdSource(), crdFiles().toArray(String[]::new));
        renderer = createRenderer(RouteTarget.builder(NAMESPACE, SERVICE).port(9898).build());
        validator = CrdSchemaValidator.forCrds(crdSource(), crdFiles());
        sink = KubernetesManifestSink.builder(cluster.client()).sleeper(d -> { }).build();
        cluster.deploy(NAMESPACE, SERVICE + "-primary", 4, "stable", OLD_IMAGE);
        cluster.deploy(NAMESPACE, SERVICE, 1, "canary", NEW_IMAGE);
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    static CanaryStrategy canary() {
        return CanaryStrategy.builder().stepWeight(10).maxWeight(50).analysis(AnalysisPolicy.builder()
                .interval(INTERVAL).threshold(2)
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)))
                .metric(MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.atMost(500)))
                .build()).build();
    }

    @Test
    @DisplayName("a healthy canary: the API server holds every step's weights, then the new version is promoted")
    void healthyCanary() {
        StoredRollout end = run(SimulatedService.ofDefaults(), sink);

        assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(distinct(readBack)).containsExactly(TrafficSplit.canary(10),
                TrafficSplit.canary(20), TrafficSplit.canary(30), TrafficSplit.canary(40), TrafficSplit.canary(50),
                TrafficSplit.allStable());
        assertThat(cluster.image(NAMESPACE, SERVICE + "-primary")).isEqualTo(NEW_IMAGE);
        assertThat(cluster.replicas(NAMESPACE, SERVICE)).isZero();
    }

    @Test
    @DisplayName("a failing canary is rolled back: 100% stable on the API server, the canary scaled to zero")
    void failingCanary() {
        StoredRollout end = run(SimulatedService.builder().canaryErrorProbability(0.5).build(), sink);

        assertThat(end.state().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(distinct(readBack)).containsExactly(TrafficSplit.canary(10), TrafficSplit.allStable());
        assertThat(renderer.parse(sink.read(renderer.resources()))).contains(TrafficSplit.allStable());
        assertThat(cluster.replicas(NAMESPACE, SERVICE)).isZero();
        assertThat(cluster.image(NAMESPACE, SERVICE + "-primary")).isEqualTo(OLD_IMAGE);
    }

    @Test
    @DisplayName("another writer changing the route between our read and our write: retried, nothing of theirs lost")
    void concurrentWriter() {
        AtomicInteger interferences = new AtomicInteger();
        AtomicBoolean interferedLast = new AtomicBoolean();
        Set<ResourceRef> touched = new HashSet<>();
        // Every first attempt of an update meets another writer's change; the second goes through.
        ManifestSink contested = new ManifestSink() {
            @Override
            public List<Manifest> read(List<ResourceRef> refs) {
                return sink.read(refs);
            }

            @Override
            public void write(List<Manifest> manifests) {
                Manifest first = manifests.get(0);
                if (!first.resourceVersion().isEmpty() && !interferedLast.getAndSet(true)) {
                    touched.add(first.ref());
                    annotate(first.ref(), "example.com/touched-" + interferences.incrementAndGet());
                } else {
                    interferedLast.set(false);
                }
                sink.write(manifests);
            }
        };

        StoredRollout end = run(SimulatedService.ofDefaults(), contested);

        assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(interferences.get()).as("one per traffic change and promotion").isGreaterThanOrEqualTo(6);
        assertThat(distinct(readBack)).containsExactly(TrafficSplit.canary(10), TrafficSplit.canary(20),
                TrafficSplit.canary(30), TrafficSplit.canary(40), TrafficSplit.canary(50), TrafficSplit.allStable());
        Set<String> annotations = new HashSet<>();
        for (Manifest route : sink.read(List.copyOf(touched))) {
            route.at("/metadata/annotations").fieldNames().forEachRemaining(annotations::add);
        }
        for (int i = 1; i <= interferences.get(); i++) {
            assertThat(annotations).as("the other writer's annotations").contains("example.com/touched-" + i);
        }
    }

    @Test
    @DisplayName("the API server answering 500 and 429 for the route: the rollout holds, then goes on")
    void apiErrorsHold() {
        ResourceRef route = renderer.resources().get(renderer.resources().size() - 1);
        String path = path(route);
        RolloutEngine engine = start(SimulatedService.ofDefaults(), sink);
        scheduler.advance(INTERVAL.multipliedBy(2).plusSeconds(30));
        TrafficSplit before = java.util.Objects.requireNonNull(inForce.get(), "a split is in force after two intervals");
        assertThat(before.canary()).isPositive();

        cluster.server().expect().put().withPath(path).andReturn(500, "etcd leader changed").times(9);
        cluster.server().expect().get().withPath(path).andReturn(429, "too many requests").times(6);
        scheduler.advance(INTERVAL.multipliedBy(2));

        assertThat(events).filteredOn(RolloutEvent.Failed.class::isInstance).isNotEmpty();
        StoredRollout end = runToEnd(engine);
        assertThat(end.state().phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(distinct(readBack)).containsExactly(TrafficSplit.canary(10),
                TrafficSplit.canary(20), TrafficSplit.canary(30), TrafficSplit.canary(40), TrafficSplit.canary(50),
                TrafficSplit.allStable());
    }

    private StoredRollout run(SimulatedService service, ManifestSink through) {
        return runToEnd(start(service, through));
    }

    private RolloutEngine start(SimulatedService service, ManifestSink through) {
        MeshTrafficRouter router = MeshTrafficRouter.of(renderer, through);
        DeploymentWorkload deployments = DeploymentWorkload.builder(cluster.client(), NAMESPACE, SERVICE)
                .sleeper(d -> { }).build();
        SettledWorkload workload = new SettledWorkload(deployments, () -> cluster.settleDeployments(NAMESPACE));
        RolloutEngine engine = RolloutEngine.builder().clock(scheduler.clock()).scheduler(scheduler)
                .stateStore(ConfigMapStateStore.builder(cluster.client(), NAMESPACE).sleeper(d -> { }).build())
                .listener(this::onEvent).build();
        engine.register(RolloutDefinition.builder(NAMESPACE, SERVICE).strategy(canary()).router(router)
                .workload(workload).metrics(SimulatedMetricSource.of(service, inForce::get)).build());
        return engine;
    }

    /** After every applied traffic change, read the route back from the API server and check it. */
    private void onEvent(RolloutEvent event) {
        events.add(event);
        if (event instanceof RolloutEvent.Applied applied) {
            for (Action action : applied.actions()) {
                if (action instanceof Action.SetTraffic set) {
                    List<Manifest> stored = sink.read(renderer.resources());
                    for (Manifest manifest : stored) {
                        assertThat(validator.problems(manifest)).as("%s on the API server", manifest.ref()).isEmpty();
                    }
                    TrafficSplit held = renderer.parse(stored).orElseThrow();
                    assertThat(held).as("the route on the API server after %s", set).isEqualTo(set.split());
                    readBack.add(held);
                    inForce.set(held);
                }
            }
        }
    }

    private StoredRollout runToEnd(RolloutEngine engine) {
        String id = NAMESPACE + "/" + SERVICE;
        for (int i = 0; i < 3600; i++) {
            StoredRollout rec = engine.status(id).orElse(null);
            if (rec != null && rec.state().phase().isTerminal() && rec.isCommitted()) {
                engine.close();
                return rec;
            }
            scheduler.advance(Duration.ofSeconds(1));
        }
        throw new AssertionError("rollout did not end within an hour of virtual time: " + engine.status(id));
    }

    private void annotate(ResourceRef ref, String key) {
        var resources = ref.isClusterScoped()
                ? cluster.client().genericKubernetesResources(ref.apiVersion(), ref.kind()).withName(ref.name())
                : cluster.client().genericKubernetesResources(ref.apiVersion(), ref.kind()).inNamespace(ref.namespace())
                        .withName(ref.name());
        resources.edit(resource -> {
            if (resource.getMetadata().getAnnotations() == null) {
                resource.getMetadata().setAnnotations(new HashMap<>());
            }
            resource.getMetadata().getAnnotations().put(key, "someone else");
            return resource;
        });
    }

    private String path(ResourceRef ref) {
        String plural = cluster.client().apiextensions().v1().customResourceDefinitions().list().getItems().stream()
                .filter(crd -> crd.getSpec().getGroup().equals(ref.group())
                        && crd.getSpec().getNames().getKind().equals(ref.kind()))
                .findFirst().orElseThrow().getSpec().getNames().getPlural();
        return "/apis/" + ref.apiVersion() + (ref.isClusterScoped() ? "" : "/namespaces/" + ref.namespace())
                + "/" + plural + "/" + ref.name();
    }

    static List<TrafficSplit> distinct(List<TrafficSplit> splits) {
        List<TrafficSplit> out = new ArrayList<>();
        for (TrafficSplit split : splits) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(split)) {
                out.add(split);
            }
        }
        return out;
    }
}
