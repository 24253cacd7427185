package dev.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("stepwise import and plan --from")
class ImportCommandTest {

    static final Path PODINFO = Path.of("..", "examples", "flagger", "podinfo-canary.yaml");
    static final Path ARGO_DEMO = Path.of("..", "examples", "argo", "rollouts-demo.yaml");

    @TempDir
    Path dir;

    @Test
    @DisplayName("import prints the spec on standard output and each warning on a line of standard error, exit 0")
    void importsTheTutorialCanary() {
        CliRun run = CliRun.of("import", "flagger", PODINFO);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("apiVersion: stepwise.dev/v1alpha1\nkind: Rollout\n")
                .contains("    canary:\n      stepWeight: 10\n      maxWeight: 50\n");
        assertThat(run.err().lines()).isNotEmpty().allMatch(line -> line.startsWith("warning: Canary/test/podinfo spec."))
                .anyMatch(line -> line.contains("spec.service.retries: not carried"));
    }

    @Test
    @DisplayName("the spec import writes with -o is valid, and several Canaries make a YAML stream")
    void writesAStream() throws IOException {
        Path two = dir.resolve("two.yaml");
        String canary = Files.readString(PODINFO);
        Files.writeString(two, canary + "---\n" + canary.replace("name: podinfo\n  namespace: test",
                "name: backend\n  namespace: test"));
        Path out = dir.resolve("out/specs.yaml");

        CliRun run = CliRun.of("import", "flagger", two, "-o", out);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("2 specs written to " + out);
        String[] documents = Files.readString(out).split("(?m)^---\n");
        assertThat(documents).hasSize(2);
        assertThat(documents[1]).contains("name: backend");
        Path first = dir.resolve("first.yaml");
        Files.writeString(first, documents[0]);
        assertThat(CliRun.of("validate", first).exit()).isZero();
    }

    @Test
    @DisplayName("an error (a MetricTemplate not given) is printed with its path and the import exits 1, printing no spec")
    void errorExitsOne() throws IOException {
        Path canary = dir.resolve("canary.yaml");
        Files.writeString(canary, Files.readString(PODINFO).replace("    metrics:\n", String.join("\n",
                "    metrics:",
                "      - name: not-found-percentage",
                "        templateRef: {name: not-found-percentage, namespace: istio-system}",
                "        thresholdRange: {max: 5}",
                "")));

        CliRun run = CliRun.of("import", "flagger", canary);

        assertThat(run.exit()).isEqualTo(StepwiseCli.INVALID_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("error: Canary/test/podinfo spec.analysis.metrics[0].templateRef: "
                + "MetricTemplate istio-system/not-found-percentage is not among the files given");
    }

    @Test
    @DisplayName("import argo reads the getting-started Rollout; plan --from argo stops Paused at the indefinite pause, at 20%")
    void importsTheArgoGettingStartedRollout() {
        CliRun imported = CliRun.of("import", "argo", ARGO_DEMO.toString());
        CliRun planned = CliRun.of("plan", "--from", "argo", ARGO_DEMO.toString(), "--scenario", "healthy",
                "--format", "json");

        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("name: rollouts-demo", "setWeight: 20");
        assertThat(planned.exit()).as(planned.err()).isZero();
        assertThat(planned.out()).contains("\"result\": \"Paused\"");
    }

    @Test
    @DisplayName("a tool with no importer installed is a bad command line naming the tools available, exit 2")
    void unknownTool() {
        CliRun run = CliRun.of("import", "spinnaker", PODINFO);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("no importer for \"spinnaker\" is installed; available: ").contains("flagger");
    }

    @Test
    @DisplayName("a file that cannot be read is named, exit 1")
    void unreadable() {
        CliRun run = CliRun.of("import", "flagger", dir.resolve("missing.yaml"));

        assertThat(run.exit()).isEqualTo(StepwiseCli.INVALID_INPUT);
        assertThat(run.err()).contains("missing.yaml");
    }

    @ParameterizedTest(name = "--scenario {0} --format {1}")
    @CsvSource({"healthy, json", "failing, json", "healthy, text", "failing, text"})
    @DisplayName("plan --from prints byte for byte what plan prints for the spec import writes")
    void planFromIsPlanOfTheWrittenSpec(String scenario, String format) {
        Path written = dir.resolve("podinfo.yaml");
        assertThat(CliRun.of("import", "flagger", PODINFO, "-o", written).exit()).isZero();

        CliRun fromFile = CliRun.of("plan", written, "--scenario", scenario, "--format", format);
        CliRun imported = CliRun.of("plan", "--from", "flagger", PODINFO, "--scenario", scenario, "--format", format);

        assertThat(imported.exit()).as(imported.err()).isZero();
        assertThat(imported.out()).isNotEmpty().isEqualTo(fromFile.out());
        assertThat(imported.err()).contains("warning: Canary/test/podinfo spec.autoscalerRef");
    }

    @Test
    @DisplayName("plan without --from takes exactly one spec, exit 2 otherwise")
    void planTakesOneSpec() {
        CliRun run = CliRun.of("plan", CliRun.CANARY, CliRun.CANARY);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("plan takes one SPEC");
    }

    @Test
    @DisplayName("plan --from with an import error exits 1 and plans nothing")
    void planFromWithErrors() throws IOException {
        Path daemonSet = dir.resolve("ds.yaml");
        Files.writeString(daemonSet, Files.readString(PODINFO).replace("kind: Deployment", "kind: DaemonSet"));

        CliRun run = CliRun.of("plan", "--from", "flagger", daemonSet);

        assertThat(run.exit()).isEqualTo(StepwiseCli.INVALID_INPUT);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("error: Canary/test/podinfo spec.targetRef.kind: \"DaemonSet\" cannot be rolled out");
    }
}
