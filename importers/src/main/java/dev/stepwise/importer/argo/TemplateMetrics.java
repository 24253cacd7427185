package dev.stepwise.importer.argo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads one metric of an analysis template ({@code spec.metrics[]}): its Prometheus provider,
 * its conditions as a threshold range ({@link ConditionParser}), {@code count}, {@code interval}
 * and {@code failureLimit}; reports the limits and delays Stepwise does not have.
 */
final class TemplateMetrics {

    /** A query after argument substitution, and the arguments that had no value. */
    record Substituted(String query, List<String> missing) {
    }

    private static final Set<String> READ = Set.of("name", "provider", "successCondition", "failureCondition",
            "failureLimit", "count", "interval", "consecutiveErrorLimit", "inconclusiveLimit", "initialDelay",
            "consecutiveSuccessLimit");
    private static final Set<String> PROMETHEUS = Set.of("address", "query");

    private TemplateMetrics() {
    }

    /** The metric, or empty (with an error) when Stepwise cannot check it. */
    static Optional<ImportedMetric> read(JsonNode metric, String path, Function<String, Substituted> args,
                                         FindingLog log) {
        log.notCarried(metric, path, READ, "no Stepwise equivalent; not carried");
        limits(metric, path, log);
        String name = metric.path("name").asText("");
        JsonNode provider = metric.path("provider");
        if (!provider.has("prometheus") || provider.size() != 1) {
            log.error(path + ".provider", "metric " + name + " uses provider " + String.join(", ", fieldNames(provider))
                    + "; Stepwise queries Prometheus only, so the rollout would go on without this check");
            return Optional.empty();
        }
        JsonNode prometheus = provider.path("prometheus");
        log.notCarried(prometheus, path + ".provider.prometheus", PROMETHEUS,
                "not carried: set spec.metricsServer (timeout, bearerToken, basicAuth) in the Stepwise spec");
        Substituted query = args.apply(prometheus.path("query").asText(""));
        if (!query.missing().isEmpty()) {
            log.error(path + ".provider.prometheus.query", "metric " + name + " uses {{args." + query.missing().get(0)
                    + "}}, which neither the Rollout's args nor the template's defaults give a value");
            return Optional.empty();
        }
        Optional<ThresholdCondition> range = range(metric, path, log);
        if (range.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> address = prometheus.has("address")
                ? Optional.of(prometheus.path("address").asText()) : Optional.empty();
        Optional<String> interval = metric.has("interval") ? Optional.of(metric.path("interval").asText())
                : Optional.empty();
        Optional<Integer> count = metric.has("count") ? Optional.of(metric.path("count").asInt()) : Optional.empty();
        return Optional.of(new ImportedMetric(name, query.query().strip(), range.get(), interval, count,
                metric.path("failureLimit").asInt(0), address));
    }

    private static void limits(JsonNode metric, String path, FindingLog log) {
        if (metric.has("consecutiveErrorLimit")) {
            log.warning(path + ".consecutiveErrorLimit", "not carried: Stepwise has no separate limit for failed"
                    + " queries; a look without data is held for spec.analysis.noData.holdIntervals intervals");
        }
        if (metric.has("inconclusiveLimit")) {
            log.warning(path + ".inconclusiveLimit", "not carried: Stepwise has no inconclusive result; a value"
                    + " outside the range fails");
        }
        if (metric.has("initialDelay")) {
            log.warning(path + ".initialDelay", "not carried: Stepwise judges from the first analysis interval");
        }
        if (metric.has("consecutiveSuccessLimit")) {
            log.warning(path + ".consecutiveSuccessLimit", "not carried: Stepwise passes on the analyses its"
                    + " strategy asks for, not on consecutive successes");
        }
        if (metric.path("failureLimit").asInt(0) < 0) {
            log.warning(path + ".failureLimit", "-1 (failures never fail the analysis) has no equivalent: Stepwise"
                    + " rolls back after spec.analysis.threshold failed analyses");
        }
    }

    private static Optional<ThresholdCondition> range(JsonNode metric, String path, FindingLog log) {
        Optional<ThresholdCondition> success = Optional.of(ThresholdCondition.ANY);
        if (metric.has("successCondition")) {
            success = condition(metric.path("successCondition").asText(), path + ".successCondition", log);
        }
        Optional<ThresholdCondition> notFailure = Optional.of(ThresholdCondition.ANY);
        if (metric.has("failureCondition")) {
            String text = metric.path("failureCondition").asText();
            notFailure = condition(text, path + ".failureCondition", log).flatMap(c -> {
                Optional<ThresholdCondition> complement = c.complement();
                if (complement.isEmpty()) {
                    log.error(path + ".failureCondition", "\"" + text + "\" rejects a band of values; a threshold"
                            + " range can only reject values below or above it; write the check by hand");
                }
                return complement;
            });
        }
        if (success.isEmpty() || notFailure.isEmpty()) {
            return Optional.empty();
        }
        ThresholdCondition passing = success.get().and(notFailure.get());
        if (passing.equals(ThresholdCondition.ANY)) {
            log.error(path, "metric has neither successCondition nor failureCondition: there is nothing to check");
            return Optional.empty();
        }
        if (metric.has("successCondition") && metric.has("failureCondition")
                && !success.get().equals(notFailure.get())) {
            log.warning(path + ".failureCondition", "values meeting neither condition were inconclusive in Argo"
                    + " (the rollout paused); Stepwise passes " + passing + " and fails every other value");
        }
        if (passing.exclusive()) {
            log.warning(path, "threshold ranges are inclusive: the bound itself passes in Stepwise (" + passing
                    + " read as inclusive)");
        }
        return Optional.of(passing);
    }

    private static Optional<ThresholdCondition> condition(String text, String path, FindingLog log) {
        ConditionParser.Result result = ConditionParser.parse(text);
        if (result instanceof ConditionParser.Range range) {
            return Optional.of(range.range());
        }
        log.error(path, "\"" + text + "\" is not a threshold on one value (" + ((ConditionParser.Unsupported) result)
                .reason() + "); Stepwise reads result[0] compared with numbers, joined by &&; write the check by hand");
        return Optional.empty();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? List.of("(none)") : names;
    }
}
