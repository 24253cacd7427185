package dev.stepwise.spec;

import static dev.stepwise.spec.RolloutSpecValidationTest.problems;
import static dev.stepwise.spec.SpecTexts.withSpec;
import static dev.stepwise.spec.SpecTexts.withStrategy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.strategy.CanaryStep;
import dev.stepwise.strategy.StepListStrategy;
import dev.stepwise.strategy.StrategyKind;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("spec.strategy.canary.steps")
class CanaryStepsSpecTest {

    static String steps(String steps) {
        return withStrategy("canary:\n  steps:\n" + SpecTexts.indent(steps, 4));
    }

    static Arguments invalid(String name, String yaml, String... expected) {
        return Arguments.of(name, yaml, List.of(expected));
    }

    @Test
    @DisplayName("reads every step kind into a step list canary, and writes it back to an equal spec")
    void readsEveryKind() throws Exception {
        RolloutSpec spec = ExampleSpecsTest.example("canary-steps.yaml");

        assertThat(spec.strategy()).isInstanceOf(StepListStrategy.class);
        assertThat(spec.strategy().kind()).isEqualTo(StrategyKind.CANARY);
        List<CanaryStep> steps = ((StepListStrategy) spec.strategy()).steps();
        assertThat(steps).hasSize(14);
        assertThat(steps.get(0)).isEqualTo(CanaryStep.SetCanaryScale.toWeight(20));
        assertThat(steps.get(3)).isEqualTo(CanaryStep.Pause.of(Duration.ofMinutes(2)));
        assertThat(steps.get(4)).isEqualTo(CanaryStep.SetMirrorRoute.remove("shadow"));
        assertThat(steps.get(11)).isEqualTo(CanaryStep.Pause.untilPromoted());
        assertThat(steps.get(12)).isEqualTo(CanaryStep.SetHeaderRoute.remove("testers"));
        assertThat(RolloutSpec.parseYaml(spec.toYaml())).isEqualTo(spec);
        assertThat(RolloutSpec.parseYaml(spec.toYaml()).toYaml()).isEqualTo(spec.toYaml());
    }

    @Test
    @DisplayName("reads a bare number as a pause's seconds, as Argo does")
    void pauseSeconds() {
        RolloutSpec spec = RolloutSpec.parseYaml(steps("- setWeight: 10\n- pause: {duration: 90}\n"));

        assertThat(((StepListStrategy) spec.strategy()).steps().get(1)).isEqualTo(CanaryStep.Pause.of(Duration.ofSeconds(90)));
        assertThat(spec.toYaml()).contains("duration: 1m30s");
    }

