package dev.stepwise.importer.flagger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.importer.ManifestDocument;
import dev.stepwise.spec.RolloutSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code Canary} document as a Stepwise spec tree: the envelope and {@code spec.targetRef}
 * here, each other section in its own class. Reports every field it does not carry.
 */
final class CanaryTranslation {

    static final String API_VERSION = "flagger.app/v1beta1";
    private static final List<String> HANDLED = List.of("targetRef", "service", "provider", "analysis",
            "canaryAnalysis", "skipAnalysis", "revertOnDeletion");
    private static final Map<String, String> REASONS = Map.of(
            "autoscalerRef", "not carried: Stepwise creates no HorizontalPodAutoscaler for the stable track",
            "progressDeadlineSeconds", "not carried: Stepwise waits for readiness as long as the analysis allows, "
                    + "with no separate deadline",
            "suspend", "not carried: suspend a Stepwise rollout with `stepwise pause`",
            "ingressRef", "not carried: Stepwise renders no Ingress (providers istio, kuma, gateway-api)",
            "upstreamRef", "not carried: Stepwise renders no Gloo upstreams",
            "routerRef", "not carried: Stepwise renders no router resources for this provider");

    private final CanaryTranslation.Context context;

    CanaryTranslation(CanaryTranslation.Context context) {
        this.context = context;
    }

    /** The spec tree for {@code canary}, every finding in {@code findings}. */
    ObjectNode translate(ManifestDocument canary, Findings findings) {
        if (!canary.apiVersion().equals(API_VERSION)) {
            findings.warning("apiVersion", "\"" + canary.apiVersion() + "\" is read as " + API_VERSION);
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("apiVersion", RolloutSpec.API_VERSION);
        root.put("kind", RolloutSpec.KIND);
        ObjectNode metadata = root.putObject("metadata").put("name", canary.name());
        if (!canary.namespace().isEmpty()) {
            metadata.put("namespace", canary.namespace());
        }
        findings.unhandled(canary.tree().path("metadata"), "metadata", List.of("name", "namespace"),
                Map.of("labels", "not carried: a spec has no labels", "annotations", "not carried: a spec has no annotations"));
        JsonNode spec = canary.tree().path("spec");
        ObjectNode body = root.putObject("spec");
        target(spec.path("targetRef"), body, findings);
        JsonNode analysisFrom = spec.has("analysis") ? spec.path("analysis") : spec.path("canaryAnalysis");
        ObjectNode analysis = JsonNodeFactory.instance.objectNode();
        AnalysisSection.translate(analysisFrom, body, analysis, findings);
        Optional<String> provider = ServiceSection.provider(spec, body, findings);
        ServiceSection.service(spec, provider, body, findings);
        String service = spec.path("service").path("name").asText(spec.path("targetRef").path("name").asText());
        new MetricsSection(context.templates(), canary.namespace(), canary.name(), service, context.used())
                .translate(analysisFrom.path("metrics"), body, analysis, findings);
        WebhooksSection.translate(analysisFrom.path("webhooks"), analysis, findings);
        body.set("analysis", analysis);
        flags(spec, findings);
        findings.unhandled(spec, "spec", HANDLED, REASONS);
        return root;
    }

    private static void target(JsonNode targetRef, ObjectNode body, Findings findings) {
        String kind = targetRef.path("kind").asText("Deployment");
        if (!kind.equals(RolloutSpec.Target.DEPLOYMENT)) {
            findings.error("spec.targetRef.kind", "\"" + kind + "\" cannot be rolled out: Stepwise rolls out a "
                    + RolloutSpec.Target.DEPLOYMENT + " only");
        }
        body.putObject("target").put("kind", RolloutSpec.Target.DEPLOYMENT).set("name", targetRef.path("name"));
    }

    private static void flags(JsonNode spec, Findings findings) {
        if (spec.path("skipAnalysis").asBoolean(false)) {
            findings.warning("spec.skipAnalysis", "not carried: Stepwise always runs the analysis; "
                    + "`stepwise promote` skips the analysis of one step at a time");
        }
        if (spec.path("revertOnDeletion").asBoolean(false)) {
            findings.warning("spec.revertOnDeletion", "not carried: deleting a Stepwise rollout leaves the "
                    + "workload and its routes as they are");
        }
    }

    /** What every Canary of one import shares. */
    record Context(List<ManifestDocument> templates, Set<String> used) {
    }
}
