package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("stepwise validate")
class ValidateCommandTest {

    static final String INVALID_SPEC = String.join("\n",
            "apiVersion: stepwise.dev/v1alpha1",
            "kind: Rollout",
            "metadata:",
            "  name: podinfo",
            "spec:",
            "  target:",
            "    name: podinfo",
            "  strategy:",
            "    canary:",
            "      stepWeights: [10, 50, 30]",
            "  analysis:",
            "    threshold: five",
            "    metrics:",
            "      - name: request-success-rate",
            "        thresholdRange:",
            "          mim: 99",
            "");

    @TempDir
    Path dir;

    @Test
    @DisplayName("says each example spec is valid, with its strategy and healthy step count, and exits 0")
    void validSpecs() {
        CliRun run = CliRun.of("validate", CliRun.SPECS.resolve("ab-test.yaml"), CliRun.SPECS.resolve("blue-green.yaml"),
                CliRun.CANARY, CliRun.SPECS.resolve("rolling.yaml"));

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(String.join("\n",
                CliRun.SPECS.resolve("ab-test.yaml") + ": valid (abTest, 14 steps when healthy)",
                CliRun.SPECS.resolve("blue-green.yaml") + ": valid (blueGreen, 15 steps when healthy)",
                CliRun.CANARY + ": valid (canary, 9 steps when healthy)",
                CliRun.SPECS.resolve("rolling.yaml") + ": valid (rolling, 13 steps when healthy)",
                ""));
        assertThat(run.err()).isEmpty();
    }

    @Test
    @DisplayName("prints every problem of an invalid spec with its path, and exits 1")
    void invalidSpec() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), INVALID_SPEC);

        CliRun run = CliRun.of("validate", bad);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo(String.join("\n",
                bad + ": invalid (3 problems)",
                "  spec.strategy.canary.stepWeights[2]: 30 must be greater than the previous step 50",
                "  spec.analysis.threshold: expected an integer, got string \"five\"",
                "  spec.analysis.metrics[0].thresholdRange.mim: unknown field; known fields: min, max; did you mean min?",
                ""));
    }

    @Test
    @DisplayName("reports every file, valid or not, and exits 1 when any is invalid or unreadable")
    void mixed() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"apiVersion\": \"v0\"");
        Path missing = dir.resolve("missing.yaml");

        CliRun run = CliRun.of("validate", CliRun.CANARY, bad, missing);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).startsWith(CliRun.CANARY + ": valid (canary, 9 steps when healthy)\n"
                + bad + ": invalid (1 problem)\n  invalid JSON at line 1");
        assertThat(run.err()).isEqualTo(missing + ": cannot read: no such file\n");
    }

    @Test
    @DisplayName("rejects a file that is not YAML or JSON by its extension")
    void unknownExtension() throws IOException {
        Path text = Files.writeString(dir.resolve("spec.txt"), "kind: Rollout");

        CliRun run = CliRun.of("validate", text);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo(text + ": invalid (1 problem)\n"
                + "  unknown file extension; a spec file ends with .yaml, .yml or .json\n");
    }

    @Test
    @DisplayName("needs at least one spec: a usage error, exit 2")
    void noSpec() {
        CliRun run = CliRun.of("validate");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter", "Usage: stepwise validate");
    }
}
