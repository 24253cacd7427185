package dev.stepwise.spec;

import static dev.stepwise.spec.SpecTexts.withAnalysis;
import static dev.stepwise.spec.SpecTexts.withStrategy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.NoDataPolicy;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.rollout.HookType;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.strategy.RollingStrategy;
import dev.stepwise.strategy.StrategyKind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("A valid rollout spec")
class RolloutSpecParsingTest {

    static final String CANARY_YAML = ""
            + "apiVersion: stepwise.dev/v1alpha1\n"
            + "kind: Rollout\n"
            + "metadata: {name: podinfo, namespace: test}\n"
            + "spec:\n"
            + "  target: {kind: Deployment, name: podinfo}\n"
            + "  strategy:\n"
            + "    canary: {stepWeights: [5, 10, 20, 50], stepWeightPromotion: 25, mirror: true, mirrorWeight: 50}\n"
            + "  analysis:\n"
            + "    interval: 1m30s\n"
            + "    threshold: 5\n"
            + "    noData: {holdIntervals: 1}\n"
            + "    metrics:\n"
            + "      - {name: request-success-rate, thresholdRange: {min: 99}, interval: 1m}\n"
            + "      - name: latency-custom\n"
            + "        query: 'histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[1m])) by (le))'\n"
            + "        thresholdRange: {max: 500}\n"
            + "    webhooks:\n"
            + "      - name: load-test\n"
            + "        type: rollout\n"
            + "        url: http://flagger-loadtester.test/\n"
            + "        timeout: 15s\n"
            + "        metadata: {cmd: \"hey -z 1m http://podinfo-canary.test:9898/\"}\n";

    static final String CANARY_JSON = "{\n"
            + "  \"apiVersion\": \"stepwise.dev/v1alpha1\",\n"
            + "  \"kind\": \"Rollout\",\n"
            + "  \"metadata\": {\"name\": \"podinfo\", \"namespace\": \"test\"},\n"
            + "  \"spec\": {\n"
            + "    \"target\": {\"kind\": \"Deployment\", \"name\": \"podinfo\"},\n"
            + "    \"strategy\": {\"canary\": {\"stepWeights\": [5, 10, 20, 50], \"stepWeightPromotion\": 25,"
            + " \"mirror\": true, \"mirrorWeight\": 50}},\n"
            + "    \"analysis\": {\n"
            + "      \"interval\": \"PT1M30S\",\n"
            + "      \"threshold\": 5,\n"
            + "      \"noData\": {\"holdIntervals\": 1},\n"
            + "      \"metrics\": [\n"
            + "        {\"name\": \"request-success-rate\", \"thresholdRange\": {\"min\": 99.0}, \"interval\": \"60s\"},\n"
            + "        {\"name\": \"latency-custom\", \"query\": \"histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[1m])) by (le))\","
            + " \"thresholdRange\": {\"max\": 500}}\n"
            + "      ],\n"
            + "      \"webhooks\": [{\"name\": \"load-test\", \"type\": \"rollout\", \"url\": \"http://flagger-loadtester.test/\","
            + " \"timeout\": \"15000ms\", \"metadata\": {\"cmd\": \"hey -z 1m http://podinfo-canary.test:9898/\"}}]\n"
            + "    }\n"
            + "  }\n"
            + "}\n";

    @Test
    @DisplayName("gives the declared strategy with every value, and the analysis it is judged by")
    void givesEveryValue() {
        RolloutSpec spec = RolloutSpec.parseYaml(CANARY_YAML);

        assertThat(spec.apiVersion()).isEqualTo(RolloutSpec.API_VERSION);
        assertThat(spec.kind()).isEqualTo(RolloutSpec.KIND);
        assertThat(spec.metadata()).isEqualTo(new RolloutSpec.Metadata("podinfo", "test"));
        assertThat(spec.target()).isEqualTo(new RolloutSpec.Target("Deployment", "podinfo"));
        CanaryStrategy canary = (CanaryStrategy) spec.strategy();
        assertThat(canary.weights()).containsExactly(5, 10, 20, 50);
        assertThat(canary.stepWeightPromotion()).isEqualTo(25);
        assertThat(canary.mirror()).isTrue();
        assertThat(canary.mirrorWeight()).isEqualTo(50);
        assertThat(spec.analysis()).isEqualTo(AnalysisPolicy.builder()
                .interval(Duration.ofSeconds(90))
                .threshold(5)
                .noData(new NoDataPolicy(1))
                .metric(new MetricCheck("request-success-rate", "", ThresholdRange.atLeast(99), Duration.ofMinutes(1)))
                .metric(MetricCheck.custom("latency-custom",
                        "histogram_quantile(0.99, sum(rate(http_request_duration_seconds_bucket[1m])) by (le))",
                        ThresholdRange.atMost(500)))
                .webhook(new Webhook("load-test", HookType.ROLLOUT, URI.create("http://flagger-loadtester.test/"),
                        Duration.ofSeconds(15), Map.of("cmd", "hey -z 1m http://podinfo-canary.test:9898/")))
                .build());
        assertThat(canary.analysis()).isEqualTo(spec.analysis());
    }

