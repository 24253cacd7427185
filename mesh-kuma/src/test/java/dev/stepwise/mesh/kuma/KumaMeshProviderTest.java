package dev.stepwise.mesh.kuma;

import dev.stepwise.launch.LaunchContext;
import dev.stepwise.launch.LaunchEnvironment;
import dev.stepwise.launch.MeshProvider;
import dev.stepwise.launch.RolloutLauncher;
import dev.stepwise.mesh.MeshRenderer;
import dev.stepwise.mesh.ResourceRef;
import dev.stepwise.spec.ProviderSpec;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spec.ServiceSpec;
import dev.stepwise.strategy.CanaryStrategy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("KumaMeshProvider: provider: kuma, kuma-v3 and kuma-legacy from a spec")
class KumaMeshProviderTest {

    @ParameterizedTest(name = "{0} renders a {1}")
    @CsvSource({"kuma, MeshHTTPRoute", "kuma-v3, MeshHTTPRoute", "kuma-legacy, TrafficRoute"})
    @DisplayName("each name is found by ServiceLoader and builds the renderer of its API")
    void eachName(String name, String kind) {
        assertThat(ServiceLoader.load(MeshProvider.class).stream().map(ServiceLoader.Provider::type))
                .contains(KumaMeshProvider.class);
        assertThat(RolloutLauncher.ofInstalled().meshes()).contains(name);
        RolloutSpec spec = RolloutSpec.of(RolloutSpec.Metadata.of("podinfo", "test"),
                RolloutSpec.Target.deployment("podinfo"), CanaryStrategy.builder().build())
                .withService(ServiceSpec.of("podinfo", 9898)).withProvider(ProviderSpec.of(name));

        MeshRenderer renderer = new KumaMeshProvider().renderer(spec.provider().orElseThrow(),
                LaunchContext.of(spec, LaunchEnvironment.ofDefaults()));

        assertThat(renderer).isInstanceOf(KumaMeshRenderer.class);
        assertThat(renderer.resources()).extracting(ResourceRef::kind).containsExactly(kind);
        assertThat(renderer.target().port()).isEqualTo(9898);
    }
}
