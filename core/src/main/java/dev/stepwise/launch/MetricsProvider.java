package dev.stepwise.launch;

import dev.stepwise.spec.MetricsServerSpec;
import dev.stepwise.spi.MetricSource;

/**
 * Builds the metric source of {@code spec.metricsServer}, a Prometheus-compatible API. Found with
 * {@link java.util.ServiceLoader}; registered in
 * {@code META-INF/services/dev.stepwise.launch.MetricsProvider}.
 */
public interface MetricsProvider {

    /** The provider's name; the launcher asks for {@value RolloutLauncher#PROMETHEUS}, the only kind a spec declares. */
    String name();

    /**
     * The source querying {@code server}; credentials are resolved with
     * {@link LaunchContext#secret} and must never be logged.
     */
    MetricSource metrics(MetricsServerSpec server, LaunchContext context);
}
