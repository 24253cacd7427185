package dev.stepwise.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.NoDataPolicy;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.rollout.HookType;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.strategy.ABTestStrategy;
import dev.stepwise.strategy.BlueGreenStrategy;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.strategy.RollingStrategy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.MatchCondition.Operator;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.validation.InvalidConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("A rollout spec written back")
class RolloutSpecRoundTripTest {

    static final AnalysisPolicy ANALYSIS = AnalysisPolicy.builder()
            .interval(Duration.ofMillis(90_500))
            .threshold(3)
            .noData(NoDataPolicy.failImmediately())
            .metric(new MetricCheck(MetricCheck.REQUEST_SUCCESS_RATE, "", ThresholdRange.atLeast(99.95), Duration.ofMinutes(5)))
            .metric(MetricCheck.custom("p99", "histogram_quantile(0.99, sum(rate(x_bucket{a=\"b\"}[{{ interval }}])) by (le))",
                    ThresholdRange.between(-1, 1e6)))
            // values YAML would read as numbers, booleans or null unless quoted, and other awkward text
            .webhook(new Webhook("load-test", HookType.ROLLOUT, URI.create("http://loadtester.test:8080/?q=1&r=2"),
                    Duration.ofSeconds(15), Map.of("count", "5", "enabled", "true", "empty", "", "nothing", "null",
                    "colon", "a: b", "hash", "#x", "multiline", "line 1\nline 2", "quote", "it's \"so\"")))
            .webhook(Webhook.of("approve", HookType.CONFIRM_PROMOTION, "https://gate.example.com/approve"))
            .build();