    static Stream<Arguments> invalidSteps() {
        String p = "spec.strategy.canary.";
        return Stream.of(
                invalid("steps with stepWeight and maxWeight", withStrategy("canary: {stepWeight: 10, maxWeight: 50, steps: [{setWeight: 10}]}"),
                        p + "stepWeight: set either steps or stepWeight, not both: the steps say every weight, route and mirror;"
                                + " drop stepWeight",
                        p + "maxWeight: set either steps or maxWeight, not both: the steps say every weight, route and mirror;"
                                + " drop maxWeight"),
                invalid("an empty list", steps("[]"), p + "steps: must hold at least one step"),
                invalid("a weight above 100", steps("- setWeight: 10\n- setWeight: 20\n- setWeight: 150\n"),
                        p + "steps[2].setWeight: 150 must be between 0 and 100"),
                invalid("a weight going down", steps("- setWeight: 50\n- setWeight: 20\n"),
                        p + "steps[1].setWeight: 20 must not be below the weight before it, 50 (steps[0]): weights never"
                                + " decrease; abort or a failed analysis returns traffic to stable"),
                invalid("two keys in one step", steps("- {setWeight: 10, pause: {}}\n"),
                        p + "steps[0]: setWeight and pause are both set; declare exactly one of setWeight, pause, analysis,"
                                + " setHeaderRoute, setMirrorRoute, setCanaryScale in a step"),
                invalid("a step with no known key", steps("- setWieght: 10\n"),
                        p + "steps[0].setWieght: unknown field; known fields: setWeight, pause, analysis, setHeaderRoute,"
                                + " setMirrorRoute, setCanaryScale; did you mean setWeight?"),
                invalid("an Argo experiment", steps("- experiment: {}\n"),
                        p + "steps[0].experiment: unknown field; known fields: setWeight, pause, analysis, setHeaderRoute,"
                                + " setMirrorRoute, setCanaryScale; Stepwise runs no experiments; an analysis step judges the canary itself"),
                invalid("a pause too short and one too long", steps("- pause: {duration: 0s}\n- pause: {duration: 200h}\n"),
                        p + "steps[0].pause.duration: 0s must be between 1s and 168h",
                        p + "steps[1].pause.duration: 200h must be between 1s and 168h"),
                invalid("a pause with an unknown field", steps("- pause: {until: promoted}\n"),
                        p + "steps[0].pause.until: unknown field; known fields: duration"),
                invalid("an analysis step without metrics, and with bad iterations",
                        steps("- analysis: {iterations: 0}\n"),
                        p + "steps[0].analysis.metrics: is required: the checks this step judges, as in spec.analysis.metrics"),
                invalid("an analysis step with a zero iterations",
                        steps("- analysis: {iterations: 0, metrics: [{name: request-duration, thresholdRange: {max: 500}}]}\n"),
                        p + "steps[0].analysis.iterations: 0 must be between 1 and 1000"),
                invalid("an analysis step naming a check of spec.analysis",
                        withSpec("strategy: {canary: {steps: [{analysis: {metrics: [{name: request-success-rate,"
                                + " thresholdRange: {min: 90}}]}}]}}\nanalysis: {metrics: [{name: request-success-rate,"
                                + " thresholdRange: {min: 99}}]}"),
                        p + "steps[0].analysis.metrics[0].name: \"request-success-rate\" is one of the rollout's own checks"
                                + " (analysis), judged at every step already; give the step's check another name"),
                invalid("a custom step check without a query",
                        steps("- analysis: {metrics: [{name: lag, thresholdRange: {max: 5}}]}\n"),
                        p + "steps[0].analysis.metrics[0].query: is required for a custom metric (built-ins are"
                                + " request-success-rate and request-duration)"),
                invalid("a header route without a name, and a match without its value",
                        steps("- setHeaderRoute: {match: [{headerName: x-beta}]}\n"),
                        p + "steps[0].setHeaderRoute.name: is required",
                        p + "steps[0].setHeaderRoute.match[0].headerValue: is required"),
                invalid("a header match with two operators",
                        steps("- setHeaderRoute: {name: b, match: [{headerName: x-beta, headerValue: {exact: a, prefix: b}}]}\n"),
                        p + "steps[0].setHeaderRoute.match[0].headerValue: exact and prefix are both set; set exactly one of"
                                + " exact, prefix, regex"),
                invalid("removing a header route never set", steps("- setHeaderRoute: {name: beta}\n"),
                        p + "steps[0].setHeaderRoute.name: \"beta\" names no header route set before it"),
                invalid("a mirror with a match", steps("- setMirrorRoute: {name: m, percentage: 10, match: []}\n"),
                        p + "steps[0].setMirrorRoute.match: unknown field; known fields: name, percentage; Stepwise mirrors a"
                                + " percentage of all the requests stable serves, not matched ones; drop match"),
                invalid("a mirror above 100%", steps("- setMirrorRoute: {name: m, percentage: 101}\n"),
                        p + "steps[0].setMirrorRoute.percentage: 101 must be between 1 and 100"),
                invalid("a second mirror", steps("- setMirrorRoute: {name: a, percentage: 10}\n- setMirrorRoute: {name: b, percentage: 10}\n"),
                        p + "steps[1].setMirrorRoute.name: \"b\": mirror \"a\" (steps[0]) is in force and one mirror runs at a"
                                + " time; remove it first"),
                invalid("a canary scale in replicas", steps("- setCanaryScale: {replicas: 3}\n"),
                        p + "steps[0].setCanaryScale.replicas: unknown field; known fields: weight, matchTrafficWeight;"
                                + " Stepwise scales a track by percent of the target's replicas; write weight (a percent)"),
                invalid("a canary scale with both", steps("- setCanaryScale: {weight: 10, matchTrafficWeight: true}\n"),
                        p + "steps[0].setCanaryScale: set either weight or matchTrafficWeight: true"),
                invalid("a canary scale of 0", steps("- setCanaryScale: {weight: 0}\n"),
                        p + "steps[0].setCanaryScale.weight: 0 must be between 1 and 100"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSteps")
    @DisplayName("is rejected with exactly these problems")
    void rejected(String name, String yaml, List<String> expected) {
        assertThat(problems(yaml)).containsExactlyElementsOf(expected);
    }
}
