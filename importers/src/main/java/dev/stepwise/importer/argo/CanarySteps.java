package dev.stepwise.importer.argo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Translates {@code spec.strategy.canary.steps}: Stepwise's step list is Argo's, so {@code
 * setWeight}, {@code pause}, {@code setHeaderRoute} and {@code setMirrorRoute} carry over as
 * written; a step {@code analysis} becomes a step analysis of the templates' checks; {@code
 * setCanaryScale.replicas} becomes a percent of the workload's replicas when they are known; an
 * {@code experiment} (or any other step) has no equivalent.
 */
final class CanarySteps {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private CanarySteps() {
    }

    /** The steps, each Argo step one Stepwise step (or none, reported). */
    static ArrayNode translate(JsonNode steps, String path, ImportContext context, FindingLog log) {
        ArrayNode out = JSON.arrayNode();
        for (int i = 0; i < steps.size(); i++) {
            JsonNode step = steps.get(i);
            String at = path + "[" + i + "]";
            if (step.size() != 1) {
                log.error(at, "a step holds exactly one kind of step; this one holds " + step.size());
                continue;
            }
            String kind = step.fieldNames().next();
            step(kind, step.path(kind), at + "." + kind, context, log).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<ObjectNode> step(String kind, JsonNode value, String path, ImportContext context,
                                             FindingLog log) {
        ObjectNode out = JSON.objectNode();
        switch (kind) {
            case "setWeight" -> out.set("setWeight", value.deepCopy());
            case "pause" -> out.set("pause", pause(value, path, log));
            case "setHeaderRoute" -> out.set("setHeaderRoute", value.deepCopy());
            case "setMirrorRoute" -> out.set("setMirrorRoute", mirror(value, path, log));
            case "setCanaryScale" -> {
                return scale(value, path, context, log).map(s -> out.set("setCanaryScale", s));
            }
            case "analysis" -> {
                return analysis(value, path, context, log).map(a -> out.set("analysis", a));
            }
            case "experiment" -> {
                experiment(value, path, log);
                return Optional.empty();
            }
            default -> {
                log.error(path, "Stepwise has no " + kind + " step; the rollout cannot run as Argo would run it");
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    private static ObjectNode pause(JsonNode pause, String path, FindingLog log) {
        ObjectNode out = JSON.objectNode();
        JsonNode duration = pause.path("duration");
        if (duration.isTextual() && duration.asText().matches("\\d+")) {
            out.put("duration", Long.parseLong(duration.asText()));   // Argo reads "30" as seconds, as a number
        } else if (!duration.isMissingNode()) {
            out.set("duration", duration.deepCopy());
        }
        log.notCarried(pause, path, Set.of("duration"), "no Stepwise equivalent; not carried");
        return out;
    }

    private static ObjectNode mirror(JsonNode mirror, String path, FindingLog log) {
        ObjectNode out = JSON.objectNode();
        out.set("name", mirror.path("name").deepCopy());
        if (mirror.has("percentage")) {
            out.set("percentage", mirror.path("percentage").deepCopy());
        }
        if (mirror.has("match")) {
            log.warning(path + ".match", "Stepwise mirrors a percentage of every request stable serves, not"
                    + " matched ones: more requests are copied to the canary than in Argo");
        }
        log.notCarried(mirror, path, Set.of("name", "percentage", "match"), "no Stepwise equivalent; not carried");
        return out;
    }

    private static Optional<ObjectNode> scale(JsonNode scale, String path, ImportContext context, FindingLog log) {
        ObjectNode out = JSON.objectNode();
        log.notCarried(scale, path, Set.of("weight", "replicas", "matchTrafficWeight"),
                "no Stepwise equivalent; not carried");
        if (scale.has("weight")) {
            out.set("weight", scale.path("weight").deepCopy());
        } else if (scale.path("matchTrafficWeight").asBoolean(false)) {
            out.put("matchTrafficWeight", true);
        } else if (scale.has("replicas")) {
            int replicas = scale.path("replicas").asInt();
            if (context.replicas().isEmpty() || context.replicas().get() < 1) {
                log.error(path + ".replicas", "Stepwise scales the canary by percent of the target's replicas,"
                        + " which are not known here: give the Deployment alongside, or write weight (a percent)");
                return Optional.empty();
            }
            int total = context.replicas().get();
            int percent = (int) Math.min(100, Math.max(1, Math.ceil(replicas * 100.0 / total)));
            out.put("weight", percent);
            log.warning(path + ".replicas", replicas + " of " + total + " replicas written as weight " + percent
                    + " (percent of the target's replicas): the count follows the target if it is scaled");
        } else {
            log.error(path, "sets none of weight, replicas, matchTrafficWeight: true");
            return Optional.empty();
        }
        return Optional.of(out);
    }

    private static Optional<ObjectNode> analysis(JsonNode block, String path, ImportContext context,
                                                 FindingLog log) {
        List<ImportedMetric> metrics = context.templates().resolve(block, path, Set.of(), log);
        if (metrics.isEmpty()) {
            return Optional.empty();
        }
        context.analysis().addStepChecks(metrics);
        ObjectNode out = JSON.objectNode();
        ArrayNode checks = out.putArray("metrics");
        Set<String> taken = new HashSet<>(context.analysis().names());
        for (ImportedMetric metric : metrics) {
            ImportedMetric named = metric;
            if (!taken.add(metric.name())) {
                named = metric.named(metric.name() + "-" + path.replaceAll("\\D+", "-").replaceAll("^-|-$", ""));
                taken.add(named.name());
                log.warning(path, "metric " + metric.name() + " is also judged elsewhere in this rollout; this"
                        + " step's check is named " + named.name());
            }
            checks.add(SpecAnalysis.metricNode(named));
        }
        int iterations = metrics.stream().flatMap(m -> m.count().stream()).mapToInt(Integer::intValue).max().orElse(1);
        out.put("iterations", Math.max(1, iterations));
        return Optional.of(out);
    }

    private static void experiment(JsonNode experiment, String path, FindingLog log) {
        if (experiment.has("analyses")) {
            log.error(path, "Stepwise runs no experiments: the experiment's analyses would not gate the rollout;"
                    + " replace the step with an analysis step judging the canary itself");
        } else {
            log.warning(path, "Stepwise runs no experiments; the step is left out (its extra ReplicaSets are not"
                    + " started)");
        }
    }
}
