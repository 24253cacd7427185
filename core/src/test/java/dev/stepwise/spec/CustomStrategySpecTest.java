package dev.stepwise.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.input.InputLimits;
import dev.stepwise.spec.custom.DoublingCanary;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.validation.Problem;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A user's own strategy declared in a spec: {@link DoublingCanary}, registered in this module's
 * test resources (META-INF/services/dev.stepwise.spec.StrategyProvider).
 */
@DisplayName("A custom strategy in a spec")
class CustomStrategySpecTest {

    static List<String> problems(String yaml) {
        InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> RolloutSpec.parseYaml(yaml));
        assertThat(e).as("spec should be rejected:\n%s", yaml).isNotNull();
        return e.problems().stream().map(Problem::toString).collect(Collectors.toList());
    }

    @Test
    @DisplayName("is built by the installed provider its type names, from its own fields and the spec's analysis")
    void readsACustomStrategy() {
        RolloutSpec spec = RolloutSpec.parseYaml(SpecTexts.withSpec(
                "strategy: {custom: {type: doubling-canary, maxWeight: 16}}\nanalysis: {interval: 30s}\n"));

        assertThat(spec.strategy()).isEqualTo(new DoublingCanary(16,
                AnalysisPolicy.builder().interval(Duration.ofSeconds(30)).build()));
        assertThat(spec.strategy().kind()).isEqualTo(StrategyKind.CUSTOM);
    }

    @Test
    @DisplayName("takes the provider's defaults for fields left out")
    void defaults() {
        RolloutSpec spec = RolloutSpec.parseYaml(SpecTexts.withStrategy("custom: {type: doubling-canary}"));

        assertThat(((DoublingCanary) spec.strategy()).maxWeight()).isEqualTo(32);
    }

    @Test
    @DisplayName("reports the provider's field problems at their spec paths, together with every other problem")
    void fieldProblemsWithPaths() {
        assertThat(problems(SpecTexts.withSpec("strategy: {custom: {type: doubling-canary, maxWeight: 150,"
                + " maxweigth: 2}}\nanalysis: {threshold: 0}\n")))
                .containsExactly(
                        "spec.strategy.custom.maxWeight: expected a whole number between 1 and 100, got integer 150",
                        "spec.strategy.custom.maxweigth: unknown field; known fields: type, maxWeight; did you mean"
                                + " maxWeight?",
                        "spec.analysis.threshold: 0 must be between 1 and 1000");
        assertThat(problems(SpecTexts.withStrategy("custom: {type: doubling-canary, maxWeight: 12}")))
                .containsExactly("spec.strategy.custom.maxWeight: 12 is not a power of 2; the weights double"
                        + " (1, 2, 4, ...) up to it");
    }

    @Test
    @DisplayName("with a type nobody installed lists the installed types and says how to install one")
    void unknownType() {
        assertThat(problems(SpecTexts.withStrategy("custom: {type: tripling-canary, maxWeight: 27}")))
                .containsExactly("spec.strategy.custom.type: custom strategy \"tripling-canary\" is not installed;"
                        + " installed: doubling-canary; put the jar that registers it (in"
                        + " META-INF/services/dev.stepwise.spec.StrategyProvider) on the class path");
    }

    @Test
    @DisplayName("is looked up in the providers the reader is given: none on an empty class loader")
    void explicitProviders() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            InvalidSpecException e = catchThrowableOfType(InvalidSpecException.class, () -> RolloutSpec.parseYaml(
                    SpecTexts.withStrategy("custom: {type: doubling-canary}"), "<yaml>", InputLimits.ofDefaults(),
                    StrategyProviders.of(empty)));

            assertThat(e.problems()).extracting(Problem::toString).containsExactly("spec.strategy.custom.type: custom"
                    + " strategy \"doubling-canary\" is not installed; installed: none; put the jar that registers it"
                    + " (in META-INF/services/dev.stepwise.spec.StrategyProvider) on the class path");
        }
    }

    @Test
    @DisplayName("needs a type, and is one strategy: never next to a built-in")
    void typeRequiredAndExclusive() {
        assertThat(problems(SpecTexts.withStrategy("custom: {maxWeight: 16}")))
                .containsExactly("spec.strategy.custom.type: is required");
        assertThat(problems(SpecTexts.withStrategy("custom: {type: doubling-canary}\ncanary: {}")))
                .containsExactly("spec.strategy: canary and custom are both set; declare exactly one of canary,"
                        + " blueGreen, rolling, abTest, custom");
    }

    @Test
    @DisplayName("is written back with its type and fields, and read back equal")
    void roundTrip() {
        RolloutSpec spec = RolloutSpec.parseYaml(SpecTexts.withStrategy("custom: {type: doubling-canary, maxWeight: 8}"));

        String yaml = spec.toYaml();

        assertThat(yaml).contains("  strategy:\n    custom:\n      type: doubling-canary\n      maxWeight: 8\n");
        assertThat(RolloutSpec.parseYaml(yaml)).isEqualTo(spec);
        assertThat(RolloutSpec.parseJson(spec.toJson())).isEqualTo(spec).hasSameHashCodeAs(spec);
        assertThat(RolloutSpec.parseYaml(SpecTexts.withStrategy("custom: {type: doubling-canary, maxWeight: 4}")))
                .isNotEqualTo(spec);
    }
}
