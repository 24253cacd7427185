package dev.stepwise.kubernetes;

import dev.stepwise.launch.LaunchContext;
import dev.stepwise.launch.WorkloadProvider;
import dev.stepwise.spi.Workload;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * {@code target.kind: Deployment}: a {@link DeploymentWorkload} of the target's Deployments, named
 * as Flagger names them, with its defaults. Needs the environment's {@link KubernetesClient}.
 * Registered for {@link java.util.ServiceLoader}.
 */
public final class DeploymentWorkloadProvider implements WorkloadProvider {

    @Override
    public String kind() {
        return "Deployment";
    }

    @Override
    public Workload workload(LaunchContext context) {
        KubernetesClient client = context.environment().require(KubernetesClient.class, "target.kind: Deployment");
        return DeploymentWorkload.builder(client, context.namespace(), context.spec().target().name()).build();
    }

    @Override
    public String toString() {
        return "DeploymentWorkloadProvider[Deployment]";
    }
}
