package dev.stepwise.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.spec.InvalidSpecException;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.strategy.Strategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The README's "Specs" section says what is true: the same spec, the same code, the same errors. */
@DisplayName("README: specs")
class ReadmeSpecTest {

    private static final Path README = Path.of("../README.md");
    private static final Path CANARY_SPEC = Path.of("specs/canary.yaml");

    private static String readme() throws IOException {
        assertThat(README).as("the README, from the examples module").exists();
        return Files.readString(README);
    }

    @Test
    void shows_the_canary_spec_exactly_as_it_is_in_examples_specs() throws IOException {
        String spec = Files.readString(CANARY_SPEC);

        assertThat(readme()).contains("```yaml\n" + spec.substring(spec.indexOf("apiVersion:")) + "```");
    }

    @Test
    void loads_the_canary_spec_as_the_readme_shows() throws IOException {
        RolloutSpec spec = RolloutSpec.read(CANARY_SPEC);
        Strategy strategy = spec.strategy();

        assertThat(strategy).isInstanceOf(CanaryStrategy.class);
        assertThat(strategy.stepsToSuccess()).isEqualTo(9);
        assertThat(readme()).contains("int steps = strategy.stepsToSuccess();        // 9:");
    }

    @Test
    void shows_the_real_message_of_a_spec_with_three_mistakes() throws IOException {
        String yaml = """
                apiVersion: stepwise.dev/v1alpha1
                kind: Rollout
                metadata: {name: podinfo}
                spec:
                  target: {name: podinfo}
                  strategy:
                    canary: {stepWeights: [10, 50, 30]}
                  analysis:
                    threshold: five
                    metrics:
                      - name: request-success-rate
                        thresholdRange: {mim: 99}
                """;

        assertThatThrownBy(() -> RolloutSpec.parseYaml(yaml)).isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(readme()).contains("```\n" + e.getMessage() + "\n```"));
    }
}
