package dev.stepwise.importer.argo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.importer.ManifestDocument;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Translates {@code spec.strategy.canary}: with {@code steps}, Stepwise's step list (see {@link
 * CanarySteps}); without, Argo rolls the pods over as a Deployment would, which is Stepwise's
 * {@code rolling} strategy with the same {@code maxSurge}/{@code maxUnavailable} (Argo's
 * defaults, 25% each, written out). The background analysis ({@code analysis}) is judged all
 * along; {@code trafficRouting} becomes the provider ({@link TrafficRouting}).
 */
final class Canary {

    private static final Set<String> READ = Set.of("steps", "maxSurge", "maxUnavailable", "trafficRouting",
            "analysis", "canaryService", "stableService");
    private static final String ARGO_DEFAULT_SURGE = "25%";

    private Canary() {
    }

    /** The {@code spec.strategy} node; {@code spec} gets the provider and service. */
    static ObjectNode translate(JsonNode canary, String path, ObjectNode spec, ImportContext context,
                                Map<String, ManifestDocument> services, FindingLog log) {
        ObjectNode strategy = spec.objectNode();
        if (canary.has("analysis")) {
            String at = path + ".analysis";
            List<ImportedMetric> metrics = context.templates().resolve(canary.path("analysis"), at,
                    Set.of("startingStep"), log);
            context.analysis().addRolloutWide(metrics, at, log);
            if (canary.path("analysis").has("startingStep")) {
                log.warning(at + ".startingStep", "not carried: Stepwise judges the background analysis from the"
                        + " first step; to judge from a later step only, move its checks into an analysis step");
            }
            metrics.stream().filter(m -> m.count().isPresent()).findFirst().ifPresent(m -> log.warning(at,
                    "metric " + m.name() + " has count " + m.count().get() + ": Argo stops measuring after it;"
                            + " Stepwise judges it at every interval to the end of the rollout"));
        }
        JsonNode steps = canary.path("steps");
        if (steps.isEmpty()) {
            strategy.set("rolling", rolling(canary, path, context, log));
            if (canary.has("trafficRouting")) {
                log.warning(path + ".trafficRouting", "without steps Argo sends all traffic to the new pods at"
                        + " once; Stepwise's rolling strategy moves pods, not traffic: the routing is not used");
            }
        } else {
            ArrayNode translated = CanarySteps.translate(steps, path + ".steps", context, log);
            if (translated.isEmpty()) {
                log.error(path + ".steps", "no step could be carried over");
            }
            strategy.putObject("canary").set("steps", translated);
            for (String field : List.of("maxSurge", "maxUnavailable")) {
                if (canary.has(field)) {
                    log.warning(path + "." + field, "not carried: with steps, Stepwise sizes the canary by its"
                            + " weights and setCanaryScale, and stable keeps its replicas until promotion");
                }
            }
            TrafficRouting.translate(canary.path("trafficRouting"), path + ".trafficRouting", spec, log);
        }
        TrackServices.write(spec, Optional.empty(), BlueGreen.text(canary, "stableService"),
                BlueGreen.text(canary, "canaryService"), services, path, log);
        log.notCarried(canary, path, READ, "no Stepwise equivalent; not carried");
        return strategy;
    }

    private static ObjectNode rolling(JsonNode canary, String path, ImportContext context, FindingLog log) {
        ObjectNode rolling = JsonNodeFactory.instance.objectNode();
        log.warning(path + ".steps", "no steps: Argo replaces the pods as a Deployment would; Stepwise's rolling"
                + " strategy moves them in batches (25%, 50%, 100%) with an analysis interval each");
        percent(canary, "maxSurge", path, context, log).ifPresent(p -> rolling.put("maxSurge", p));
        percent(canary, "maxUnavailable", path, context, log).ifPresent(p -> rolling.put("maxUnavailable", p));
        return rolling;
    }

    /** A percent as Stepwise reads it ({@code "25%"}); Argo's default when unset. */
    private static Optional<String> percent(JsonNode canary, String field, String path, ImportContext context,
                                            FindingLog log) {
        JsonNode value = canary.path(field);
        if (value.isMissingNode()) {
            return Optional.of(ARGO_DEFAULT_SURGE);
        }
        if (value.isTextual() && value.asText().endsWith("%")) {
            return Optional.of(value.asText());
        }
        int count = value.asInt(-1);
        if (count == 0) {
            return Optional.of("0%");
        }
        if (count > 0 && context.replicas().filter(r -> r > 0).isPresent()) {
            int total = context.replicas().get();
            int percent = (int) Math.min(100, Math.ceil(count * 100.0 / total));
            log.warning(path + "." + field, count + " of " + total + " replicas written as " + percent + "%");
            return Optional.of(percent + "%");
        }
        log.warning(path + "." + field, value + " is a pod count and the replicas are not known: Stepwise takes"
                + " a percent; its default is used");
        return Optional.empty();
    }
}
