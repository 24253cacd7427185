package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.strategy.Strategy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;

@DisplayName("stepwise plan")
class PlanCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode json(CliRun run) throws IOException {
        assertThat(run.exit()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static List<String> each(JsonNode steps, String... path) {
        List<String> values = new ArrayList<>();
        for (JsonNode step : steps) {
            JsonNode node = step;
            for (String field : path) {
                node = node.path(field);
            }
            values.add(node.asText());
        }
        return values;
    }

    private static Strategy strategy(Path spec) throws IOException {
        return RolloutSpec.read(spec).strategy();
    }

    @Test
    @DisplayName("plans the example canary healthy: Succeeded in stepsToSuccess steps, weights 0..50 then back")
    void healthyCanaryJson() throws IOException {
        JsonNode json = json(CliRun.of("plan", CliRun.CANARY, "--scenario", "healthy", "--format", "json"));

        assertThat(json.get("rollout").asText()).isEqualTo("podinfo");
        assertThat(json.get("strategy").asText()).isEqualTo("canary");
        assertThat(json.get("result").asText()).isEqualTo("Succeeded");
        JsonNode steps = json.get("steps");
        assertThat(steps.size()).isEqualTo(strategy(CliRun.CANARY).stepsToSuccess()).isEqualTo(9);
        assertThat(steps.get(0).get("time").asText()).isEqualTo("PT0S");
        assertThat(each(steps, "weights", "canary")).containsExactly("0", "10", "20", "30", "40", "50", "50", "0", "0");
        assertThat(each(steps, "decision")).containsExactly("start", "advance", "advance", "advance", "advance",
                "advance", "promote", "finalize", "succeed");
        assertThat(steps.get(2).get("metrics").has("request-success-rate")).isTrue();
    }

    @Test
    @DisplayName("rolls the example canary back when it fails: one Fail per analysis, up to the threshold of 5")
    void failingCanary() throws IOException {
        JsonNode json = json(CliRun.of("plan", CliRun.CANARY, "--scenario", "failing", "--format", "json"));

        assertThat(json.get("result").asText()).isEqualTo("RolledBack");
        List<String> verdicts = each(json.get("steps"), "verdict");
        assertThat(verdicts.stream().filter("Fail"::equals).count())
                .isEqualTo(strategy(CliRun.CANARY).analysis().threshold()).isEqualTo(5);
        assertThat(verdicts).doesNotContain("Pass");
        assertThat(each(json.get("steps"), "decision")).last().isEqualTo("roll back");
    }

    @Test
    @DisplayName("prints a line per step and the result as text, exit 0 whatever the result")
    void text() {
        CliRun run = CliRun.of("plan", CliRun.CANARY, "--scenario", "failing");

        assertThat(run.exit()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("podinfo: canary rollout, scenario failing (seed 42)");
        assertThat(lines.get(1)).startsWith(" time").contains("phase", "weights after", "verdicts", "decision: why");
        assertThat(lines.get(2)).startsWith("[+0s] Progressing stable 100% / canary 0%").endsWith("-> start: starting revision v2");
        assertThat(lines.get(3)).startsWith("[+1m] Progressing stable 90% / canary 10%  ").endsWith("-> advance: canary weight 10%");
        assertThat(lines.get(4)).startsWith("[+2m] Progressing stable 90% / canary 10% success-rate ")
                .contains("Fail, p99 ").endsWith("-> hold: analysis failed (failed 1 of threshold 5)");
        assertThat(lines.get(4)).matches(".* success-rate \\d+\\.\\d\\d% \\(stable 99\\.\\d\\d%\\) Fail, "
                + "p99 \\d+ms \\(stable \\d+ms\\) Fail, load-test Pass .*");
        assertThat(lines).last().isEqualTo("Result: RolledBack after 7 steps (6m virtual)");
        assertThat(run.out()).doesNotContain("\u001b[");
    }

    static Stream<Path> exampleSpecs() throws IOException {
        try (Stream<Path> files = Files.list(CliRun.SPECS)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleSpecs")
    @DisplayName("plans every example spec healthy to Succeeded (canary-steps: to its pause that waits for promote)")
    void everyExampleSucceedsHealthy(Path spec) throws IOException {
        JsonNode json = json(CliRun.of("plan", spec, "--format", "json"));

        if (spec.endsWith("canary-steps.yaml")) {
            // a scenario cannot give the promote its pause {} waits for
            assertThat(json.get("result").asText()).isEqualTo("Paused");
            assertThat(json.get("steps").size()).isLessThan(strategy(spec).stepsToSuccess());
            return;
        }
        assertThat(json.get("result").asText()).isEqualTo("Succeeded");
        assertThat(json.get("strategy").asText()).isEqualTo(strategy(spec).kind().label());
        assertThat(json.get("steps").size()).isEqualTo(strategy(spec).stepsToSuccess());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleSpecs")
    @DisplayName("plans every example spec failing to RolledBack")
    void everyExampleRollsBackFailing(Path spec) throws IOException {
        JsonNode json = json(CliRun.of("plan", spec, "--scenario", "failing", "--format", "json"));

        assertThat(json.get("result").asText()).isEqualTo("RolledBack");
    }

    @Test
    @DisplayName("answers custom-query metrics from the scenario, and says so on standard error")
    void customMetrics() throws IOException {
        Path spec = CliRun.SPECS.resolve("rolling.yaml");
        CliRun run = CliRun.of("plan", spec, "--format", "json");

        JsonNode analysed = json(run).get("steps").get(3);
        assertThat(analysed.get("metrics").get("queue-lag-seconds").asDouble()).isEqualTo(27.0);
        assertThat(run.err()).isEqualTo("note: custom metric queue-lag-seconds cannot be measured in a simulation; "
                + "scenario healthy sets it to 27\n");
    }

    @Test
    @DisplayName("rolls the example canary back on the slow-canary scenario, once its p99 passes 500ms")
    void slowCanaryScenario() throws IOException {
        JsonNode json = json(CliRun.of("plan", CliRun.CANARY, "--scenario",
                CliRun.SCENARIOS.resolve("slow-canary.yaml"), "--format", "json"));

        assertThat(json.get("result").asText()).isEqualTo("RolledBack");
        JsonNode steps = json.get("steps");
        assertThat(each(steps, "weights", "canary")).containsExactly("0", "10", "20", "30", "40", "40", "40", "40", "40", "0");
        assertThat(steps.get(4).get("metrics").get("request-duration").asDouble()).isBetween(400.0, 500.0);
        for (int i = 5; i < steps.size(); i++) {
            assertThat(steps.get(i).get("verdict").asText()).isEqualTo("Fail");
            assertThat(steps.get(i).get("metrics").get("request-duration").asDouble()).isGreaterThan(500);
        }
    }

    @Test
    @DisplayName("applies a scenario's change once the virtual time passes it")
    void changes() throws IOException {
        Path scenario = Files.writeString(dir.resolve("breaks.yaml"),
                "changes:\n  - at: 2m\n    canary: {errorRate: 0.5}\n");

        JsonNode steps = json(CliRun.of("plan", CliRun.CANARY, "--scenario", scenario, "--format", "json")).get("steps");

        assertThat(each(steps, "verdict").subList(0, 4)).containsExactly("None", "None", "Pass", "Fail");
    }

    @Test
    @DisplayName("rejects a scenario file with a bad field, naming its path, exit 1")
    void badScenario() throws IOException {
        Path scenario = Files.writeString(dir.resolve("bad.yaml"), "tracks:\n  canary:\n    errorRat: 0.2\n");

        CliRun run = CliRun.of("plan", CliRun.CANARY, "--scenario", scenario);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(scenario + ": invalid (1 problem)\n"
                + "  tracks.canary.errorRat: unknown field; known fields: errorRate, latency; did you mean errorRate?\n");
    }

    @Test
    @DisplayName("rejects a value for a metric that is not one of the spec's custom metrics, exit 1")
    void scenarioMetricNotInSpec() throws IOException {
        Path scenario = Files.writeString(dir.resolve("lag.yaml"),
                "metrics: {queue-lag-seconds: 3}\nchanges: [{at: 1m, metrics: {request-duration: 3}}]\n");

        CliRun run = CliRun.of("plan", CliRun.CANARY, "--scenario", scenario);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo(scenario + ": invalid (2 problems)\n"
                + "  metrics.queue-lag-seconds: is not a custom metric of the spec, which has none\n"
                + "  changes[0].metrics.request-duration: is measured from the simulated traffic; "
                + "set the tracks' errorRate and latency instead\n");
    }

    @Test
    @DisplayName("says a scenario is healthy, failing or a file when the name is neither")
    void unknownScenario() {
        CliRun run = CliRun.of("plan", CliRun.CANARY, "--scenario", "heathy");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("heathy: cannot read: no such file (a scenario is healthy, failing or a file)\n");
    }

    @Test
    @DisplayName("prints an invalid spec's problems on standard error, exit 1")
    void invalidSpec() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), ValidateCommandTest.INVALID_SPEC);

        CliRun run = CliRun.of("plan", bad);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith(bad + ": invalid (3 problems)\n  spec.strategy.canary.stepWeights[2]");
    }

    @Test
    @DisplayName("gives the same plan for the same seed, another for another seed")
    void seed() {
        String first = CliRun.of("plan", CliRun.CANARY, "--format", "json").out();

        assertThat(CliRun.of("plan", CliRun.CANARY, "--format", "json", "--seed", "42").out()).isEqualTo(first);
        assertThat(CliRun.of("plan", CliRun.CANARY, "--format", "json", "--seed", "7").out()).isNotEqualTo(first);
        assertThat(CliRun.of("plan", CliRun.CANARY, "--seed", "7").out()).contains("(seed 7)");
    }

    @Test
    @DisplayName("writes the SVG chart with --svg, creating its directory, and says where on standard error")
    void svg() throws Exception {
        Path chart = dir.resolve("charts").resolve("plan.svg");

        CliRun run = CliRun.of("plan", CliRun.CANARY, "--scenario", "failing", "--format", "json", "--svg", chart);

        assertThat(run.exit()).isZero();
        assertThat(run.err()).isEqualTo("chart written to " + chart + "\n");
        JSON.readTree(run.out());
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(chart.toFile());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(Files.readString(chart)).contains("rolled back at 6m");
    }

    @Test
    @DisplayName("rejects an unknown format as a usage error, exit 2")
    void unknownFormat() {
        CliRun run = CliRun.of("plan", CliRun.CANARY, "--format", "xml");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("Invalid value for option '--format': expected one of [text, json]");
    }

    @Test
    @DisplayName("plans the example canary with the longest interval, 24h, in both scenarios: 192h of virtual time")
    void longestInterval() throws IOException {
        Path spec = Files.writeString(dir.resolve("daily.yaml"),
                Files.readString(CliRun.CANARY).replaceFirst("interval: 1m ", "interval: 24h"));

        JsonNode healthy = json(CliRun.of("plan", spec, "--scenario", "healthy", "--format", "json"));
        JsonNode failing = json(CliRun.of("plan", spec, "--scenario", "failing", "--format", "json"));

        assertThat(healthy.get("result").asText()).isEqualTo("Succeeded");
        assertThat(each(healthy.get("steps"), "time")).last().isEqualTo("PT192H");
        assertThat(failing.get("result").asText()).isEqualTo("RolledBack");
    }

    @Test
    @DisplayName("refuses an interval of a million hours before simulating anything, naming the field and the range")
    void intervalOutOfRange() throws IOException {
        Path spec = Files.writeString(dir.resolve("forever.yaml"),
                Files.readString(CliRun.CANARY).replaceFirst("interval: 1m ", "interval: 1000000h"));

        CliRun run = CliRun.of("plan", spec);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(spec + ": invalid (1 problem)\n"
                + "  spec.analysis.interval: 1000000h must be between 10ms and 24h\n");
    }
}
