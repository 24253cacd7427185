package dev.stepwise.importer.flagger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.importer.ImportFinding;
import dev.stepwise.importer.ImportResult;
import dev.stepwise.importer.ManifestSet;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.testkit.RolloutSimulation;
import dev.stepwise.testkit.SimulatedService;
import dev.stepwise.testkit.SimulationResult;
import dev.stepwise.testkit.Step;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Flagger's documented behaviour, run on the imported spec with the simulation {@code stepwise plan}
 * uses. Each expected sequence names the Flagger document it comes from; where Stepwise differs on
 * purpose, the test says so and the import reports it.
 */
@DisplayName("An imported Flagger Canary runs as Flagger's docs describe")
class FlaggerParityTest {

    private static final String STRATEGIES = "https://docs.flagger.app/usage/deployment-strategies";

    @Test
    @DisplayName("stepWeight 10, maxWeight 50: weights 10, 20, 30, 40, 50, then promotion routes everything to primary")
    void linear() {
        // https://docs.flagger.app/tutorials/istio-progressive-delivery: with stepWeight 10 and maxWeight 50,
        // "the canary analysis will run for five minutes" (one weight per 1m interval: 10..50), then Flagger copies
        // the template to primary, routes all traffic to primary and scales the canary down
        SimulationResult run = simulate(analysis("stepWeight: 10", "maxWeight: 50"), healthy());

        assertThat(run.phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(advances(run)).containsExactly(10, 20, 30, 40, 50);
        assertThat(afterPromotion(run)).containsExactly(0);
    }

    @Test
    @DisplayName("maxWeight not a multiple of stepWeight: Flagger goes past it to 60, Stepwise stops at 50 and says so")
    void notAMultiple() {
        // STRATEGIES, "Rollout Weights": maxWeight 50 with stepWeight 20 runs 20, 40, 60, then promotion
        // (Flagger adds stepWeight until the weight reaches maxWeight). Stepwise never routes more than
        // maxWeight: a deliberate difference, reported as a warning.
        ImportResult imported = importCanary(analysis("stepWeight: 20", "maxWeight: 50"));
        SimulationResult run = simulate(imported, healthy());

        assertThat(advances(run)).containsExactly(20, 40, 50);
        assertThat(imported.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(ImportFinding.Severity.WARNING);
            assertThat(f.path()).isEqualTo("spec.analysis.maxWeight");
            assertThat(f.message()).contains("Flagger's last step would be 60%");
        });
    }

