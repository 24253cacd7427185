package dev.stepwise.importer.argo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.importer.ImportResult;
import dev.stepwise.importer.ManifestSet;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.testkit.RolloutSimulation;
import dev.stepwise.testkit.SimulationResult;
import dev.stepwise.testkit.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Imported Argo Rollouts manifests, run through Stepwise's strategies on virtual time (as
 * {@code stepwise plan} runs them), behave as Argo's documentation says the same manifests
 * behave. Each test names the document and the fact it checks.
 */
@DisplayName("Argo Rollouts parity: imported rollouts run as Argo documents them")
class ArgoParityTest {

    static Strategy imported(String... files) {
        ImportResult result = new ArgoImporter().importFrom(ManifestSet.read(
                java.util.Arrays.stream(files).map(ArgoImporterTest.FIXTURES::resolve).toList()));
        assertThat(result.hasErrors()).as(result.findings().toString()).isFalse();
        return RolloutSpec.parseYaml(result.specs().get(0).yaml()).strategy();
    }

    /** The canary weights in the order they were set, repeats folded. */
    static List<Integer> weights(List<Integer> perLook) {
        List<Integer> folded = new ArrayList<>();
        for (int weight : perLook) {
            if (folded.isEmpty() || folded.get(folded.size() - 1) != weight) {
                folded.add(weight);
            }
        }
        return folded;
    }

    /** When the canary weight first became {@code weight}. */
    static Duration firstAt(List<PromotionDriver.Look> looks, int weight) {
        return looks.stream().filter(l -> l.weight() == weight).findFirst().orElseThrow().elapsed();
    }

    @Test
    @DisplayName("an indefinite pause waits for promote, then the remaining steps run on their own")
    void indefinitePauseWaitsForPromotion() {
        // https://argoproj.github.io/argo-rollouts/getting-started/ : the rollouts-demo rollout "sends
        // 20% of traffic to the canary, followed by a manual promotion, and finally gradual automated
        // traffic increases"; `pause: {}` waits until `kubectl argo rollouts promote`.
        // https://argoproj.github.io/argo-rollouts/features/canary/ : without a duration, the rollout
        // waits indefinitely until the pause condition is removed.
        Strategy strategy = imported("rollouts-demo.yaml");

        // as `stepwise plan` runs it (no operator): the run stops Paused at 20%
        List<Step> planned = new ArrayList<>();
        try {
            RolloutSimulation.builder(strategy).listener(step -> {
                planned.add(step);
                if (step.phase() == Phase.PAUSED) {
                    throw new IllegalStateException("paused");
                }
            }).build().run();
        } catch (IllegalStateException paused) {
            assertThat(paused).hasMessage("paused");
        }
        assertThat(planned.get(planned.size() - 1).split().canary()).isEqualTo(20);

        // with an operator who promotes only after 5 more looks: held at 20% all that time
        List<PromotionDriver.Look> looks = PromotionDriver.run(strategy, 5);
        List<PromotionDriver.Look> paused = looks.stream().filter(l -> l.phase() == Phase.PAUSED).toList();
        assertThat(paused).hasSizeGreaterThanOrEqualTo(5).allSatisfy(l -> assertThat(l.weight()).isEqualTo(20));
        assertThat(looks.stream().filter(PromotionDriver.Look::promotedByOperator)).hasSize(1);
        PromotionDriver.Look promoted = looks.stream().filter(PromotionDriver.Look::promotedByOperator)
                .findFirst().orElseThrow();
        assertThat(promoted.weight()).isEqualTo(40);
        // 20 (held until promote), then 40, 60, 80 with no further command; after the last step the
        // new version is promoted and traffic returns to the (now new) stable track
        assertThat(weights(looks.stream().map(PromotionDriver.Look::weight).toList()))
                .containsExactly(0, 20, 40, 60, 80, 0);
        assertThat(looks.get(looks.size() - 1).phase()).isEqualTo(Phase.SUCCEEDED);
    }

    @Test
    @DisplayName("timed pauses run out without a command: each weight is held at least its pause")
    void timedPausesRunOut() {
        // https://argoproj.github.io/argo-rollouts/getting-started/ : after the promotion, `pause:
        // {duration: 10}` (a bare number is seconds) holds 40, 60 and 80 for 10 seconds each, then the
        // rollout goes on by itself.
        List<PromotionDriver.Look> looks = PromotionDriver.run(imported("rollouts-demo.yaml"), 0);
        assertThat(looks.stream().filter(PromotionDriver.Look::promotedByOperator)).hasSize(1);   // the pause: {} only
        assertThat(firstAt(looks, 60).minus(firstAt(looks, 40))).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(firstAt(looks, 80).minus(firstAt(looks, 60))).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        assertThat(looks.get(looks.size() - 1).phase()).isEqualTo(Phase.SUCCEEDED);
    }

