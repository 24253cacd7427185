package dev.stepwise.importer.flagger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.importer.ImportFinding;
import dev.stepwise.importer.ImportResult;
import dev.stepwise.importer.ManifestImporter;
import dev.stepwise.importer.ManifestSet;
import dev.stepwise.spec.RolloutSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The Flagger import carries every Canary field over or reports it")
class FlaggerImportTest {

    static final Path RESOURCES = Path.of("src", "test", "resources", "flagger");
    static final Path TUTORIAL = Path.of("..", "examples", "flagger", "podinfo-canary.yaml");
    static final FlaggerImporter IMPORTER = new FlaggerImporter();

    /** Fields of all-fields.yaml carried into the spec as they are (the golden shows where). */
    static final Set<String> CARRIED = Set.of("spec.provider", "spec.targetRef", "spec.service.name", "spec.service.port",
            "spec.service.targetPort", "spec.service.portName", "spec.service.gateways", "spec.service.hosts",
            "spec.analysis.interval", "spec.analysis.threshold", "spec.analysis.iterations", "spec.analysis.match",
            "spec.analysis.metrics", "spec.analysis.webhooks", "spec.analysis.primaryReadyThreshold",
            "spec.service", "spec.analysis");

    @Test
    @DisplayName("the Canary of Flagger's Istio tutorial imports without errors, reporting what the route does not carry")
    void tutorial() {
        ImportResult result = IMPORTER.importFrom(ManifestSet.read(List.of(TUTORIAL)));

        assertThat(result.hasErrors()).isFalse();
        assertThat(result.specs()).singleElement().satisfies(spec -> {
            RolloutSpec read = RolloutSpec.parseYaml(spec.yaml());
            assertThat(read.metadata()).isEqualTo(RolloutSpec.Metadata.of("podinfo", "test"));
            assertThat(read.strategy().stepsToSuccess()).isEqualTo(9);
            assertThat(read.service().orElseThrow().gateways()).containsExactly("istio-system/public-gateway");
        });
        assertThat(result.findings()).extracting(ImportFinding::path).containsExactlyInAnyOrder(
                "spec.service.trafficPolicy", "spec.service.retries", "spec.progressDeadlineSeconds", "spec.autoscalerRef");
    }

    @Test
    @DisplayName("a Canary with every field gives the recorded spec and findings")
    void golden() throws IOException {
        ImportResult result = IMPORTER.importFrom(ManifestSet.read(List.of(RESOURCES.resolve("all-fields.yaml"))));

        assertThat(result.specs()).singleElement().satisfies(spec -> assertThat(spec.yaml())
                .isEqualTo(Files.readString(RESOURCES.resolve("all-fields.spec.yaml"))));
        assertThat(result.findings().stream().map(ImportFinding::toString).collect(Collectors.joining("\n", "", "\n")))
                .isEqualTo(Files.readString(RESOURCES.resolve("all-fields.findings.txt")));
    }

    @Test
    @DisplayName("every field of the Canary is carried into the spec or named by a finding")
    void nothingDroppedSilently() {
        ManifestSet manifests = ManifestSet.read(List.of(RESOURCES.resolve("all-fields.yaml")));
        ImportResult result = IMPORTER.importFrom(manifests);
        JsonNode canary = manifests.ofKind("Canary").get(0).tree();

        List<String> reported = result.findings().stream().map(ImportFinding::path).toList();
        List<String> fields = new ArrayList<>();
        fields(canary.path("spec"), "spec", fields);
        assertThat(fields).hasSizeGreaterThan(30).allSatisfy(field -> assertThat(CARRIED.contains(field)
                || reported.stream().anyMatch(p -> p.equals(field) || p.startsWith(field + ".") || p.startsWith(field + "[")))
                .as(field + " is carried or reported").isTrue());
    }

    @Test
    @DisplayName("a metric whose MetricTemplate is not given is an error naming the reference, and no spec")
    void missingTemplate() {
        ImportResult result = IMPORTER.importFrom(ManifestSet.of("c.yaml", canary("""
                    stepWeight: 10
                    metrics:
                      - name: not-found-percentage
                        templateRef: {name: not-found-percentage, namespace: istio-system}
                        thresholdRange: {max: 5}
                """)));

        assertThat(result.specs()).isEmpty();
        assertThat(result.findings()).singleElement().hasToString("error: Canary/test/podinfo "
                + "spec.analysis.metrics[0].templateRef: MetricTemplate istio-system/not-found-percentage is not among "
                + "the files given; add the file that holds it");
    }

