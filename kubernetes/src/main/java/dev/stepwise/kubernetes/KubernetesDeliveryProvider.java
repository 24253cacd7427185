package dev.stepwise.kubernetes;

import dev.stepwise.launch.Delivery;
import dev.stepwise.launch.DeliveryProvider;
import dev.stepwise.launch.LaunchContext;
import dev.stepwise.spec.DeliverySpec;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * {@code delivery: cluster}: route changes applied to the API server with a
 * {@link KubernetesManifestSink}, the rollout's state kept in a {@link ConfigMapStateStore} in the
 * environment's {@link StateNamespace}, else in the rollout's namespace. Needs the environment's {@link KubernetesClient}
 * ({@code LaunchEnvironment.builder().with(KubernetesClient.class, client)}). Registered for
 * {@link java.util.ServiceLoader}.
 */
public final class KubernetesDeliveryProvider implements DeliveryProvider {

    @Override
    public String kind() {
        return "cluster";
    }

    @Override
    public Delivery delivery(DeliverySpec delivery, LaunchContext context) {
        KubernetesClient client = context.environment().require(KubernetesClient.class, "delivery: cluster");
        String stateNamespace = context.environment().service(StateNamespace.class).map(StateNamespace::name)
                .orElse(context.namespace());
        return Delivery.of(KubernetesManifestSink.of(client), ConfigMapStateStore.of(client, stateNamespace));
    }

    @Override
    public String toString() {
        return "KubernetesDeliveryProvider[cluster]";
    }
}
