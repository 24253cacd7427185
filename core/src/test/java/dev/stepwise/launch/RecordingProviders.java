package dev.stepwise.launch;

import dev.stepwise.engine.InMemoryStateStore;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ManifestSink;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.mesh.RouteTarget;
import dev.stepwise.spec.DeliverySpec;
import dev.stepwise.spec.MetricsServerSpec;
import dev.stepwise.spec.ProviderSpec;
import dev.stepwise.spec.SecretRef;
import dev.stepwise.spi.MetricQuery;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.spi.RouterCapabilities;
import dev.stepwise.spi.Workload;
import dev.stepwise.traffic.Track;
import dev.stepwise.traffic.TrafficSplit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Test-scope providers registered in {@code src/test/resources/META-INF/services}: each builds an
 * adapter that only records the spec section and context it was built from, so a test can see
 * every section reach its adapter. Installed: meshes istio and kuma, delivery cluster, target kind
 * Deployment, metrics prometheus, secret keys from a {@link Secrets} service.
 */
public final class RecordingProviders {

    private RecordingProviders() {
    }

    /** The "cluster" a {@link Delivery} of these providers needs in the environment. */
    record Cluster(String name) {
    }

    /** Secret values by {@code name/key}, read by {@link SecretKeys}. */
    record Secrets(Map<String, String> values) {
    }

    record RecordedRenderer(ProviderSpec provider, RouteTarget target) implements MeshRenderer {
        @Override
        public List<ResourceRef> resources() {
            return List.of();
        }

        @Override
        public List<Manifest> render(TrafficSplit split, List<Manifest> existing) {
            return List.of();
        }

        @Override
        public Optional<TrafficSplit> parse(List<Manifest> resources) {
            return Optional.empty();
        }

        @Override
        public RouterCapabilities capabilities() {
            return RouterCapabilities.all();
        }
    }

    record RecordedSink(DeliverySpec delivery, Cluster cluster) implements ManifestSink {
        @Override
        public List<Manifest> read(List<ResourceRef> refs) {
            return List.of();
        }

        @Override
        public void write(List<Manifest> manifests) {
        }
    }

    record RecordedWorkload(String kind, String namespace, String name) implements Workload {
        @Override
        public String canaryRevision() {
            return "v2";
        }

        @Override
        public void scale(Track track, int percent) {
        }

        @Override
        public Set<Track> readyTracks() {
            return Set.of(Track.values());
        }

        @Override
        public void promote(String revision) {
        }
    }

    record RecordedMetrics(MetricsServerSpec server, Optional<String> credential) implements MetricSource {
        @Override
        public MetricResult query(MetricQuery query) {
            return MetricResult.of(100);
        }
    }

    public static final class Meshes implements MeshProvider {
        @Override
        public List<String> names() {
            return List.of("istio", "kuma");
        }

        @Override
        public MeshRenderer renderer(ProviderSpec provider, LaunchContext context) {
            return new RecordedRenderer(provider, context.routeTarget());
        }
    }

    public static final class ClusterDelivery implements DeliveryProvider {
        @Override
        public String kind() {
            return "cluster";
        }

        @Override
        public Delivery delivery(DeliverySpec delivery, LaunchContext context) {
            Cluster cluster = context.environment().require(Cluster.class, "delivery: cluster");
            return Delivery.of(new RecordedSink(delivery, cluster), new InMemoryStateStore());
        }
    }

    public static final class Deployments implements WorkloadProvider {
        @Override
        public String kind() {
            return "Deployment";
        }

        @Override
        public Workload workload(LaunchContext context) {
            return new RecordedWorkload(kind(), context.namespace(), context.spec().target().name());
        }
    }

    public static final class Prometheus implements MetricsProvider {
        @Override
        public String name() {
            return RolloutLauncher.PROMETHEUS;
        }

        @Override
        public MetricSource metrics(MetricsServerSpec server, LaunchContext context) {
            Optional<String> credential = server.credentials() instanceof MetricsServerSpec.Credentials.BearerToken t
                    ? Optional.of(context.secret(t.token(), "spec.metricsServer.bearerToken")) : Optional.empty();
            return new RecordedMetrics(server, credential);
        }
    }

    public static final class SecretKeys implements SecretKeyProvider {
        @Override
        public Optional<String> read(SecretRef.SecretKey key, LaunchContext context) {
            Secrets secrets = context.environment().require(Secrets.class, "secretKeyRef");
            return Optional.ofNullable(secrets.values().get(key.name() + "/" + key.key()));
        }
    }
}
