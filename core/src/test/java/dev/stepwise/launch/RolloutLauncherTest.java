package dev.stepwise.launch;

import dev.stepwise.engine.InMemoryStateStore;
import dev.stepwise.input.InputLimits;
import dev.stepwise.mesh.MeshTrafficRouter;
import dev.stepwise.spec.DeliverySpec;
import dev.stepwise.spec.InvalidSpecException;
import dev.stepwise.spec.MetricsServerSpec;
import dev.stepwise.spec.ProviderSpec;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spec.SecretRef;
import dev.stepwise.spec.ServiceSpec;
import dev.stepwise.spec.custom.DoublingCanary;
import dev.stepwise.spi.MetricResult;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.traffic.Track;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("RolloutLauncher: from a spec and an environment to a rollout definition")
class RolloutLauncherTest {

    static final Path CANARY = Path.of("..", "examples", "specs", "canary.yaml");
    static final RolloutLauncher LAUNCHER = RolloutLauncher.ofInstalled();

    static LaunchEnvironment.Builder environment() {
        return LaunchEnvironment.builder().with(RecordingProviders.Cluster.class, new RecordingProviders.Cluster("test"))
                .variables(Map.of());
    }

    static RolloutSpec canary() throws IOException {
        return RolloutSpec.read(CANARY);
    }

    @Nested
    @DisplayName("discovery")
    class Discovery {

        @Test
        @DisplayName("finds the providers registered with ServiceLoader, by the names they serve")
        void findsInstalledProviders() {
            assertThat(LAUNCHER.meshes()).containsExactly("istio", "kuma");
            assertThat(LAUNCHER.deliveries()).containsExactly("cluster");
            assertThat(LAUNCHER.workloads()).containsExactly("Deployment");
            assertThat(LAUNCHER.metricsProviders()).containsExactly("prometheus");
        }

        @Test
        @DisplayName("reads a spec's custom strategy from the providers of its own class loader, and launches it")
        void customStrategyFromTheSameLoader() throws IOException {
            String yaml = Files.readString(CANARY).replaceAll("(?s)  strategy:\n(    .*?\n)+",
                    "  strategy:\n    custom: {type: doubling-canary, maxWeight: 8}\n");
            RolloutSpec spec = RolloutSpec.parseYaml(yaml, "custom.yaml", InputLimits.ofDefaults(), LAUNCHER.strategies())
                    .withService(ServiceSpec.of("podinfo", 9898)).withProvider(ProviderSpec.of("istio"));

            Launch launch = LAUNCHER.launch(spec, environment().build());

            assertThat(LAUNCHER.strategies().types()).containsExactly("doubling-canary");
            assertThat(launch.definition().strategy()).isEqualTo(new DoublingCanary(8, spec.analysis()));
        }

        @Test
        @DisplayName("an unknown provider is a problem at spec.provider listing the installed ones and the artifact")
        void unknownProvider() throws IOException {
            RolloutSpec spec = canary().withService(ServiceSpec.of("podinfo", 9898)).withProvider(ProviderSpec.of("gateway-api"));
            assertThatThrownBy(() -> LAUNCHER.launch(spec, environment().build()))
                    .isInstanceOf(InvalidSpecException.class)
                    .hasMessageContaining("spec.provider: provider 'gateway-api' is not installed; installed: istio, kuma;"
                            + " add dev.stepwise:stepwise-mesh-gateway-api");
        }

        @Test
        @DisplayName("every name not installed is reported at once, each at its path")
        void everyMissingNameAtOnce() throws IOException {
            RolloutSpec spec = canary().withService(ServiceSpec.of("podinfo", 9898)).withProvider(ProviderSpec.of("kuma-v3"))
                    .withDelivery(DeliverySpec.Git.of("https://example.com/fleet.git"));
            assertThatThrownBy(() -> LAUNCHER.launch(spec, environment().build()))
                    .isInstanceOf(InvalidSpecException.class)
                    .hasMessageContaining("spec.provider: provider 'kuma-v3' is not installed; installed: istio, kuma;"
                            + " add dev.stepwise:stepwise-mesh-kuma")
                    .hasMessageContaining("spec.delivery: delivery 'git' is not installed; installed: cluster;"
                            + " add dev.stepwise:stepwise-git-jgit");
        }

