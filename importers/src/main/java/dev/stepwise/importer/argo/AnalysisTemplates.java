package dev.stepwise.importer.argo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.importer.ManifestDocument;
import dev.stepwise.importer.ManifestSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code AnalysisTemplate}s and {@code ClusterAnalysisTemplate}s given alongside a
 * {@code Rollout}, and how a reference to them (a step's {@code analysis}, {@code
 * canary.analysis}, {@code prePromotionAnalysis}, {@code postPromotionAnalysis}) becomes
 * metrics: {@code templates[].templateName} looked up, {@code args} substituted into each
 * Prometheus query, each metric read by {@link TemplateMetrics}.
 */
final class AnalysisTemplates {

    static final String API_VERSION = "argoproj.io/v1alpha1";
    private static final Pattern ARG = Pattern.compile("\\{\\{\\s*args\\.([A-Za-z0-9_.-]+)\\s*}}");
    private static final Set<String> TEMPLATE_SPEC = Set.of("args", "metrics");

    private final Map<String, ManifestDocument> namespaced;
    private final Map<String, ManifestDocument> cluster;

    private AnalysisTemplates(Map<String, ManifestDocument> namespaced, Map<String, ManifestDocument> cluster) {
        this.namespaced = namespaced;
        this.cluster = cluster;
    }

    static AnalysisTemplates of(ManifestSet manifests) {
        Map<String, ManifestDocument> namespaced = new HashMap<>();
        Map<String, ManifestDocument> cluster = new HashMap<>();
        manifests.ofKind("AnalysisTemplate").forEach(d -> namespaced.putIfAbsent(d.name(), d));
        manifests.ofKind("ClusterAnalysisTemplate").forEach(d -> cluster.putIfAbsent(d.name(), d));
        return new AnalysisTemplates(namespaced, cluster);
    }

    /**
     * The metrics of the analysis {@code block} at {@code path} ({@code templates}, {@code args});
     * every other field of the block not in {@code alsoRead} is reported. A metric that cannot be
     * carried is an error (the rollout would go on without that check) and is left out.
     */
    List<ImportedMetric> resolve(JsonNode block, String path, Set<String> alsoRead, FindingLog log) {
        Map<String, String> args = new LinkedHashMap<>();
        JsonNode given = block.path("args");
        for (int i = 0; i < given.size(); i++) {
            JsonNode arg = given.get(i);
            if (arg.has("value")) {
                args.put(arg.path("name").asText(), arg.path("value").asText());
            } else {
                log.error(path + ".args[" + i + "].valueFrom", "argument " + arg.path("name").asText()
                        + " is read from the cluster at run time (valueFrom), which an import cannot do;"
                        + " write its value");
            }
        }
        for (String field : List.of("dryRun", "measurementRetention")) {
            if (block.has(field)) {
                log.warning(path + "." + field, "not carried: Stepwise has no dry-run metrics and keeps no"
                        + " measurement history; every check imported counts");
            }
        }
        Set<String> read = new java.util.HashSet<>(alsoRead);
        read.addAll(List.of("templates", "args", "dryRun", "measurementRetention"));
        log.notCarried(block, path, read, "no Stepwise equivalent; not carried");
        JsonNode templates = block.path("templates");
        if (templates.isEmpty()) {
            log.error(path + ".templates", "names no analysis template, so there is nothing to check");
        }
        List<ImportedMetric> metrics = new ArrayList<>();
        for (int i = 0; i < templates.size(); i++) {
            template(templates.get(i), path + ".templates[" + i + "]", args, log).ifPresent(metrics::addAll);
        }
        return metrics;
    }

    private Optional<List<ImportedMetric>> template(JsonNode ref, String path, Map<String, String> rolloutArgs,
                                                    FindingLog log) {
        String name = ref.path("templateName").asText("");
        boolean clusterScope = ref.path("clusterScope").asBoolean(false);
        log.notCarried(ref, path, Set.of("templateName", "clusterScope"), "no Stepwise equivalent; not carried");
        ManifestDocument template = (clusterScope ? cluster : namespaced).get(name);
        if (template == null) {
            log.error(path + ".templateName", (clusterScope ? "ClusterAnalysisTemplate " : "AnalysisTemplate ")
                    + name + " is not among the manifests given: give its file too, so its checks are imported");
            return Optional.empty();
        }
        FindingLog templateLog = log.about(template.label());
        if (!API_VERSION.equals(template.apiVersion())) {
            templateLog.error("apiVersion", template.apiVersion() + " is not read; the import reads " + API_VERSION);
            return Optional.empty();
        }
        JsonNode spec = template.tree().path("spec");
        templateLog.notCarried(spec, "spec", TEMPLATE_SPEC, "not carried: Stepwise has no equivalent");
        Map<String, String> args = new LinkedHashMap<>();
        JsonNode defaults = spec.path("args");
        for (JsonNode arg : defaults) {
            if (arg.has("value")) {
                args.put(arg.path("name").asText(), arg.path("value").asText());
            }
        }
        args.putAll(rolloutArgs);
        List<ImportedMetric> metrics = new ArrayList<>();
        JsonNode declared = spec.path("metrics");
        for (int i = 0; i < declared.size(); i++) {
            TemplateMetrics.read(declared.get(i), "spec.metrics[" + i + "]", query -> substitute(query, args),
                    templateLog).ifPresent(metrics::add);
        }
        return Optional.of(metrics);
    }

    /** The query with every {@code {{args.NAME}}} replaced, or the names without a value. */
    static TemplateMetrics.Substituted substitute(String query, Map<String, String> args) {
        Matcher matcher = ARG.matcher(query);
        StringBuilder out = new StringBuilder();
        List<String> missing = new ArrayList<>();
        while (matcher.find()) {
            String value = args.get(matcher.group(1));
            if (value == null) {
                missing.add(matcher.group(1));
                value = matcher.group();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return new TemplateMetrics.Substituted(out.toString(), missing);
    }

    @Override
    public String toString() {
        return "AnalysisTemplates" + namespaced.keySet() + cluster.keySet();
    }
}
