package dev.stepwise.mesh.gatewayapi;

import dev.stepwise.launch.LaunchContext;
import dev.stepwise.launch.LaunchEnvironment;
import dev.stepwise.launch.MeshProvider;
import dev.stepwise.launch.RolloutLauncher;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.spec.ProviderSpec;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spec.ServiceSpec;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.traffic.TrafficSplit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("GatewayApiMeshProvider: provider: gateway-api from a spec")
class GatewayApiMeshProviderTest {

    @Test
    @DisplayName("is found by ServiceLoader and builds an HTTPRoute on the spec's Gateway and hosts")
    void buildsFromSpec() {
        assertThat(ServiceLoader.load(MeshProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(GatewayApiMeshProvider.class);
        assertThat(RolloutLauncher.ofInstalled().meshes()).contains("gateway-api");
        ServiceSpec service = new ServiceSpec("podinfo", 9898, new ServiceSpec.TargetPort.Number(9898), "http",
                List.of("podinfo.example.com"), List.of(), ServiceSpec.DEFAULT_MESH,
                List.of(new ServiceSpec.ParentRef("public", "gateways", "")), ServiceSpec.flaggerServices("podinfo"));
        RolloutSpec spec = RolloutSpec.of(RolloutSpec.Metadata.of("podinfo", "test"),
                RolloutSpec.Target.deployment("podinfo"), CanaryStrategy.builder().build())
                .withService(service).withProvider(ProviderSpec.of("gateway-api"));

        MeshRenderer renderer = new GatewayApiMeshProvider().renderer(spec.provider().orElseThrow(),
                LaunchContext.of(spec, LaunchEnvironment.builder().variables(Map.of()).build()));

        Manifest route = renderer.render(TrafficSplit.canary(10), List.of()).get(0);
        assertThat(route.at("/spec/parentRefs/0/name").asText()).isEqualTo("public");
        assertThat(route.at("/spec/parentRefs/0/namespace").asText()).isEqualTo("gateways");
        assertThat(route.at("/spec/hostnames/0").asText()).isEqualTo("podinfo.example.com");
    }
}