        @Test
        @DisplayName("a spec without a provider is refused at spec.provider, naming the installed meshes")
        void noProvider() throws IOException {
            RolloutSpec full = canary();
            RolloutSpec spec = new RolloutSpec(full.apiVersion(), full.kind(), full.metadata(), full.target(),
                    full.strategy(), full.analysis(), full.service(), java.util.Optional.empty(), full.metricsServer(),
                    full.delivery());
            assertThatThrownBy(() -> LAUNCHER.launch(spec, environment().build()))
                    .isInstanceOf(InvalidSpecException.class)
                    .hasMessageContaining("spec.provider: is required to run a rollout")
                    .hasMessageContaining("installed: istio, kuma");
        }

        @Test
        @DisplayName("metric checks without a metrics server are refused at spec.metricsServer")
        void metricChecksWithoutServer() throws IOException {
            RolloutSpec full = canary();
            RolloutSpec spec = new RolloutSpec(full.apiVersion(), full.kind(), full.metadata(), full.target(),
                    full.strategy(), full.analysis(), full.service(), full.provider(), java.util.Optional.empty(),
                    full.delivery());
            assertThatThrownBy(() -> LAUNCHER.launch(spec, environment().build()))
                    .isInstanceOf(InvalidSpecException.class)
                    .hasMessageContaining("spec.metricsServer: is required: the analysis checks metrics"
                            + " [request-success-rate, request-duration]");
        }
    }

