package dev.stepwise.metrics.prometheus;

import dev.stepwise.launch.LaunchContext;
import dev.stepwise.launch.LaunchEnvironment;
import dev.stepwise.launch.MetricsProvider;
import dev.stepwise.launch.MissingEnvironmentException;
import dev.stepwise.launch.RolloutLauncher;
import dev.stepwise.spec.MetricsServerSpec;
import dev.stepwise.spec.ProviderSpec;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spec.SecretRef;
import dev.stepwise.spec.ServiceSpec;
import dev.stepwise.spi.MetricSource;
import dev.stepwise.strategy.CanaryStrategy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("PrometheusMetricsProvider: spec.metricsServer to a PrometheusMetricSource")
class PrometheusMetricsProviderTest {

    static final MetricsServerSpec SERVER = MetricsServerSpec.of(URI.create("http://prometheus.monitoring:9090"))
            .withCredentials(new MetricsServerSpec.Credentials.BearerToken(new SecretRef.EnvVar("PROM_TOKEN")));

    static RolloutSpec spec(String provider) {
        return RolloutSpec.of(RolloutSpec.Metadata.of("podinfo", "test"), RolloutSpec.Target.deployment("podinfo"),
                CanaryStrategy.builder().build()).withService(ServiceSpec.of("podinfo", 9898))
                .withProvider(ProviderSpec.of(provider)).withMetricsServer(SERVER);
    }

    @Test
    @DisplayName("is found by ServiceLoader as prometheus")
    void discovered() {
        assertThat(ServiceLoader.load(MetricsProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(PrometheusMetricsProvider.class);
        assertThat(RolloutLauncher.ofInstalled().metricsProviders()).containsExactly("prometheus");
    }

    @Test
    @DisplayName("builds a source on the server's address with the mesh's queries, the token never shown")
    void buildsFromSpec() {
        LaunchContext context = LaunchContext.of(spec("istio"),
                LaunchEnvironment.builder().variables(Map.of("PROM_TOKEN", "s3cr3t-t0k3n")).build());
        MetricSource source = new PrometheusMetricsProvider().metrics(SERVER, context);

        assertThat(source).isInstanceOf(PrometheusMetricSource.class);
        assertThat(source.toString()).contains("prometheus.monitoring:9090").contains("ISTIO")
                .doesNotContain("s3cr3t-t0k3n");
    }

    @Test
    @DisplayName("the built-in queries follow the spec's provider")
    void queriesByProvider() {
        LaunchEnvironment env = LaunchEnvironment.builder().variables(Map.of()).build();
        assertThat(PrometheusMetricsProvider.queries(LaunchContext.of(spec("istio"), env))).isEqualTo(BuiltInQueries.ISTIO);
        assertThat(PrometheusMetricsProvider.queries(LaunchContext.of(spec("kuma-v3"), env))).isEqualTo(BuiltInQueries.KUMA);
        assertThat(PrometheusMetricsProvider.queries(LaunchContext.of(spec("gateway-api"), env)))
                .isEqualTo(BuiltInQueries.GENERIC);
    }

    @Test
    @DisplayName("a token variable that is not set is refused at its spec path")
    void unsetToken() {
        LaunchContext context = LaunchContext.of(spec("istio"), LaunchEnvironment.builder().variables(Map.of()).build());
        assertThatThrownBy(() -> new PrometheusMetricsProvider().metrics(SERVER, context))
                .isInstanceOf(MissingEnvironmentException.class)
                .hasMessageContaining("spec.metricsServer.bearerToken: environment variable PROM_TOKEN is not set");
    }
}
