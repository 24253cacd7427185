package dev.stepwise.operator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.validation.InvalidValueException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The controller's settings")
class ControllerSettingsTest {

    static final Map<String, String> POD = Map.of("POD_NAMESPACE", "stepwise-system", "HOSTNAME", "stepwise-7d9f-abcde");

    static ControllerSettings parse(Map<String, String> env, String... args) {
        return ControllerSettings.parse(List.of(args), env, () -> "the-host");
    }

    @Test
    @DisplayName("in a pod, with no arguments: every namespace, the Lease in the pod's namespace, the pod's name, port 9090")
    void podDefaults() {
        assertThat(parse(POD)).isEqualTo(new ControllerSettings(Set.of(), "stepwise-system", "stepwise-controller",
                "stepwise-7d9f-abcde", 9090));
    }

    @Test
    @DisplayName("arguments (--name value or --name=value) win over the environment, which wins over the defaults")
    void argumentsThenEnvironment() {
        Map<String, String> env = Map.of("POD_NAMESPACE", "stepwise-system", "POD_NAME", "pod-a", "HOSTNAME", "host-a",
                "STEPWISE_NAMESPACES", "team-a, team-b", "STEPWISE_METRICS_PORT", "9100", "STEPWISE_LEASE_NAME", "from-env");

        assertThat(parse(env)).isEqualTo(new ControllerSettings(Set.of("team-a", "team-b"), "stepwise-system", "from-env", "pod-a", 9100));
        assertThat(parse(env, "--namespaces=prod", "--lease-namespace", "ops", "--lease-name=stepwise", "--identity", "me",
                "--metrics-port", "8080")).isEqualTo(new ControllerSettings(Set.of("prod"), "ops", "stepwise", "me", 8080));
    }

    @Test
    @DisplayName("the identity falls back to the host's name when neither --identity, POD_NAME nor HOSTNAME is set")
    void identityFromHost() {
        assertThat(parse(Map.of("STEPWISE_LEASE_NAMESPACE", "ops")).identity()).isEqualTo("the-host");
    }

    @Test
    @DisplayName("each refusal names the option and what is allowed")
    void refusals() {
        assertThatThrownBy(() -> parse(Map.of())).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("--lease-namespace").hasMessageContaining("POD_NAMESPACE");
        assertThatThrownBy(() -> parse(POD, "--metrics-port", "70000")).hasMessageContaining("--metrics-port")
                .hasMessageContaining("65535");
        assertThatThrownBy(() -> parse(Map.of("POD_NAMESPACE", "x", "STEPWISE_METRICS_PORT", "http")))
                .hasMessageContaining("--metrics-port").hasMessageContaining("STEPWISE_METRICS_PORT");
        assertThatThrownBy(() -> parse(POD, "--namespace", "prod")).hasMessageContaining("--namespace")
                .hasMessageContaining("must be one of --namespaces, --lease-namespace");
        assertThatThrownBy(() -> parse(POD, "--identity")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> parse(POD, "--identity=a", "--identity=b")).hasMessageContaining("must be given once");
    }
}