    @Test
    @DisplayName("judges without a metrics server are refused at spec.metricsServer: they count requests per track")
    void judgesWithoutServer() {
        RolloutSpec spec = RolloutSpec.parseYaml("""
                apiVersion: stepwise.dev/v1alpha1
                kind: Rollout
                metadata: {name: podinfo, namespace: test}
                spec:
                  target: {name: podinfo}
                  strategy: {canary: {stepWeight: 10, maxWeight: 50}}
                  service: {port: 9898}
                  provider: istio
                  analysis:
                    judges: [{type: sequential}]
                """);
        assertThat(spec.analysis().judges()).hasSize(1);
        assertThatThrownBy(() -> LAUNCHER.launch(spec, environment().build()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("spec.metricsServer: is required: the analysis has 1 judge(s)");
    }

    @Nested
    @DisplayName("the environment")
    class Environment {

        @Test
        @DisplayName("a provider missing a service says exactly what to pass")
        void missingService() throws IOException {
            RolloutSpec spec = canary();
            assertThatThrownBy(() -> LAUNCHER.launch(spec, LaunchEnvironment.builder().build()))
                    .isInstanceOf(MissingEnvironmentException.class)
                    .hasMessage("delivery: cluster needs a " + RecordingProviders.Cluster.class.getName()
                            + ": pass LaunchEnvironment.builder().with(Cluster.class, ...)");
        }

        @Test
        @DisplayName("toString names the service types and never a variable's value")
        void toStringHidesValues() {
            LaunchEnvironment env = environment().variables(Map.of("PROM_TOKEN", "s3cr3t")).build();
            assertThat(env.toString()).contains("Cluster").contains("1 variables").doesNotContain("s3cr3t")
                    .doesNotContain("test");
        }

        @Test
        @DisplayName("an env reference that is not set names the variable and the spec path")
        void unsetVariable() throws IOException {
            RolloutSpec spec = canary().withMetricsServer(MetricsServerSpec.of(URI.create("http://prometheus:9090"))
                    .withCredentials(new MetricsServerSpec.Credentials.BearerToken(new SecretRef.EnvVar("PROM_TOKEN"))));
            assertThatThrownBy(() -> LAUNCHER.launch(spec, environment().build()))
                    .isInstanceOf(MissingEnvironmentException.class)
                    .hasMessage("spec.metricsServer.bearerToken: environment variable PROM_TOKEN is not set in the"
                            + " process running the rollout");
        }

        @Test
        @DisplayName("a metric source in the environment replaces the spec's metrics server")
        void metricsOverride() throws IOException {
            MetricSource own = query -> MetricResult.of(1);
            Launch launch = LAUNCHER.launch(canary(), environment().metrics(own).build());
            assertThat(launch.definition().metrics()).isSameAs(own);
        }
    }

    @Nested
    @DisplayName("every section of the spec reaches its adapter")
    class Sections {

        @Test
        @DisplayName("metadata, target, service, provider, metricsServer, delivery and strategy")
        void everySection() throws IOException {
            Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
            RolloutSpec spec = canary().withMetricsServer(MetricsServerSpec.of(URI.create("http://prometheus:9090"))
                    .withCredentials(new MetricsServerSpec.Credentials.BearerToken(new SecretRef.EnvVar("PROM_TOKEN"))));
            Launch launch = LAUNCHER.launch(spec, environment().clock(clock).variables(Map.of("PROM_TOKEN", "t0k3n"))
                    .build());

            assertThat(launch.id()).isEqualTo("test/podinfo");
            assertThat(launch.definition().strategy()).isSameAs(spec.strategy());
            MeshTrafficRouter router = (MeshTrafficRouter) launch.definition().router();
            RecordingProviders.RecordedRenderer renderer = (RecordingProviders.RecordedRenderer) router.renderer();
            assertThat(renderer.provider()).isEqualTo(spec.provider().orElseThrow());
            assertThat(renderer.target().namespace()).isEqualTo("test");
            assertThat(renderer.target().service()).isEqualTo("podinfo");
            assertThat(renderer.target().port()).isEqualTo(9898);
            assertThat(renderer.target().serviceOf(Track.STABLE)).isEqualTo("podinfo-primary");
            assertThat(launch.definition().workload())
                    .isEqualTo(new RecordingProviders.RecordedWorkload("Deployment", "test", "podinfo"));
            assertThat(launch.definition().metrics()).isEqualTo(new RecordingProviders.RecordedMetrics(
                    spec.metricsServer().orElseThrow(), java.util.Optional.of("t0k3n")));
            assertThat(launch.store()).isInstanceOf(InMemoryStateStore.class);
        }

        @Test
        @DisplayName("a secretKeyRef is read by the installed SecretKeyProvider")
        void secretKey() throws IOException {
            RolloutSpec spec = canary().withMetricsServer(MetricsServerSpec.of(URI.create("http://prometheus:9090"))
                    .withCredentials(new MetricsServerSpec.Credentials.BearerToken(
                            new SecretRef.SecretKey("prometheus", "token"))));
            Launch launch = LAUNCHER.launch(spec, environment().with(RecordingProviders.Secrets.class,
                    new RecordingProviders.Secrets(Map.of("prometheus/token", "from-secret"))).build());
            assertThat(((RecordingProviders.RecordedMetrics) launch.definition().metrics()).credential())
                    .contains("from-secret");
        }

        @Test
        @DisplayName("a missing Secret key names the Secret and how to create it")
        void missingSecretKey() throws IOException {
            RolloutSpec spec = canary().withMetricsServer(MetricsServerSpec.of(URI.create("http://prometheus:9090"))
                    .withCredentials(new MetricsServerSpec.Credentials.BearerToken(
                            new SecretRef.SecretKey("prometheus", "token"))));
            LaunchEnvironment env = environment().with(RecordingProviders.Secrets.class,
                    new RecordingProviders.Secrets(Map.of())).build();
            assertThatThrownBy(() -> LAUNCHER.launch(spec, env))
                    .isInstanceOf(MissingEnvironmentException.class)
                    .hasMessageContaining("spec.metricsServer.bearerToken: Secret test/prometheus has no key token")
                    .hasMessageContaining("kubectl -n test create secret generic prometheus");
        }

        @Test
        @DisplayName("a spec without a namespace runs in the environment's default namespace")
        void defaultNamespace() throws IOException {
            RolloutSpec full = canary();
            RolloutSpec spec = new RolloutSpec(full.apiVersion(), full.kind(), RolloutSpec.Metadata.of("podinfo"),
                    full.target(), full.strategy(), full.analysis(), full.service(), full.provider(),
                    full.metricsServer(), full.delivery());
            Launch launch = LAUNCHER.launch(spec, environment().defaultNamespace("shop").build());
            assertThat(launch.id()).isEqualTo("shop/podinfo");
            assertThat(((RecordingProviders.RecordedWorkload) launch.definition().workload()).namespace())
                    .isEqualTo("shop");
        }
    }
}
