package dev.stepwise.mesh.istio;

import dev.stepwise.launch.LaunchContext;
import dev.stepwise.launch.LaunchEnvironment;
import dev.stepwise.launch.MeshProvider;
import dev.stepwise.launch.RolloutLauncher;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.traffic.TrafficSplit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("IstioMeshProvider: provider: istio from a spec")
class IstioMeshProviderTest {

    @Test
    @DisplayName("is found by ServiceLoader and serves the name istio")
    void discovered() {
        assertThat(ServiceLoader.load(MeshProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(IstioMeshProvider.class);
        assertThat(RolloutLauncher.ofInstalled().meshes()).contains("istio");
    }

    @Test
    @DisplayName("builds the renderer with the spec's namespace, Service, port, hosts and gateways")
    void buildsFromSpec() throws IOException {
        RolloutSpec spec = RolloutSpec.read(Path.of("..", "examples", "specs", "canary.yaml"));
        MeshRenderer renderer = new IstioMeshProvider().renderer(spec.provider().orElseThrow(),
                LaunchContext.of(spec, LaunchEnvironment.ofDefaults()));

        assertThat(renderer).isInstanceOf(IstioMeshRenderer.class);
        assertThat(renderer.target().namespace()).isEqualTo("test");
        assertThat(renderer.target().port()).isEqualTo(9898);
        List<Manifest> route = renderer.render(TrafficSplit.canary(10), List.of());
        Manifest virtualService = route.stream().filter(m -> m.ref().kind().equals("VirtualService")).findFirst()
                .orElseThrow();
        assertThat(virtualService.at("/spec/hosts/0").asText()).isEqualTo("podinfo.test");
        assertThat(virtualService.at("/spec/gateways/0").asText()).isEqualTo("mesh");
    }
}
