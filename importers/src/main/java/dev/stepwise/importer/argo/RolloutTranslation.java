package dev.stepwise.importer.argo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.importer.ManifestDocument;
import dev.stepwise.spec.RolloutSpec;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Translates one Argo {@code Rollout} into a Stepwise spec tree: metadata, the workload (its
 * {@code workloadRef} Deployment, or, for an inline {@code template}, the Deployment the user must
 * create from it), the strategy ({@link Canary} or {@link BlueGreen}) and the analysis gathered
 * from the templates ({@link SpecAnalysis}).
 */
final class RolloutTranslation {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> READ = Set.of("workloadRef", "template", "selector", "replicas", "strategy");

    private RolloutTranslation() {
    }

    /**
     * @param deployments the Deployments given alongside, by name (for a workloadRef's replicas)
     * @param services    the Services given alongside, by name (for ports)
     */
    static ObjectNode translate(ManifestDocument rollout, AnalysisTemplates templates,
                                Map<String, ManifestDocument> deployments, Map<String, ManifestDocument> services,
                                FindingLog log) {
        JsonNode spec = rollout.tree().path("spec");
        ObjectNode doc = JSON.objectNode();
        doc.put("apiVersion", RolloutSpec.API_VERSION);
        doc.put("kind", RolloutSpec.KIND);
        ObjectNode metadata = doc.putObject("metadata");
        metadata.put("name", rollout.name());
        if (!rollout.namespace().isEmpty()) {
            metadata.put("namespace", rollout.namespace());
        }
        ObjectNode out = doc.putObject("spec");
        Optional<Integer> replicas = target(rollout, spec, deployments, out, log);
        ImportContext context = new ImportContext(templates, new SpecAnalysis(), replicas);
        JsonNode strategy = spec.path("strategy");
        if (strategy.has("canary")) {
            out.set("strategy", Canary.translate(strategy.path("canary"), "spec.strategy.canary", out, context,
                    services, log));
        } else if (strategy.has("blueGreen")) {
            ObjectNode blueGreen = BlueGreen.translate(strategy.path("blueGreen"), "spec.strategy.blueGreen", out,
                    context, services, log);
            out.putObject("strategy").set("blueGreen", blueGreen);
        } else {
            log.error("spec.strategy", "declares neither canary nor blueGreen");
        }
        log.notCarried(strategy, "spec.strategy", Set.of("canary", "blueGreen"), "no Stepwise equivalent; not carried");
        context.analysis().write(out, "spec", log);
        log.notCarried(spec, "spec", READ, "no Stepwise equivalent; not carried");
        return reorder(doc);
    }

    /** Writes {@code spec.target}; the workload's replicas when known. */
    private static Optional<Integer> target(ManifestDocument rollout, JsonNode spec,
                                            Map<String, ManifestDocument> deployments, ObjectNode out, FindingLog log) {
        ObjectNode target = out.putObject("target");
        target.put("kind", "Deployment");
        if (spec.has("workloadRef")) {
            JsonNode ref = spec.path("workloadRef");
            String name = ref.path("name").asText("");
            target.put("name", name);
            if (!"Deployment".equals(ref.path("kind").asText())) {
                log.error("spec.workloadRef.kind", "Stepwise rolls out a Deployment, not a "
                        + ref.path("kind").asText("(missing kind)"));
            }
            if (ref.has("scaleDown")) {
                log.warning("spec.workloadRef.scaleDown", "not carried: Stepwise rolls the Deployment out itself"
                        + " (copying it to " + name + "-primary); there is nothing to scale down");
            }
            log.notCarried(ref, "spec.workloadRef", Set.of("apiVersion", "kind", "name", "scaleDown"),
                    "no Stepwise equivalent; not carried");
            for (String field : java.util.List.of("selector", "replicas")) {
                if (spec.has(field)) {
                    log.warning("spec." + field, "not carried: the Deployment " + name + " holds its own");
                }
            }
            ManifestDocument deployment = deployments.get(name);
            return deployment == null || !deployment.tree().path("spec").has("replicas") ? Optional.empty()
                    : Optional.of(deployment.tree().path("spec").path("replicas").asInt());
        }
        target.put("name", rollout.name());
        if (spec.has("template")) {
            log.warning("spec.template", "Stepwise rolls out a Deployment: create Deployment " + rollout.name()
                    + " from this template, selector and replicas (with workloadRef, Argo can do the same), then"
                    + " delete the Rollout; Stepwise copies it to " + rollout.name() + "-primary");
        } else {
            log.error("spec", "has neither workloadRef nor template: there is no workload to roll out");
        }
        return Optional.of(spec.path("replicas").asInt(1));
    }

    /** The spec's sections in reference order: target, strategy, service, provider, metricsServer, analysis. */
    private static ObjectNode reorder(ObjectNode doc) {
        ObjectNode spec = (ObjectNode) doc.path("spec");
        ObjectNode ordered = JSON.objectNode();
        for (String field : java.util.List.of("target", "strategy", "service", "provider", "metricsServer", "analysis")) {
            if (spec.has(field)) {
                ordered.set(field, spec.get(field));
            }
        }
        doc.set("spec", ordered);
        return doc;
    }
}
