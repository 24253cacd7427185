package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("stepwise render of a canary step list with a header route and a mirror")
class RenderCanaryStepsTest {

    static final Path STEPS = CliRun.SPECS.resolve("canary-steps.yaml");

    @Test
    @DisplayName("is refused by a mesh that cannot match headers or mirror, naming each step that needs it")
    void refusedByKumaLegacy() {
        CliRun run = CliRun.of("render", STEPS, "--mesh", "kuma-legacy", "--canary-weight", 0);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("cannot run on kuma-legacy: router cannot match requests by header or cookie, but"
                + " the canary step list routes requests matching header x-canary exact \"tester\" to the canary"
                + " (steps[1].setHeaderRoute)");
        assertThat(run.err()).contains("cannot run on kuma-legacy: router cannot mirror traffic, but the canary step list"
                + " mirrors 25% of stable traffic to the canary (steps[2].setMirrorRoute)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"istio", "kuma", "kuma-v3", "gateway-api"})
    @DisplayName("is rendered by every mesh that can route it, with the header route")
    void renderedByTheOthers(String mesh) {
        CliRun run = CliRun.of("render", STEPS, "--mesh", mesh, "--canary-weight", 10, "--match-header", "x-canary=tester");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("x-canary").contains("tester");
    }
}