    @Test
    @DisplayName("written as JSON parses equal to the same spec written as YAML")
    void jsonEqualsYaml() {
        RolloutSpec yaml = RolloutSpec.parseYaml(CANARY_YAML);
        RolloutSpec json = RolloutSpec.parseJson(CANARY_JSON);

        assertThat(json).isEqualTo(yaml);
        assertThat(json.hashCode()).isEqualTo(yaml.hashCode());
    }

    @Test
    @DisplayName("needs only a name, a target and a declared strategy; everything else has its documented default")
    void minimalSpec() {
        RolloutSpec spec = RolloutSpec.parseYaml(SpecTexts.HEADER.replace(", namespace: test", "")
                + "spec:\n  target: {name: podinfo}\n  strategy: {canary: {}}\n");

        assertThat(spec.metadata().namespace()).isEmpty();
        assertThat(spec.target().kind()).isEqualTo("Deployment");
        assertThat(spec.strategy().kind()).isEqualTo(StrategyKind.CANARY);
        assertThat(((CanaryStrategy) spec.strategy()).weights()).containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
        assertThat(spec.analysis()).isEqualTo(AnalysisPolicy.ofDefaults());
    }

    @Test
    @DisplayName("gives a webhook without type or timeout Flagger's defaults: a rollout check, 10 seconds")
    void webhookDefaults() {
        Webhook hook = RolloutSpec.parseYaml(withAnalysis("webhooks: [{name: smoke, url: 'https://smoke.test/run'}]"))
                .analysis().webhooks().get(0);

        assertThat(hook.type()).isEqualTo(HookType.ROLLOUT);
        assertThat(hook.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(hook.metadata()).isEmpty();
    }

    @ParameterizedTest(name = "interval {0} is {1}")
    @CsvSource({"30s, PT30S", "1m, PT1M", "1m30s, PT1M30S", "2h, PT2H", "500ms, PT0.5S", "1.5h, PT1H30M", "PT1M, PT1M",
            "pt90s, PT1M30S"})
    @DisplayName("accepts Go and ISO-8601 durations")
    void acceptsDurations(String text, Duration expected) {
        assertThat(RolloutSpec.parseYaml(withAnalysis("interval: " + text)).analysis().interval()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "maxSurge {0}, maxUnavailable {1}")
    @CsvSource({"25%, 0", "25%, 0%", "'\"25%\"', '\"0%\"'"})
    @DisplayName("reads maxSurge and maxUnavailable written as N% strings, and a bare 0")
    void readsPercentages(String maxSurge, String maxUnavailable) {
        RollingStrategy rolling = (RollingStrategy) RolloutSpec.parseYaml(withStrategy(
                "rolling: {batches: [25%, 50, \"100%\"], maxSurge: " + maxSurge + ", maxUnavailable: " + maxUnavailable + "}"))
                .strategy();

        assertThat(rolling.batches()).containsExactly(25, 50, 100);
        assertThat(rolling.maxSurge()).isEqualTo(25);
        assertThat(rolling.maxUnavailable()).isZero();
    }

    @Nested
    @DisplayName("read from a file")
    class ReadFromAFile {

        @TempDir
        Path dir;

        @Test
        @DisplayName("is YAML or JSON by its extension, in any case")
        void byExtension() throws IOException {
            RolloutSpec expected = RolloutSpec.parseYaml(CANARY_YAML);

            assertThat(RolloutSpec.read(Files.writeString(dir.resolve("a.yaml"), CANARY_YAML))).isEqualTo(expected);
            assertThat(RolloutSpec.read(Files.writeString(dir.resolve("b.YML"), CANARY_YAML))).isEqualTo(expected);
            assertThat(RolloutSpec.read(Files.writeString(dir.resolve("c.json"), CANARY_JSON))).isEqualTo(expected);
        }

        @Test
        @DisplayName("names the file in its problems")
        void namesTheFile() throws IOException {
            Path file = Files.writeString(dir.resolve("podinfo.yaml"), withAnalysis("threshold: 0"));

            assertThatThrownBy(() -> RolloutSpec.read(file))
                    .isInstanceOfSatisfying(InvalidSpecException.class, e -> assertThat(e.source()).isEqualTo(file.toString()))
                    .hasMessage("spec " + file + " is invalid (1 problem):\n  spec.analysis.threshold: 0 must be between 1 and 1000");
        }

        @Test
        @DisplayName("with another extension is refused")
        void otherExtension() throws IOException {
            Path file = Files.writeString(dir.resolve("podinfo.txt"), CANARY_YAML);

            assertThatThrownBy(() -> RolloutSpec.read(file)).isInstanceOf(InvalidSpecException.class)
                    .hasMessageEndingWith("unknown file extension; a spec file ends with .yaml, .yml or .json");
        }

        @Test
        @DisplayName("that does not exist is an I/O error, not a spec problem")
        void missingFile() {
            assertThatThrownBy(() -> RolloutSpec.read(dir.resolve("missing.yaml"))).isInstanceOf(IOException.class);
        }
    }
}