    @Test
    @DisplayName("setWeight/pause with a background analysis: 20, 40, 60, 80 every 10 minutes, then promoted")
    void backgroundAnalysisPasses() {
        // https://argoproj.github.io/argo-rollouts/features/analysis/ (background analysis): the canary
        // weight goes up by 20 every 10 minutes while the success-rate template is judged in the
        // background; when every step has run, the rollout succeeds.
        SimulationResult run = RolloutSimulation.builder(imported("analysis-one-file.yaml"))
                .customMetric("success-rate", () -> 0.99).build().run();
        assertThat(run.phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(weights(run.canaryWeights())).containsExactly(0, 20, 40, 60, 80, 0);
        for (int weight : List.of(20, 40, 60)) {
            Duration set = stepAt(run, weight).orElseThrow();
            Duration next = stepAt(run, weight + 20).orElseThrow();
            assertThat(next.minus(set)).as("held at %d%%", weight).isGreaterThanOrEqualTo(Duration.ofMinutes(10));
        }
    }

    @Test
    @DisplayName("a failing analysis aborts: all traffic back to stable after failureLimit + 1 failed measurements")
    void failingAnalysisAborts() {
        // https://argoproj.github.io/argo-rollouts/features/analysis/ : a failed analysis aborts the
        // rollout and sets the canary weight back to zero. A metric fails once its failed
        // measurements exceed failureLimit (3 here): on the fourth.
        SimulationResult run = RolloutSimulation.builder(imported("analysis-one-file.yaml"))
                .customMetric("success-rate", () -> 0.5).build().run();
        assertThat(run.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(run.lastStep().split().canary()).isZero();
        assertThat(weights(run.canaryWeights())).containsExactly(0, 20, 0);
        long failed = run.steps().stream().filter(s -> s.verdicts().stream().anyMatch(v -> v.status() == dev.stepwise.analysis.Verdict.Status.FAIL)).count();
        assertThat(failed).isEqualTo(4);
    }

    @Test
    @DisplayName("blue/green: live traffic stays on stable through the pre-promotion analysis and autoPromotionSeconds, then switches at once")
    void blueGreenAutoPromotionSeconds() {
        // https://argoproj.github.io/argo-rollouts/features/bluegreen/ : the preview serves no live
        // traffic; after the pre-promotion analysis (count 2 at 30s here) and autoPromotionSeconds
        // (120), the active service switches to the new version at once; post-promotion analysis
        // runs (count 2); the old version is scaled down scaleDownDelaySeconds (60) later.
        SimulationResult run = RolloutSimulation.builder(imported("blue-green.yaml"))
                .customMetric("error-rate", () -> 0.01).build().run();
        assertThat(run.phase()).isEqualTo(Phase.SUCCEEDED);
        Duration switched = stepAt(run, 100).orElseThrow();
        assertThat(switched).isGreaterThanOrEqualTo(Duration.ofSeconds(2 * 30 + 120));
        assertThat(run.steps().stream().filter(s -> s.elapsed().compareTo(switched) < 0))
                .allSatisfy(s -> assertThat(s.split().canary()).isZero());
        assertThat(weights(run.canaryWeights())).containsExactly(0, 100, 0);
        Duration back = run.steps().stream().filter(s -> s.elapsed().compareTo(switched) > 0 && s.split().canary() == 0)
                .findFirst().orElseThrow().elapsed();
        assertThat(run.lastStep().elapsed().minus(back)).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
    }

    @Test
    @DisplayName("blue/green with autoPromotionEnabled false: the preview waits for promote, then switches at once")
    void blueGreenWaitsForPromotion() throws java.io.IOException {
        // https://argoproj.github.io/argo-rollouts/features/bluegreen/ : with autoPromotionEnabled
        // false the rollout pauses before switching the active service, until it is promoted
        // (kubectl argo rollouts promote); live traffic stays on the old version meanwhile.
        String manifest = java.nio.file.Files.readString(fixture("blue-green.yaml"))
                .replace("autoPromotionSeconds: 120", "autoPromotionEnabled: false");
        ImportResult result = new ArgoImporter().importFrom(ManifestSet.of("blue-green.yaml", manifest));
        assertThat(result.hasErrors()).as(result.findings().toString()).isFalse();
        Strategy strategy = RolloutSpec.parseYaml(result.specs().get(0).yaml()).strategy();

        List<PromotionDriver.Look> looks = PromotionDriver.run(strategy, 5);

        List<PromotionDriver.Look> waiting = looks.stream().filter(l -> l.phase() == Phase.AWAITING_PROMOTION).toList();
        assertThat(waiting).hasSizeGreaterThanOrEqualTo(5).allSatisfy(l -> assertThat(l.weight()).isZero());
        PromotionDriver.Look promoted = looks.stream().filter(PromotionDriver.Look::promotedByOperator)
                .findFirst().orElseThrow();
        assertThat(promoted.weight()).isEqualTo(100);
        assertThat(weights(looks.stream().map(PromotionDriver.Look::weight).toList())).containsExactly(0, 100, 0);
        assertThat(looks.get(looks.size() - 1).phase()).isEqualTo(Phase.SUCCEEDED);
    }

    private static Optional<Duration> stepAt(SimulationResult run, int weight) {
        return run.steps().stream().filter(s -> s.split().canary() == weight).findFirst().map(Step::elapsed);
    }

    static Path fixture(String name) {
        return ArgoImporterTest.FIXTURES.resolve(name);
    }
}