    @Test
    @DisplayName("stepWeights [1, 2, 10, 80] are the weights, in order, then promotion")
    void stepWeights() {
        // STRATEGIES, "Rollout Weights": stepWeights [1, 2, 10, 80] runs 1, 2, 10, 80, then promotion
        SimulationResult run = simulate(analysis("stepWeights: [1, 2, 10, 80]"), healthy());

        assertThat(run.phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(advances(run)).containsExactly(1, 2, 10, 80);
        assertThat(afterPromotion(run)).containsExactly(0);
    }

    @Test
    @DisplayName("stepWeightPromotion routes traffic back to primary in steps after the promotion")
    void stepWeightPromotion() {
        // STRATEGIES, "Canary Release": with stepWeightPromotion the promotion happens in stages, the primary
        // weight rising by stepWeightPromotion until it reaches 100%: from 50% on the canary, 30, 10, 0
        SimulationResult run = simulate(analysis("stepWeight: 10", "maxWeight: 50", "stepWeightPromotion: 20"),
                healthy());

        assertThat(advances(run)).containsExactly(10, 20, 30, 40, 50);
        assertThat(afterPromotion(run)).containsExactly(30, 10, 0);
    }

    @Test
    @DisplayName("a failing canary rolls back once threshold checks have failed")
    void rollsBackAtThreshold() {
        // STRATEGIES, "Canary Release": a failed metric check halts advancement and increments the failed checks;
        // when their number reaches threshold, all traffic is routed to primary and the canary marked failed.
        // Stepwise rolls back at the analysis that reaches threshold; Flagger at its next run, one interval later.
        SimulationResult run = simulate(analysis("threshold: 3", "stepWeight: 10", "maxWeight: 50"),
                SimulatedService.builder().canaryErrorProbability(0.5).build());

        assertThat(run.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(run.canaryWeights()).containsExactly(0, 10, 10, 10, 0);
        assertThat(run.decisions()).containsExactly(Decision.START, Decision.ADVANCE, Decision.HOLD, Decision.HOLD,
                Decision.ROLL_BACK);
        assertThat(run.lastStep().reason()).contains("failed 3 of threshold 3");
    }

    @Test
    @DisplayName("A/B test: match and iterations route matching requests to the canary for iterations intervals")
    void abTest() {
        // STRATEGIES, "A/B Testing": with match and iterations Flagger ignores the weights and runs
        // interval * iterations (10 x 1m) with matching requests on the canary, then promotes
        ImportResult imported = importCanary(analysis("threshold: 2", "iterations: 10", "stepWeight: 10",
                "match:", "  - headers:", "      x-canary:", "        exact: insider"));
        SimulationResult run = simulate(imported, healthy());

        assertThat(run.phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(run.canaryWeights()).containsOnly(0);
        List<Step> matched = run.steps().stream().filter(s -> !s.split().matches().isEmpty()).toList();
        assertThat(matched.get(matched.size() - 1).elapsed().minus(matched.get(0).elapsed()))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(run.steps().stream().filter(s -> s.reason().contains("analysis passed"))).hasSize(10);
        assertThat(imported.findings()).extracting(ImportFinding::path).containsExactly("spec.analysis.stepWeight");
    }

    @Test
    @DisplayName("blue/green: iterations without match and no weights; mirror when asked, then all traffic switches")
    void blueGreenMirror() {
        // STRATEGIES, "Blue/Green with Traffic Mirroring": with iterations and mirror, traffic is mirrored to the
        // canary for the iterations, then live traffic goes to the canary, the canary is promoted, and traffic
        // switches back to primary; mirrorWeight defaults to 100
        SimulationResult run = simulate(analysis("threshold: 2", "iterations: 10", "mirror: true"), healthy());

        assertThat(run.phase()).isEqualTo(Phase.SUCCEEDED);
        List<TrafficSplit> splits = run.splits();
        assertThat(splits.stream().filter(s -> s.mirrorPercent() == 100)).hasSize(10);
        assertThat(splits.stream().filter(s -> s.canary() > 0 && s.canary() < 100)).isEmpty();
        assertThat(run.canaryWeights()).containsSubsequence(0, 100, 0);
    }

    @Test
    @DisplayName("blue/green without mirror: no live or mirrored traffic on the canary until the switch")
    void blueGreen() {
        // STRATEGIES, "Blue/Green Deployments": replacing stepWeight/maxWeight with iterations runs the conformance
        // and load tests for iterations intervals, then live traffic switches from the old version to the new one.
        // The canary's only requests come from those load tests, which a simulation does not send: judged by
        // webhooks alone here (no metric checks), as a request metric would have no data
        SimulationResult run = simulate(analysis("threshold: 2", "iterations: 10").replace(String.join("\n",
                "    metrics:", "      - name: request-success-rate", "        thresholdRange: {min: 99}", ""),
                "    metrics: []\n"), healthy());

        assertThat(run.phase()).isEqualTo(Phase.SUCCEEDED);
        assertThat(run.splits()).allMatch(s -> s.mirrorPercent() == 0);
        assertThat(run.canaryWeights()).containsOnly(0, 100).containsSubsequence(0, 100, 0);
        assertThat(run.steps().stream().filter(s -> s.reason().contains("iteration"))).hasSize(9);
    }

    private static String analysis(String... lines) {
        StringBuilder canary = new StringBuilder(String.join("\n",
                "apiVersion: flagger.app/v1beta1",
                "kind: Canary",
                "metadata: {name: podinfo, namespace: test}",
                "spec:",
                "  provider: istio",
                "  targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}",
                "  service: {port: 9898}",
                "  analysis:",
                "    interval: 1m",
                "    metrics:",
                "      - name: request-success-rate",
                "        thresholdRange: {min: 99}",
                ""));
        for (String line : lines) {
            canary.append("    ").append(line).append('\n');
        }
        return canary.toString();
    }

    private static ImportResult importCanary(String canary) {
        ImportResult imported = new FlaggerImporter().importFrom(ManifestSet.of("canary.yaml", canary));
        assertThat(imported.hasErrors()).as(imported.findings().toString()).isFalse();
        return imported;
    }

    private static SimulationResult simulate(String canary, SimulatedService service) {
        return simulate(importCanary(canary), service);
    }

    private static SimulationResult simulate(ImportResult imported, SimulatedService service) {
        RolloutSpec spec = RolloutSpec.parseYaml(imported.specs().get(0).yaml());
        return RolloutSimulation.run(spec.strategy(), service);
    }

    private static SimulatedService healthy() {
        return SimulatedService.builder().matchingShare(0.1).build();
    }

    /** The canary weight after each ADVANCE. */
    private static List<Integer> advances(SimulationResult run) {
        return run.steps().stream().filter(s -> s.decision() == Decision.ADVANCE).map(s -> s.split().canary()).toList();
    }

    /** The canary weight after each step from the promotion on. */
    private static List<Integer> afterPromotion(SimulationResult run) {
        return run.steps().stream().filter(s -> s.decision() == Decision.FINALIZE).map(s -> s.split().canary()).toList();
    }
}
