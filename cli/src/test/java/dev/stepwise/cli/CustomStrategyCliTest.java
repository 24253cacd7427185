package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A custom strategy that is not on the CLI's class path ({@link DoublingCanaryPlugin}), found
 * through {@code --classpath}.
 */
@DisplayName("stepwise validate and plan with a custom strategy")
class CustomStrategyCliTest {

    static final String SPEC = String.join("\n",
            "apiVersion: stepwise.dev/v1alpha1",
            "kind: Rollout",
            "metadata: {name: podinfo}",
            "spec:",
            "  target: {name: podinfo}",
            "  strategy:",
            "    custom: {type: doubling-canary, maxWeight: 8}",
            "  analysis:",
            "    interval: 1m",
            "    metrics:",
            "      - name: request-success-rate",
            "        thresholdRange: {min: 99}",
            "");

    @TempDir
    static Path dir;
    static Path classes;
    static Path jar;
    static Path spec;

    @BeforeAll
    static void buildThePlugin() throws IOException {
        DoublingCanaryPlugin plugin = DoublingCanaryPlugin.buildIn(dir);
        classes = plugin.classes();
        jar = plugin.jar();
        spec = Files.writeString(dir.resolve("doubling.yaml"), SPEC);
    }

    @Test
    @DisplayName("without --classpath, the spec is invalid: the type is not installed, and none is")
    void notInstalled() {
        CliRun run = CliRun.of("validate", spec);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("spec.strategy.custom.type: custom strategy \"doubling-canary\" is not"
                + " installed; installed: none; put the jar that registers it");
    }

    @Test
    @DisplayName("validate --classpath DIR finds the strategy in a class directory and checks its fields with paths")
    void validateWithADirectory() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), SPEC.replace("maxWeight: 8", "maxWeight: 12"));

        CliRun run = CliRun.of("validate", "--classpath", classes, spec, bad);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo(String.join("\n",
                spec + ": valid (custom, 6 steps when healthy)",
                bad + ": invalid (1 problem)",
                "  spec.strategy.custom.maxWeight: 12 is not a power of 2; the weights double (1, 2, 4, ...) up to it",
                ""));
    }

    @Test
    @DisplayName("plan --classpath JAR simulates the strategy: the weight doubles to its maximum, then it is promoted")
    void planWithAJar() {
        CliRun run = CliRun.of("plan", "--classpath", jar, spec, "--format", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"strategy\": \"custom\"", "\"result\": \"Succeeded\"")
                .containsSubsequence("\"canary\": 1", "\"canary\": 2", "\"canary\": 4", "\"canary\": 8");
    }

    @Test
    @DisplayName("plan with the failing scenario rolls the custom strategy back")
    void planFailing() {
        CliRun run = CliRun.of("plan", "--classpath", jar, spec, "--scenario", "failing", "--format", "json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"result\": \"RolledBack\"");
    }

    @Test
    @DisplayName("--classpath takes entries separated by the path separator (a provider class found twice counts once)")
    void twoEntries() {
        CliRun run = CliRun.of("validate", "--classpath", classes + File.pathSeparator + jar, spec);

        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).isEqualTo(spec + ": valid (custom, 6 steps when healthy)\n");
    }

    @Test
    @DisplayName("a --classpath entry that does not exist is refused before any spec is read")
    void missingEntry() {
        CliRun run = CliRun.of("validate", "--classpath", dir.resolve("nowhere.jar"), spec);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("--classpath " + dir.resolve("nowhere.jar") + ": no such file or directory\n");
    }
}
