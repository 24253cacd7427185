package dev.stepwise.kubernetes;

import dev.stepwise.launch.Delivery;
import dev.stepwise.launch.DeliveryProvider;
import dev.stepwise.launch.LaunchContext;
import dev.stepwise.launch.LaunchEnvironment;
import dev.stepwise.launch.MissingEnvironmentException;
import dev.stepwise.launch.RolloutLauncher;
import dev.stepwise.launch.SecretKeyProvider;
import dev.stepwise.launch.WorkloadProvider;
import dev.stepwise.spec.DeliverySpec;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spec.SecretRef;
import dev.stepwise.strategy.CanaryStrategy;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.ServiceLoader;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@EnableKubernetesMockClient(crud = true)
@DisplayName("The Kubernetes launch providers: delivery cluster, target kind Deployment, secretKeyRef")
class KubernetesLaunchProvidersTest {

    KubernetesClient client;

    static final RolloutSpec SPEC = RolloutSpec.of(RolloutSpec.Metadata.of("podinfo", "test"),
            RolloutSpec.Target.deployment("podinfo"), CanaryStrategy.builder().build());

    LaunchContext context() {
        return LaunchContext.of(SPEC, LaunchEnvironment.builder().with(KubernetesClient.class, client).build());
    }

    @Test
    @DisplayName("are found by ServiceLoader under cluster and Deployment")
    void discovered() {
        assertThat(ServiceLoader.load(DeliveryProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(KubernetesDeliveryProvider.class);
        assertThat(ServiceLoader.load(WorkloadProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(DeploymentWorkloadProvider.class);
        assertThat(ServiceLoader.load(SecretKeyProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(KubernetesSecretKeyProvider.class);
        assertThat(RolloutLauncher.ofInstalled().deliveries()).contains("cluster");
        assertThat(RolloutLauncher.ofInstalled().workloads()).contains("Deployment");
    }

    @Test
    @DisplayName("delivery cluster writes through the API server and keeps state in a ConfigMap of the rollout's namespace")
    void clusterDelivery() {
        Delivery delivery = new KubernetesDeliveryProvider().delivery(DeliverySpec.cluster(), context());
        assertThat(delivery.sink()).isInstanceOf(KubernetesManifestSink.class);
        assertThat(delivery.store()).isInstanceOf(ConfigMapStateStore.class);
        assertThat(delivery.store().toString()).contains("test");
    }

    @Test
    @DisplayName("target kind Deployment is the target's Deployments, named as Flagger names them")
    void deployments() {
        assertThat(new DeploymentWorkloadProvider().workload(context()).toString())
                .contains("podinfo-primary").contains("test");
    }

    @Test
    @DisplayName("without a Kubernetes client, says to pass one")
    void noClient() {
        LaunchContext bare = LaunchContext.of(SPEC, LaunchEnvironment.ofDefaults());
        assertThatThrownBy(() -> new KubernetesDeliveryProvider().delivery(DeliverySpec.cluster(), bare))
                .isInstanceOf(MissingEnvironmentException.class)
                .hasMessage("delivery: cluster needs a io.fabric8.kubernetes.client.KubernetesClient: pass"
                        + " LaunchEnvironment.builder().with(KubernetesClient.class, ...)");
    }

    @Test
    @DisplayName("a secretKeyRef is read from the Secret in the rollout's namespace")
    void secretKey() {
        client.secrets().inNamespace("test").resource(new SecretBuilder().withNewMetadata().withName("prometheus")
                .endMetadata().addToData("token", Base64.getEncoder().encodeToString(
                        "t0k3n".getBytes(StandardCharsets.UTF_8))).build()).create();
        assertThat(context().secret(new SecretRef.SecretKey("prometheus", "token"), "spec.metricsServer.bearerToken"))
                .isEqualTo("t0k3n");
        assertThat(new KubernetesSecretKeyProvider().read(new SecretRef.SecretKey("prometheus", "other"), context()))
                .isEmpty();
        assertThat(new KubernetesSecretKeyProvider().read(new SecretRef.SecretKey("missing", "token"), context()))
                .isEmpty();
    }
}
