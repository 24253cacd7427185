package dev.stepwise.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.launch.LaunchContext;
import dev.stepwise.launch.LaunchEnvironment;
import dev.stepwise.spec.RolloutSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
@DisplayName("Launching a Deployment target sets up its tracks from spec.service")
class LaunchBootstrapTest {

    KubernetesClient client;

    static RolloutSpec spec(String provider, boolean withService) {
        return RolloutSpec.parseYaml("""
                apiVersion: stepwise.dev/v1alpha1
                kind: Rollout
                metadata: {name: podinfo, namespace: test}
                spec:
                  target: {name: podinfo}
                  strategy: {canary: {stepWeight: 50}}
                """ + (withService ? "  service: {port: 9898}\n" : "") + "  provider: " + provider + "\n");
    }

    void deployTarget(Map<String, String> podLabels) {
        client.apps().deployments().inNamespace("test").resource(new DeploymentBuilder()
                .withNewMetadata().withName("podinfo").withNamespace("test").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "podinfo").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels(podLabels).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("podinfo:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
    }

    LaunchEnvironment.Builder environment() {
        return LaunchEnvironment.builder().with(KubernetesClient.class, client);
    }

    Map<String, String> selector(String service) {
        return client.services().inNamespace("test").withName(service).get().getSpec().getSelector();
    }

    @Test
    @DisplayName("gateway-api: creates podinfo-primary and the Services, the apex selecting the stable pods as Flagger")
    void createsForServiceMeshes() {
        deployTarget(Map.of("app", "podinfo"));
        new DeploymentWorkloadProvider().workload(LaunchContext.of(spec("gateway-api", true), environment().build()));
        assertThat(client.apps().deployments().inNamespace("test").withName("podinfo-primary").get()).isNotNull();
        assertThat(selector("podinfo")).isEqualTo(Map.of("app", "podinfo-primary"));
        assertThat(selector("podinfo-primary")).isEqualTo(Map.of("app", "podinfo-primary"));
        assertThat(selector("podinfo-canary")).isEqualTo(Map.of("app", "podinfo"));
    }

    @Test
    @DisplayName("istio (subsets): the apex Service selects every track's pods by the label they share")
    void apexOfSubsetMeshes() {
        deployTarget(Map.of("app", "podinfo", "app.kubernetes.io/name", "podinfo"));
        new DeploymentWorkloadProvider().workload(LaunchContext.of(spec("istio", true), environment().build()));
        assertThat(selector("podinfo")).isEqualTo(Map.of("app.kubernetes.io/name", "podinfo"));
        assertThat(selector("podinfo-primary")).isEqualTo(Map.of("app", "podinfo-primary"));
    }

    @Test
    @DisplayName("istio (subsets) without a shared pod label: refused, saying what to add or create")
    void subsetMeshWithoutSharedLabel() {
        deployTarget(Map.of("app", "podinfo"));
        assertThatThrownBy(() -> new DeploymentWorkloadProvider().workload(
                LaunchContext.of(spec("istio", true), environment().build())))
                .isInstanceOf(TrackBootstrapException.class)
                .hasMessageContaining("spec.provider: istio routes to the tracks as subsets of Service podinfo")
                .hasMessageContaining("add one (e.g. app.kubernetes.io/name: podinfo), or create Service podinfo");
        assertThat(client.services().inNamespace("test").list().getItems()).isEmpty();
    }

    @Test
    @DisplayName("with BootstrapMode.REQUIRE in the environment: nothing created, the launch lists what to create")
    void requireMode() {
        deployTarget(Map.of("app", "podinfo"));
        LaunchEnvironment environment = environment().with(BootstrapMode.class, BootstrapMode.REQUIRE).build();
        assertThatThrownBy(() -> new DeploymentWorkloadProvider().workload(
                LaunchContext.of(spec("gateway-api", true), environment)))
                .isInstanceOf(TrackBootstrapException.class)
                .hasMessageContaining("podinfo-primary").hasMessageContaining("podinfo-canary");
        assertThat(client.apps().deployments().inNamespace("test").withName("podinfo-primary").get()).isNull();
    }

    @Test
    @DisplayName("without spec.service there is no port for the Services: nothing is set up")
    void withoutService() {
        deployTarget(Map.of("app", "podinfo"));
        new DeploymentWorkloadProvider().workload(LaunchContext.of(spec("istio", false), environment().build()));
        assertThat(client.services().inNamespace("test").list().getItems()).isEmpty();
        assertThat(client.apps().deployments().inNamespace("test").withName("podinfo-primary").get()).isNull();
    }
}