    @Test
    @DisplayName("a spec the reader refuses is an error finding with the reader's path, never an exception")
    void refusedByTheReader() {
        ImportResult result = IMPORTER.importFrom(ManifestSet.of("c.yaml", canary("    stepWeights: [10, 5]\n")));

        assertThat(result.specs()).isEmpty();
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.isError()).isTrue();
            assertThat(f.path()).startsWith("spec.strategy.canary.stepWeights");
            assertThat(f.message()).startsWith("the imported spec is refused: ");
        });
    }

    @Test
    @DisplayName("a DaemonSet target cannot run: an error")
    void daemonSet() {
        ImportResult result = IMPORTER.importFrom(ManifestSet.of("c.yaml",
                canary("    stepWeight: 10\n").replace("kind: Deployment", "kind: DaemonSet")));

        assertThat(result.hasErrors()).isTrue();
        assertThat(result.findings()).extracting(ImportFinding::path).contains("spec.targetRef.kind");
    }

    @Test
    @DisplayName("a provider with no Stepwise renderer is a warning, and the spec names no provider")
    void unsupportedProvider() {
        ImportResult result = IMPORTER.importFrom(ManifestSet.of("c.yaml",
                canary("    stepWeight: 10\n").replace("provider: istio", "provider: linkerd")));

        assertThat(result.hasErrors()).isFalse();
        assertThat(RolloutSpec.parseYaml(result.specs().get(0).yaml()).provider()).isEmpty();
        assertThat(result.findings()).singleElement().extracting(ImportFinding::path).isEqualTo("spec.provider");
    }

    @Test
    @DisplayName("gatewayapi:v1beta1 becomes provider gateway-api at that API version, gatewayRefs its parentRefs")
    void gatewayApi() {
        ImportResult result = IMPORTER.importFrom(ManifestSet.of("c.yaml", canary("    stepWeight: 10\n")
                .replace("provider: istio", "provider: gatewayapi:v1beta1")
                .replace("service: {port: 9898}", "service: {port: 9898, hosts: [www.example.com], "
                        + "gatewayRefs: [{name: gateway, namespace: istio-ingress}]}")));

        assertThat(result.findings()).isEmpty();
        assertThat(result.specs().get(0).yaml()).contains("  provider:\n    name: gateway-api\n"
                + "    apiVersion: gateway.networking.k8s.io/v1beta1\n").contains("    parentRefs:\n      - name: gateway\n"
                + "        namespace: istio-ingress\n");
    }

    @Test
    @DisplayName("documents of other kinds are warnings; files without a Canary are an error")
    void otherKinds() {
        ImportResult result = IMPORTER.importFrom(ManifestSet.of("d.yaml",
                "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: podinfo}\n"));

        assertThat(result.findings()).extracting(ImportFinding::toString).containsExactly(
                "warning: Deployment/podinfo kind: \"Deployment\" is not read by the Flagger import (it reads Canary and "
                        + "MetricTemplate)",
                "error: d.yaml kind: no Canary among the documents given");
    }

    @Test
    @DisplayName("the importer is found with ServiceLoader as tool flagger")
    void serviceLoader() {
        assertThat(ServiceLoader.load(ManifestImporter.class).stream().map(p -> p.get().tool()))
                .contains(FlaggerImporter.TOOL);
    }

    private static String canary(String analysis) {
        return String.join("\n",
                "apiVersion: flagger.app/v1beta1",
                "kind: Canary",
                "metadata: {name: podinfo, namespace: test}",
                "spec:",
                "  provider: istio",
                "  targetRef: {apiVersion: apps/v1, kind: Deployment, name: podinfo}",
                "  service: {port: 9898}",
                "  analysis:",
                "    interval: 1m",
                "") + analysis;
    }

    /** Paths of the fields of {@code node}: every object member, two levels below spec, not into lists. */
    private static void fields(JsonNode node, String path, List<String> into) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            String child = path + "." + name;
            into.add(child);
            if (child.equals("spec.analysis") || child.equals("spec.service")) {
                fields(node.get(name), child, into);
            }
        }
    }
}
