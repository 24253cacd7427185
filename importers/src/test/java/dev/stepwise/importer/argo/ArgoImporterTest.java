package dev.stepwise.importer.argo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepwise.importer.ImportFinding;
import dev.stepwise.importer.ImportResult;
import dev.stepwise.importer.ManifestImporter;
import dev.stepwise.importer.ManifestSet;
import dev.stepwise.spec.RolloutSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Argo Rollouts import")
class ArgoImporterTest {

    static final Path FIXTURES = Path.of("src/test/resources/argo");
    static final Path ACTUAL = Path.of("target/argo-golden");

    static ImportResult importFiles(String... files) {
        return new ArgoImporter().importFrom(ManifestSet.read(
                java.util.Arrays.stream(files).map(FIXTURES::resolve).toList()));
    }

    static ImportResult importText(String yaml) {
        return new ArgoImporter().importFrom(ManifestSet.of("rollout.yaml", yaml));
    }

    static String findings(ImportResult result) {
        return result.findings().stream().map(ImportFinding::toString).collect(Collectors.joining("\n")) + "\n";
    }

    /** Compares with the golden file; the actual text is left in target/argo-golden to review a change. */
    static void assertGolden(String actual, String golden) throws IOException {
        Files.createDirectories(ACTUAL);
        Files.writeString(ACTUAL.resolve(golden), actual, StandardCharsets.UTF_8);
        assertThat(actual).isEqualTo(Files.readString(FIXTURES.resolve(golden), StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("is found by ServiceLoader under the tool name argo")
    void registered() {
        assertThat(ServiceLoader.load(ManifestImporter.class).stream().map(p -> p.get().tool()))
                .contains("argo");
    }

    @Nested
    @DisplayName("a canary Rollout with every field")
    class EveryField {

        @Test
        @DisplayName("gives the golden spec and findings; each finding names its document and path")
        void golden() throws IOException {
            ImportResult withoutWeb = importText(Files.readString(FIXTURES.resolve("canary-every-field.yaml"))
                    .replace("""
                                - name: smoke
                                  provider:
                                    web:
                                      url: http://checkout-canary.shop/healthz
                                  successCondition: result == "ok"
                            """, ""));
            assertThat(withoutWeb.hasErrors()).as(findings(withoutWeb)).isFalse();
            assertGolden(withoutWeb.specs().get(0).yaml(), "canary-every-field.spec.yaml");
            assertGolden(findings(withoutWeb), "canary-every-field.findings.txt");
        }

        @Test
        @DisplayName("the spec reads back through RolloutSpec's reader unchanged")
        void readsBack() throws IOException {
            String yaml = Files.readString(FIXTURES.resolve("canary-every-field.spec.yaml"));
            RolloutSpec spec = RolloutSpec.parseYaml(yaml);
            assertThat(RolloutSpec.parseYaml(spec.toYaml())).isEqualTo(spec);
        }

        @Test
        @DisplayName("a check Stepwise cannot run (a web provider) is an error, and no spec is given")
        void webProviderIsAnError() {
            ImportResult result = importFiles("canary-every-field.yaml");
            assertThat(result.specs()).isEmpty();
            assertThat(result.findings()).filteredOn(ImportFinding::isError).singleElement().satisfies(f -> {
                assertThat(f.source()).isEqualTo("ClusterAnalysisTemplate/latency");
                assertThat(f.path()).isEqualTo("spec.metrics[1].provider");
                assertThat(f.message()).contains("web").contains("Prometheus only");
            });
        }
    }

    @Test
    @DisplayName("Argo's getting-started rollout (rollouts-demo) imports without errors, its steps unchanged")
    void rolloutsDemo() {
        ImportResult result = importFiles("rollouts-demo.yaml");
        assertThat(result.hasErrors()).as(findings(result)).isFalse();
        RolloutSpec spec = RolloutSpec.parseYaml(result.specs().get(0).yaml());
        assertThat(spec.target().name()).isEqualTo("rollouts-demo");
        assertThat(result.warnings()).extracting(ImportFinding::path).containsExactly("spec.template",
                "spec.strategy.canary.trafficRouting", "spec.revisionHistoryLimit");
    }

    @Test
    @DisplayName("a Rollout and its AnalysisTemplate import alike from one multi-document file and from two files")
    void oneFileOrTwo() {
        ImportResult one = importFiles("analysis-one-file.yaml");
        ImportResult two = importFiles("analysis-rollout.yaml", "analysis-template.yaml");
        assertThat(one.hasErrors()).as(findings(one)).isFalse();
        assertThat(two.specs()).isEqualTo(one.specs());
        assertThat(two.findings()).isEqualTo(one.findings());
        assertThat(one.specs().get(0).yaml()).contains("guestbook-svc.default.svc.cluster.local")
                .doesNotContain("{{args.");
        RolloutSpec spec = RolloutSpec.parseYaml(one.specs().get(0).yaml());
        assertThat(spec.analysis().metrics()).singleElement().satisfies(m -> {
            assertThat(m.name()).isEqualTo("success-rate");
            assertThat(m.thresholdRange().min()).isEqualTo(0.95);
        });
        // failureLimit 3 tolerates three failed measurements: the fourth fails (failed > failureLimit)
        assertThat(spec.analysis().threshold()).isEqualTo(4);
    }

    @Test
    @DisplayName("without its template, a Rollout's analysis is an error naming the template")
    void missingTemplate() {
        ImportResult result = importFiles("analysis-rollout.yaml");
        assertThat(result.specs()).isEmpty();
        assertThat(result.findings()).filteredOn(ImportFinding::isError).singleElement()
                .satisfies(f -> {
                    assertThat(f.path()).isEqualTo("spec.strategy.canary.analysis.templates[0].templateName");
                    assertThat(f.message()).contains("AnalysisTemplate success-rate is not among the manifests");
                });
    }

    @Test
    @DisplayName("an argument with neither a Rollout value nor a default is an error at the query")
    void missingArgument() throws IOException {
        ImportResult result = importText(Files.readString(FIXTURES.resolve("analysis-one-file.yaml"))
                .replace("          - name: service-name\n            value: guestbook-svc.default.svc.cluster.local\n", "")
                .replace("        args:\n      steps:", "      steps:"));
        assertThat(result.findings()).filteredOn(ImportFinding::isError).extracting(ImportFinding::path)
                .containsExactly("spec.metrics[0].provider.prometheus.query");
    }

    @Test
    @DisplayName("a condition outside the threshold subset is an error quoting its text")
    void unsupportedCondition() throws IOException {
        ImportResult result = importText(Files.readString(FIXTURES.resolve("analysis-one-file.yaml"))
                .replace("successCondition: result[0] >= 0.95",
                        "successCondition: isNaN(result[0]) || result[0] >= 0.95"));
        assertThat(result.findings()).filteredOn(ImportFinding::isError).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo("spec.metrics[0].successCondition");
            assertThat(f.message()).contains("\"isNaN(result[0]) || result[0] >= 0.95\"");
        });
    }

    @Test
    @DisplayName("an experiment step with analyses is an error: it would no longer gate the rollout")
    void experimentWithAnalyses() {
        ImportResult result = importText("""
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: web}
                spec:
                  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  strategy:
                    canary:
                      trafficRouting: {istio: {virtualService: {name: web}}}
                      steps:
                        - setWeight: 10
                        - experiment:
                            templates: [{name: canary, specRef: canary}]
                            analyses: [{name: compare, templateName: compare}]
                        - setWeight: 50
                """);
        assertThat(result.specs()).isEmpty();
        assertThat(result.findings()).filteredOn(ImportFinding::isError).extracting(ImportFinding::path)
                .containsExactly("spec.strategy.canary.steps[1].experiment");
    }

    @Test
    @DisplayName("a spec the reader refuses (a weight going down) is an error finding, not an exception")
    void refusedSpec() {
        ImportResult result = importText("""
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: web}
                spec:
                  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  strategy:
                    canary:
                      trafficRouting: {istio: {virtualService: {name: web}}}
                      steps: [{setWeight: 50}, {setWeight: 20}]
                """);
        assertThat(result.specs()).isEmpty();
        assertThat(result.findings()).filteredOn(ImportFinding::isError).singleElement().satisfies(f -> {
            assertThat(f.path()).startsWith("spec.strategy.canary.steps[1]");
            assertThat(f.message()).startsWith("the imported spec is refused at this path");
        });
    }

    @Test
    @DisplayName("no Rollout at all is an error; documents of other kinds are reported, not dropped")
    void noRollout() {
        ImportResult result = importText("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings}
                """);
        assertThat(result.findings()).extracting(ImportFinding::toString).containsExactly(
                "error: manifests kind: no Rollout among the 1 documents given: the Argo import reads"
                        + " argoproj.io/v1alpha1 Rollouts",
                "warning: ConfigMap/settings kind: a ConfigMap is not read by the Argo import; left as it is");
    }

    @Test
    @DisplayName("blue/green: autoPromotionEnabled false becomes autoPromotion false, with no finding")
    void manualPromotionCarried() throws IOException {
        ImportResult result = importText(Files.readString(FIXTURES.resolve("blue-green.yaml"))
                .replace("autoPromotionSeconds: 120", "autoPromotionEnabled: false"));
        assertThat(result.hasErrors()).isFalse();
        assertThat(result.warnings()).noneMatch(f -> f.path().contains("autoPromotion"));
        assertThat(result.specs().get(0).yaml()).contains("autoPromotion: false");
    }

    @Test
    @DisplayName("blue/green carries services, analyses, delays; the spec reads back")
    void blueGreen() {
        ImportResult result = importFiles("blue-green.yaml");
        assertThat(result.hasErrors()).as(findings(result)).isFalse();
        String yaml = result.specs().get(0).yaml();
        assertThat(yaml).contains("iterations: 6", "postPromotionIterations: 2", "scaleDownDelay: 60s",
                "name: shop-active", "canary: shop-preview", "max: 0.05");
        RolloutSpec.parseYaml(yaml);
    }

    @Test
    @DisplayName("SMI and plugin routers have no provider: each is reported and the spec names none")
    void unsupportedRouters() {
        ImportResult result = importText("""
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: web}
                spec:
                  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  strategy:
                    canary:
                      canaryService: web-canary
                      stableService: web-stable
                      trafficRouting:
                        smi: {rootService: web}
                        plugins:
                          argoproj-labs/gatewayAPI: {httpRoute: web}
                      steps: [{setWeight: 30}]
                """);
        assertThat(result.hasErrors()).as(findings(result)).isFalse();
        assertThat(result.specs().get(0).yaml()).doesNotContain("provider");
        assertThat(result.warnings()).extracting(ImportFinding::path).containsExactly(
                "spec.strategy.canary.trafficRouting.smi",
                "spec.strategy.canary.trafficRouting.plugins.argoproj-labs/gatewayAPI",
                "spec.strategy.canary");
        assertThat(result.warnings().get(2).message()).contains("give the Service web-stable alongside");
    }

    @Test
    @DisplayName("a canary without steps is a rolling update with Argo's 25% surge and unavailability")
    void canaryWithoutSteps() {
        ImportResult result = importText("""
                apiVersion: argoproj.io/v1alpha1
                kind: Rollout
                metadata: {name: web}
                spec:
                  replicas: 4
                  template: {metadata: {labels: {app: web}}}
                  strategy:
                    canary:
                      maxSurge: 1
                """);
        assertThat(result.hasErrors()).as(findings(result)).isFalse();
        assertThat(result.specs().get(0).yaml()).contains("rolling:", "maxSurge: 25%", "maxUnavailable: 25%");
        assertThat(result.warnings()).extracting(ImportFinding::path)
                .contains("spec.strategy.canary.steps", "spec.strategy.canary.maxSurge", "spec.template");
    }
}
