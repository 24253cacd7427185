package dev.stepwise.kubernetes;

import dev.stepwise.kubernetes.internal.SpecBootstrap;
import dev.stepwise.launch.LaunchContext;
import dev.stepwise.launch.WorkloadProvider;
import dev.stepwise.spi.Workload;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * {@code target.kind: Deployment}: a {@link DeploymentWorkload} of the target's Deployments, named
 * as Flagger names them, with its defaults. Needs the environment's {@link KubernetesClient}.
 * Registered for {@link java.util.ServiceLoader}.
 *
 * <p>With a {@code spec.service}, the tracks are set up first with {@link TrackBootstrap}, as
 * Flagger does: the {@code -primary} (and baseline) Deployment and the apex and track Services are
 * created when missing and checked when present. The environment's {@link BootstrapMode}
 * ({@code LaunchEnvironment.builder().with(BootstrapMode.class, BootstrapMode.REQUIRE)}) turns the
 * creation off: then the launch fails listing what to create. For a mesh that routes to subsets of
 * the apex Service (Istio, Kuma's subsets and TrafficRoute), a missing apex is created selecting
 * every track's pods (the target's pod labels besides its selector label and {@code version}).
 * Without {@code spec.service} nothing is set up (there is no port for the Services).
 */
public final class DeploymentWorkloadProvider implements WorkloadProvider {

    @Override
    public String kind() {
        return "Deployment";
    }

    /**
     * {@inheritDoc}
     *
     * @throws TrackBootstrapException when the tracks cannot be set up (what to create or change)
     */
    @Override
    public Workload workload(LaunchContext context) {
        KubernetesClient client = context.environment().require(KubernetesClient.class, "target.kind: Deployment");
        SpecBootstrap.ensure(client, context);
        return DeploymentWorkload.builder(client, context.namespace(), context.spec().target().name()).build();
    }

    @Override
    public String toString() {
        return "DeploymentWorkloadProvider[Deployment]";
    }
}
