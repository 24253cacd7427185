package dev.stepwise.metrics.prometheus;

import dev.stepwise.launch.LaunchContext;
import dev.stepwise.launch.MetricsProvider;
import dev.stepwise.launch.RolloutLauncher;
import dev.stepwise.spec.MetricsServerSpec;
import dev.stepwise.spec.ProviderSpec;
import dev.stepwise.spi.MetricSource;

/**
 * {@code spec.metricsServer}: a {@link PrometheusMetricSource} on the server's address and timeout,
 * authenticated with the credentials it references (read when the rollout is launched, never
 * logged: {@link PrometheusConfig}'s {@code toString} leaves them out), timed by the environment's
 * clock. The built-in checks are the queries of the spec's mesh: {@link BuiltInQueries#ISTIO} for
 * {@code istio}, {@link BuiltInQueries#KUMA} for the Kuma providers, {@link BuiltInQueries#GENERIC}
 * (application metrics) otherwise. Registered for {@link java.util.ServiceLoader}.
 */
public final class PrometheusMetricsProvider implements MetricsProvider {

    @Override
    public String name() {
        return RolloutLauncher.PROMETHEUS;
    }

    @Override
    public MetricSource metrics(MetricsServerSpec server, LaunchContext context) {
        PrometheusConfig.Builder config = PrometheusConfig.builder().baseUrl(server.address()).timeout(server.timeout());
        MetricsServerSpec.Credentials credentials = server.credentials();
        if (credentials instanceof MetricsServerSpec.Credentials.BearerToken token) {
            config.bearerToken(context.secret(token.token(), "spec.metricsServer.bearerToken"));
        } else if (credentials instanceof MetricsServerSpec.Credentials.BasicAuth basic) {
            config.basicAuth(basic.username(), context.secret(basic.password(), "spec.metricsServer.basicAuth.password"));
        }
        return PrometheusMetricSource.builder(config.build()).queries(queries(context))
                .clock(context.environment().clock()).build();
    }

    static BuiltInQueries queries(LaunchContext context) {
        return context.spec().provider().map(p -> p instanceof ProviderSpec.Istio ? BuiltInQueries.ISTIO
                : p instanceof ProviderSpec.Kuma ? BuiltInQueries.KUMA : BuiltInQueries.GENERIC)
                .orElse(BuiltInQueries.GENERIC);
    }

    @Override
    public String toString() {
        return "PrometheusMetricsProvider[prometheus]";
    }
}
