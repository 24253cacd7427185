package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stepwise.spec.RolloutSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("stepwise plan of a canary step list (examples/specs/canary-steps.yaml)")
class PlanCanaryStepsTest {

    static final Path STEPS = CliRun.SPECS.resolve("canary-steps.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode json(CliRun run) throws IOException {
        assertThat(run.exit()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static List<String> each(JsonNode steps, String field, String... more) {
        List<String> values = new ArrayList<>();
        for (JsonNode step : steps) {
            JsonNode node = step.path(field);
            for (String next : more) {
                node = node.path(next);
            }
            values.add(node.asText());
        }
        return values;
    }

    @Test
    @DisplayName("runs the steps in order and ends Paused at the pause that waits for promote, saying why")
    void healthyEndsPaused() throws IOException {
        CliRun run = CliRun.of("plan", STEPS, "--format", "json");
        JsonNode json = json(run);

        assertThat(json.get("strategy").asText()).isEqualTo("canary");
        assertThat(json.get("result").asText()).isEqualTo("Paused");
        JsonNode steps = json.get("steps");
        // a plan is an engine run: the look inside the 2m pause changes nothing, so it is no line (as in run)
        assertThat(each(steps, "weights", "canary")).containsExactly("0", "0", "0", "0", "0", "0", "10", "10", "10",
                "30", "30", "30", "50", "50");
        assertThat(each(steps, "mirror")).containsExactly("0", "0", "0", "25", "25", "0", "0", "0", "0",
                "0", "0", "0", "0", "0");
        assertThat(each(steps, "decision")).last().isEqualTo("pause");
        assertThat(each(steps, "reason").get(13)).contains("steps[11]: pause until promoted (waits for promote)");
        assertThat(each(steps, "reason").get(11)).contains("steps[9]: analysis passed 1 of 2");
        assertThat(steps.get(11).get("metrics").has("request-duration")).as("the analysis step's own check").isTrue();
        assertThat(steps.get(12).get("metrics").has("request-duration")).as("its second interval").isTrue();
        assertThat(steps.get(13).get("metrics").has("request-duration")).as("judged at its step only").isFalse();
        assertThat(run.err()).contains("note: steps[11] pauses until an operator's promote, which a scenario cannot give:"
                + " the plan ends Paused there");
    }

    @Test
    @DisplayName("without the indefinite pause runs to Succeeded in stepsToSuccess looks, the one that changes nothing not shown")
    void withoutPauseSucceeds() throws IOException {
        Path spec = dir.resolve("timed.yaml");
        Files.writeString(spec, Files.readString(STEPS).replace("        - pause: {}", "        - pause: {duration: 30s}"));

        JsonNode json = json(CliRun.of("plan", spec, "--format", "json"));

        assertThat(json.get("result").asText()).isEqualTo("Succeeded");
        // stepsToSuccess counts every look; the one inside the 2m pause changes nothing and is no line
        assertThat(json.get("steps").size()).isEqualTo(RolloutSpec.read(spec).strategy().stepsToSuccess() - 1);
        assertThat(each(json.get("steps"), "decision")).endsWith("promote", "finalize", "succeed");
    }

    @Test
    @DisplayName("rolls back when the canary fails, with the header route's traffic judged before any weight")
    void failingRollsBack() throws IOException {
        JsonNode json = json(CliRun.of("plan", STEPS, "--scenario", "failing", "--format", "json"));

        assertThat(json.get("result").asText()).isEqualTo("RolledBack");
        assertThat(each(json.get("steps"), "weights", "canary")).containsOnly("0");
        assertThat(each(json.get("steps"), "verdict").stream().filter("Fail"::equals).count()).isEqualTo(2);
    }
}
