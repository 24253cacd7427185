package dev.stepwise.tck.kubernetes;

import dev.stepwise.kubernetes.KubernetesManifestSink;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spi.TrafficRouter;
import dev.stepwise.tck.TrafficRouterCompatibilityKit;
import dev.stepwise.tck.crd.CrdSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;

/**
 * The {@link TrafficRouterCompatibilityKit} for a mesh renderer writing through
 * {@link KubernetesManifestSink} to fabric8's mock API server with the mesh's real CRDs. One server
 * per test class (starting one takes seconds); each test routes a service of its own, so its route
 * does not exist yet. A mesh module extends it with one small class.
 */
public abstract class KubernetesTrafficRouterCompatibilityKit extends TrafficRouterCompatibilityKit {

    private static final Map<Class<?>, MockCluster> CLUSTERS = new ConcurrentHashMap<>();
    private static final AtomicInteger SERVICES = new AtomicInteger();

    /** The renderer under test for {@code target}. */
    protected abstract MeshRenderer createRenderer(RouteTarget target);

    /** The CRDs of the kinds it writes, as paths under the root of {@link #crdSource()}. */
    protected abstract List<String> crdFiles();

    /** Where {@link #crdFiles()} are read from; default {@link CrdSource#lookup()}. */
    protected CrdSource crdSource() {
        return CrdSource.lookup();
    }

    @Override
    protected TrafficRouter createRouter() {
        MockCluster cluster = CLUSTERS.computeIfAbsent(getClass(),
                type -> MockCluster.start(crdSource(), crdFiles().toArray(String[]::new)));
        RouteTarget target = RouteTarget.builder("test", "svc-" + SERVICES.incrementAndGet()).port(8080).build();
        return MeshTrafficRouter.of(createRenderer(target),
                KubernetesManifestSink.builder(cluster.client()).sleeper(d -> { }).build());
    }

    @AfterAll
    static void stopClusters() {
        CLUSTERS.values().forEach(MockCluster::close);
        CLUSTERS.clear();
    }
}
