package dev.stepwise.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.testkit.RolloutSimulation;
import dev.stepwise.testkit.SimulatedService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TimelineJson")
class TimelineJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(names::add);
        return names;
    }

    private static JsonNode healthyCanary() throws Exception {
        CanaryStrategy strategy = TimelineTest.canary(1);
        Timeline timeline = RolloutSimulation.run(strategy, SimulatedService.ofDefaults()).timeline("podinfo", strategy);
        return MAPPER.readTree(TimelineJson.write(timeline));
    }

    @Test
    @DisplayName("writes rollout, strategy, result and steps, in that order")
    void topLevelFields() throws Exception {
        JsonNode json = healthyCanary();

        assertThat(fieldNames(json)).containsExactly("rollout", "strategy", "result", "steps");
        assertThat(json.get("rollout").asText()).isEqualTo("podinfo");
        assertThat(json.get("strategy").asText()).isEqualTo("canary");
        assertThat(json.get("result").asText()).isEqualTo("Succeeded");
        assertThat(json.get("steps").size()).isEqualTo(6);
    }

    @Test
    @DisplayName("writes every step's fields in the documented order, weights without a zero baseline")
    void stepFields() throws Exception {
        JsonNode steps = healthyCanary().get("steps");

        for (JsonNode step : steps) {
            assertThat(fieldNames(step)).containsExactly("time", "phase", "weights", "mirror", "verdict", "decision",
                    "reason", "metrics");
            assertThat(fieldNames(step.get("weights"))).containsExactly("stable", "canary");
        }
        List<String> times = new ArrayList<>();
        List<Integer> canary = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        List<String> decisions = new ArrayList<>();
        steps.forEach(s -> {
            times.add(s.get("time").asText());
            canary.add(s.get("weights").get("canary").asInt());
            verdicts.add(s.get("verdict").asText());
            decisions.add(s.get("decision").asText());
        });
        assertThat(times).containsExactly("PT0S", "PT1M", "PT2M", "PT3M", "PT4M", "PT5M");
        assertThat(canary).containsExactly(0, 25, 50, 50, 0, 0);
        assertThat(verdicts).containsExactly("None", "None", "Pass", "Pass", "None", "None");
        assertThat(decisions).containsExactly("start", "advance", "advance", "promote", "finalize", "succeed");
        JsonNode second = steps.get(1);
        assertThat(second.get("phase").asText()).isEqualTo("Progressing");
        assertThat(second.get("weights").get("stable").asInt()).isEqualTo(75);
        assertThat(second.get("mirror").asInt()).isZero();
        assertThat(second.get("reason").asText()).isEqualTo("canary weight 25%");
    }

    @Test
    @DisplayName("writes each analysed metric's observed value by name, and an empty object without analysis")
    void metrics() throws Exception {
        JsonNode steps = healthyCanary().get("steps");

        assertThat(steps.get(0).get("metrics").size()).isZero();
        JsonNode analysed = steps.get(2).get("metrics");
        assertThat(fieldNames(analysed)).containsExactly("request-success-rate", "request-duration");
        assertThat(analysed.get("request-success-rate").asDouble()).isBetween(99.0, 100.0);
        assertThat(analysed.get("request-duration").asDouble()).isBetween(10.0, 500.0);
    }

    @Test
    @DisplayName("writes an exact, stable text: two-space indent, baseline only when above 0, NaN left out")
    void exactText() {
        Timeline timeline = new Timeline("checkout", StrategyKind.CANARY, Phase.ROLLED_BACK, List.of(
                new Timeline.Entry(Duration.ZERO, Phase.PROGRESSING, 80, 10, 10, 0, AnalysisOutcome.NONE, List.of(),
                        Decision.START, "starting revision v2"),
                new Timeline.Entry(Duration.ofSeconds(90), Phase.ROLLED_BACK, 100, 0, 0, 0, AnalysisOutcome.FAIL,
                        List.of(Verdict.fail("request-success-rate", 97.5, "97.5 < min 99.0"),
                                Verdict.noData("request-duration", "no requests"),
                                Verdict.pass("load-test", Double.NaN)),
                        Decision.ROLL_BACK, "analysis \"failed\"")));

        assertThat(TimelineJson.write(timeline)).isEqualTo(String.join("\n",
                "{",
                "  \"rollout\": \"checkout\",",
                "  \"strategy\": \"canary\",",
                "  \"result\": \"RolledBack\",",
                "  \"steps\": [",
                "    {",
                "      \"time\": \"PT0S\",",
                "      \"phase\": \"Progressing\",",
                "      \"weights\": {",
                "        \"stable\": 80,",
                "        \"canary\": 10,",
                "        \"baseline\": 10",
                "      },",
                "      \"mirror\": 0,",
                "      \"verdict\": \"None\",",
                "      \"decision\": \"start\",",
                "      \"reason\": \"starting revision v2\",",
                "      \"metrics\": {}",
                "    },",
                "    {",
                "      \"time\": \"PT1M30S\",",
                "      \"phase\": \"RolledBack\",",
                "      \"weights\": {",
                "        \"stable\": 100,",
                "        \"canary\": 0",
                "      },",
                "      \"mirror\": 0,",
                "      \"verdict\": \"Fail\",",
                "      \"decision\": \"roll back\",",
                "      \"reason\": \"analysis \\\"failed\\\"\",",
                "      \"metrics\": {",
                "        \"request-success-rate\": 97.5",
                "      }",
                "    }",
                "  ]",
                "}",
                ""));
    }

    @Test
    @DisplayName("gives the same text for the same run")
    void deterministic() {
        CanaryStrategy strategy = TimelineTest.canary(1);
        String first = TimelineJson.write(RolloutSimulation.run(strategy, SimulatedService.builder().seed(7).build()).timeline("podinfo", strategy));
        String second = TimelineJson.write(RolloutSimulation.run(strategy, SimulatedService.builder().seed(7).build()).timeline("podinfo", strategy));

        assertThat(first).isEqualTo(second);
    }

    @Test
    @DisplayName("keeps the strategy's own analysis metrics by name in the policy's order")
    void policyOrder() throws Exception {
        CanaryStrategy strategy = CanaryStrategy.builder().stepWeight(50).maxWeight(50)
                .analysis(AnalysisPolicy.builder()
                        .metric(MetricCheck.builtIn(MetricCheck.REQUEST_DURATION, ThresholdRange.atMost(500)))
                        .metric(MetricCheck.builtIn(MetricCheck.REQUEST_SUCCESS_RATE, ThresholdRange.atLeast(99)))
                        .build())
                .build();
        JsonNode json = MAPPER.readTree(TimelineJson.write(RolloutSimulation.run(strategy, SimulatedService.ofDefaults()).timeline("podinfo", strategy)));

        assertThat(fieldNames(json.get("steps").get(2).get("metrics")))
                .containsExactly("request-duration", "request-success-rate");
    }
}
