package dev.stepwise.importer.flagger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.importer.ManifestDocument;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code spec.analysis.metrics}: Flagger's built-in checks map to Stepwise's built-ins of the
 * same names; a metric with a {@code templateRef} becomes a custom check with the Prometheus
 * query of the {@code MetricTemplate} given alongside, and that template's address becomes
 * {@code spec.metricsServer}.
 */
final class MetricsSection {

    private static final Set<String> BUILT_INS = Set.of("request-success-rate", "request-duration");
    private static final List<String> HANDLED = List.of("name", "thresholdRange", "interval", "templateRef",
            "templateVariables", "query");
    private static final List<String> TEMPLATE_HANDLED = List.of("provider", "query");

    private final List<ManifestDocument> templates;
    private final String namespace;
    private final String name;
    private final String service;
    private final Set<String> used;

    /**
     * @param templates the MetricTemplates given
     * @param namespace the Canary's namespace (where a templateRef without one looks)
     * @param name      the Canary's name, for {@code {{ name }}}
     * @param service   the Service's name, for {@code {{ service }}}
     * @param used      collects the labels of the templates referenced
     */
    MetricsSection(List<ManifestDocument> templates, String namespace, String name, String service, Set<String> used) {
        this.templates = templates;
        this.namespace = namespace;
        this.name = name;
        this.service = service;
        this.used = used;
    }

    void translate(JsonNode metrics, ObjectNode body, ObjectNode analysis, Findings findings) {
        ArrayNode to = analysis.putArray("metrics");
        for (int i = 0; i < metrics.size(); i++) {
            String path = "spec.analysis.metrics[" + i + "]";
            JsonNode metric = metrics.get(i);
            ObjectNode check = to.addObject();
            check.set("name", metric.path("name"));
            if (metric.has("templateRef")) {
                template(metric, path, check, body, findings);
            } else if (metric.has("query")) {
                check.set("query", metric.get("query"));
            } else if (!BUILT_INS.contains(metric.path("name").asText())) {
                findings.error(path + ".name", "\"" + metric.path("name").asText() + "\" is not a Flagger built-in ("
                        + String.join(", ", BUILT_INS.stream().sorted().toList()) + ") and has no templateRef");
            }
            if (metric.has("thresholdRange")) {
                check.set("thresholdRange", metric.get("thresholdRange"));
            }
            if (metric.has("interval")) {
                check.set("interval", metric.get("interval"));
            }
            findings.unhandled(metric, path, HANDLED, Map.of());
        }
    }

    private void template(JsonNode metric, String path, ObjectNode check, ObjectNode body, Findings findings) {
        JsonNode ref = metric.get("templateRef");
        String refName = ref.path("name").asText();
        String refNamespace = ref.path("namespace").asText(namespace);
        Optional<ManifestDocument> found = templates.stream()
                .filter(t -> t.name().equals(refName) && (t.namespace().isEmpty() || refNamespace.isEmpty()
                        || t.namespace().equals(refNamespace)))
                .findFirst();
        if (found.isEmpty()) {
            findings.error(path + ".templateRef", "MetricTemplate " + (refNamespace.isEmpty() ? "" : refNamespace + "/")
                    + refName + " is not among the files given; add the file that holds it");
            return;
        }
        used.add(found.get().label());
        JsonNode spec = found.get().tree().path("spec");
        String type = spec.path("provider").path("type").asText("");
        if (!type.equals("prometheus")) {
            findings.error(path + ".templateRef", "MetricTemplate " + found.get().label() + " queries \"" + type
                    + "\": Stepwise queries Prometheus-compatible APIs only");
            return;
        }
        check.put("query", query(spec.path("query").asText(), metric.path("templateVariables"), path, findings));
        metricsServer(found.get(), body, findings);
    }

    /** Flagger's variables Stepwise does not fill in at run time, filled in now. */
    private String query(String query, JsonNode variables, String path, Findings findings) {
        String filled = query.replaceAll("\\{\\{\\s*name\\s*}}", name).replaceAll("\\{\\{\\s*service\\s*}}", service);
        Iterator<Map.Entry<String, JsonNode>> given = variables.fields();
        while (given.hasNext()) {
            Map.Entry<String, JsonNode> variable = given.next();
            String value = variable.getValue().asText().replace("\\", "\\\\").replace("\"", "\\\"");
            filled = filled.replaceAll("\\{\\{\\s*variables\\." + java.util.regex.Pattern.quote(variable.getKey())
                    + "\\s*}}", java.util.regex.Matcher.quoteReplacement(value));
        }
        if (filled.matches("(?s).*\\{\\{\\s*(ingress|variables\\.[A-Za-z0-9_]+)\\s*}}.*")) {
            findings.error(path + ".templateRef", "the template's query uses a variable Stepwise cannot fill in "
                    + "(ingress, or a templateVariables entry not given)");
        }
        return filled;
    }

    private void metricsServer(ManifestDocument template, ObjectNode body, Findings findings) {
        JsonNode provider = template.tree().path("spec").path("provider");
        String label = template.label();
        if (provider.has("address")) {
            String address = provider.get("address").asText();
            JsonNode existing = body.path("metricsServer").path("address");
            if (existing.isMissingNode()) {
                body.putObject("metricsServer").put("address", address);
            } else if (!existing.asText().equals(address)) {
                findings.warning(label + " spec.provider.address", "not carried: a Stepwise spec queries one metrics "
                        + "server, " + existing.asText());
            }
        }
        if (provider.has("secretRef")) {
            findings.warning(label + " spec.provider.secretRef", "not carried: set spec.metricsServer.bearerToken or "
                    + "basicAuth with a secretKeyRef to the Secret's key");
        }
        findings.unhandled(provider, label + " spec.provider", List.of("type", "address", "secretRef"),
                Map.of("insecureSkipVerify", "not carried: Stepwise always verifies the metrics server's certificate"));
        findings.unhandled(template.tree().path("spec"), label + " spec", TEMPLATE_HANDLED, Map.of());
    }
}