    static Stream<Arguments> specs() {
        return Stream.of(
                Arguments.of("an even canary", CanaryStrategy.builder().stepWeight(20).maxWeight(50).analysis(ANALYSIS).build()),
                Arguments.of("an uneven canary with mirror and baseline", CanaryStrategy.builder()
                        .stepWeights(1, 5, 25, 50).baseline(true).mirror(true).mirrorWeight(30).stepWeightPromotion(10)
                        .analysis(ANALYSIS).build()),
                Arguments.of("the default canary", CanaryStrategy.ofDefaults()),
                Arguments.of("a blue/green", BlueGreenStrategy.builder().iterations(7).mirror(true).mirrorWeight(40)
                        .postPromotionIterations(2).scaleDownDelay(Duration.ofMillis(1500)).analysis(ANALYSIS).build()),
                Arguments.of("a blue/green promoted by hand", BlueGreenStrategy.builder().autoPromotion(false)
                        .analysis(ANALYSIS).build()),
                Arguments.of("a rolling update", RollingStrategy.builder().batches(List.of(10, 30, 100)).maxSurge(50)
                        .maxUnavailable(10).analysis(ANALYSIS).build()),
                Arguments.of("an A/B test", ABTestStrategy.builder().iterations(4).matches(List.of(
                        // a cookie before a header: written grouped, read back in another order, still equal
                        RouteMatch.toCanary(MatchCondition.cookie("beta", Operator.EXACT, "yes"),
                                MatchCondition.header("x-canary", Operator.REGEX, "^(insider|staff)$")),
                        RouteMatch.toCanary(MatchCondition.header("x.odd name", Operator.PREFIX, "~"))))
                        .analysis(ANALYSIS).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    @DisplayName("as YAML parses to an equal spec")
    void yamlRoundTrip(String name, Strategy strategy) {
        RolloutSpec spec = RolloutSpec.of(RolloutSpec.Metadata.of("podinfo", "test"), RolloutSpec.Target.deployment("podinfo"), strategy);

        RolloutSpec again = RolloutSpec.parseYaml(spec.toYaml());

        assertThat(again).isEqualTo(spec);
        assertThat(again.hashCode()).isEqualTo(spec.hashCode());
        assertThat(again.toYaml()).isEqualTo(spec.toYaml());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    @DisplayName("as JSON parses to an equal spec")
    void jsonRoundTrip(String name, Strategy strategy) {
        RolloutSpec spec = RolloutSpec.of(RolloutSpec.Metadata.of("podinfo"), RolloutSpec.Target.deployment("agent"), strategy);

        assertThat(RolloutSpec.parseJson(spec.toJson())).isEqualTo(spec);
    }

    @Test
    @DisplayName("is every setting, written as people write it")
    void writesEverySetting() {
        RolloutSpec spec = RolloutSpec.of(RolloutSpec.Metadata.of("podinfo", "test"), RolloutSpec.Target.deployment("podinfo"),
                CanaryStrategy.builder().stepWeight(20).maxWeight(50).analysis(AnalysisPolicy.builder()
                        .metric(MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.atMost(500)))
                        .webhook(Webhook.of("load-test", HookType.ROLLOUT, "http://loadtester.test/")).build()).build());

        assertThat(spec.toYaml()).isEqualTo(""
                + "apiVersion: stepwise.dev/v1alpha1\n"
                + "kind: Rollout\n"
                + "metadata:\n"
                + "  name: podinfo\n"
                + "  namespace: test\n"
                + "spec:\n"
                + "  target:\n"
                + "    kind: Deployment\n"
                + "    name: podinfo\n"
                + "  strategy:\n"
                + "    canary:\n"
                + "      stepWeight: 20\n"
                + "      maxWeight: 50\n"
                + "      stepWeightPromotion: 0\n"
                + "      mirror: false\n"
                + "      mirrorWeight: 100\n"
                + "      baseline: false\n"
                + "  analysis:\n"
                + "    interval: 1m\n"
                + "    threshold: 1\n"
                + "    noData:\n"
                + "      holdIntervals: 2\n"
                + "    metrics:\n"
                + "      - name: request-duration\n"
                + "        thresholdRange:\n"
                + "          max: 500\n"
                + "    webhooks:\n"
                + "      - name: load-test\n"
                + "        type: rollout\n"
                + "        url: http://loadtester.test/\n"
                + "        timeout: 10s\n"
                + "  delivery:\n"
                + "    cluster: {}\n");
    }

    @Test
    @DisplayName("writes rolling percentages as N% strings, which Kubernetes users cannot mistake for pod counts")
    void writesPercentages() {
        RolloutSpec spec = RolloutSpec.of(RolloutSpec.Metadata.of("worker"), RolloutSpec.Target.deployment("worker"),
                RollingStrategy.builder().batches(List.of(50, 100)).maxSurge(25).maxUnavailable(0).build());

        assertThat(spec.toYaml()).contains("    rolling:\n      batches:\n        - 50\n        - 100\n"
                + "      maxSurge: 25%\n      maxUnavailable: 0%\n");
    }

    @Test
    @DisplayName("is refused for a strategy a spec cannot declare")
    void customStrategy() {
        RolloutSpec spec = RolloutSpec.of(RolloutSpec.Metadata.of("podinfo"), RolloutSpec.Target.deployment("podinfo"), new Custom());

        assertThatThrownBy(spec::toYaml).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot be written as a spec: no installed StrategyProvider writes it");
        assertThat(spec).isEqualTo(spec);
    }

    @Test
    @DisplayName("compares strategies by what they declare: different canaries are different specs")
    void differentStrategiesDiffer() {
        RolloutSpec tens = RolloutSpec.of(RolloutSpec.Metadata.of("podinfo"), RolloutSpec.Target.deployment("podinfo"),
                CanaryStrategy.builder().stepWeight(10).maxWeight(50).build());
        RolloutSpec sameWeights = RolloutSpec.of(RolloutSpec.Metadata.of("podinfo"), RolloutSpec.Target.deployment("podinfo"),
                CanaryStrategy.builder().stepWeights(10, 20, 30, 40, 50).build());
        RolloutSpec twenties = RolloutSpec.of(RolloutSpec.Metadata.of("podinfo"), RolloutSpec.Target.deployment("podinfo"),
                CanaryStrategy.builder().stepWeight(20).maxWeight(50).build());

        assertThat(tens).isEqualTo(sameWeights).isNotEqualTo(twenties);
    }

    @Test
    @DisplayName("cannot hold an analysis other than its strategy's")
    void analysisIsTheStrategys() {
        assertThatThrownBy(() -> new RolloutSpec(RolloutSpec.API_VERSION, RolloutSpec.KIND, RolloutSpec.Metadata.of("podinfo"),
                RolloutSpec.Target.deployment("podinfo"), CanaryStrategy.ofDefaults(), ANALYSIS))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("analysis: must be the strategy's analysis policy");
    }

    /** A user's own strategy: valid in Java, not declarable in a spec. */
    static final class Custom implements Strategy {
        @Override
        public StrategyKind kind() {
            return StrategyKind.CUSTOM;
        }

        @Override
        public AnalysisPolicy analysis() {
            return AnalysisPolicy.ofDefaults();
        }

        @Override
        public Transition step(RolloutState state, Observation observation) {
            throw new IllegalStateException("this test strategy is only written to a spec, never stepped");
        }

        @Override
        public int stepsToSuccess() {
            return 1;
        }
    }
}
