package dev.stepwise.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fields the spec reader accepts, object by object, taken from the readers' own field lists:
 * for tools that must stay in step with the reader (the {@code Rollout} CRD's schema, the spec
 * reference). Paths are written as in the reference: {@code spec.strategy.canary.steps[]} is an
 * item of a list; a field {@code []} marks a list; {@code <name>}, {@code <key>} and
 * {@code <field>} stand for keys the author chooses (a map, or a custom strategy's own fields).
 */
public final class SpecFields {

    private SpecFields() {
    }

    /**
     * Each object the reader reads, by path from the document's root ({@code ""}), with the fields
     * it accepts, in document order.
     */
    public static Map<String, List<String>> byObject() {
        Map<String, List<String>> objects = new LinkedHashMap<>();
        objects.put("", RolloutSpecReader.TOP_FIELDS);
        objects.put("metadata", RolloutSpecReader.METADATA_FIELDS);
        objects.put("spec", RolloutSpecReader.SPEC_FIELDS);
        objects.put("spec.target", RolloutSpecReader.TARGET_FIELDS);
        objects.put("spec.strategy", StrategySpecReader.DECLARABLE);
        objects.put("spec.strategy.custom", List.of(StrategySpecReader.CUSTOM_TYPE, "<field>"));
        objects.put("spec.strategy.canary", StrategySpecReader.CANARY_FIELDS);
        objects.put("spec.strategy.blueGreen", StrategySpecReader.BLUE_GREEN_FIELDS);
        objects.put("spec.strategy.canary.steps", List.of("[]"));
        objects.put("spec.strategy.canary.steps[]", StepsSpecReader.STEP_KEYS);
        objects.put("spec.strategy.canary.steps[].pause", StepsSpecReader.PAUSE_FIELDS);
        objects.put("spec.strategy.canary.steps[].analysis", StepsSpecReader.ANALYSIS_FIELDS);
        objects.put("spec.strategy.canary.steps[].analysis.metrics", List.of("[]"));
        objects.put("spec.strategy.canary.steps[].analysis.metrics[]", AnalysisSpecReader.METRIC_FIELDS);
        objects.put("spec.strategy.canary.steps[].analysis.metrics[].thresholdRange", AnalysisSpecReader.RANGE_FIELDS);
        objects.put("spec.strategy.canary.steps[].setHeaderRoute", StepsSpecReader.HEADER_ROUTE_FIELDS);
        objects.put("spec.strategy.canary.steps[].setHeaderRoute.match", List.of("[]"));
        objects.put("spec.strategy.canary.steps[].setHeaderRoute.match[]", StepsSpecReader.HEADER_MATCH_FIELDS);
        objects.put("spec.strategy.canary.steps[].setHeaderRoute.match[].headerValue", MatchSpecReader.OPERATORS);
        objects.put("spec.strategy.canary.steps[].setMirrorRoute", StepsSpecReader.MIRROR_ROUTE_FIELDS);
        objects.put("spec.strategy.canary.steps[].setCanaryScale", StepsSpecReader.CANARY_SCALE_FIELDS);
        objects.put("spec.strategy.rolling", StrategySpecReader.ROLLING_FIELDS);
        objects.put("spec.strategy.abTest", StrategySpecReader.AB_TEST_FIELDS);
        objects.put("spec.strategy.abTest.match", List.of("[]"));
        objects.put("spec.strategy.abTest.match[]", MatchSpecReader.ENTRY_FIELDS);
        for (String source : MatchSpecReader.ENTRY_FIELDS) {
            objects.put("spec.strategy.abTest.match[]." + source, List.of("<name>"));
            objects.put("spec.strategy.abTest.match[]." + source + ".<name>", MatchSpecReader.OPERATORS);
        }
        objects.put("spec.analysis", AnalysisSpecReader.FIELDS);
        objects.put("spec.analysis.noData", AnalysisSpecReader.NO_DATA_FIELDS);
        objects.put("spec.analysis.metrics", List.of("[]"));
        objects.put("spec.analysis.metrics[]", AnalysisSpecReader.METRIC_FIELDS);
        objects.put("spec.analysis.metrics[].thresholdRange", AnalysisSpecReader.RANGE_FIELDS);
        objects.put("spec.analysis.webhooks", List.of("[]"));
        objects.put("spec.analysis.webhooks[]", AnalysisSpecReader.WEBHOOK_FIELDS);
        objects.put("spec.analysis.webhooks[].metadata", List.of("<key>"));
        objects.put("spec.analysis.judges", List.of("[]"));
        // one list for both types: each type refuses the other's fields by name
        objects.put("spec.analysis.judges[]", Stream.of(JudgeSpec.FIELDS, MannWhitneySpec.FIELDS).flatMap(List::stream)
                .distinct().collect(Collectors.toList()));
        objects.put("spec.analysis.judges[].effect", JudgeSpec.EFFECT_FIELDS);
        objects.put("spec.analysis.judges[].metrics", List.of("[]"));
        objects.put("spec.analysis.judges[].metrics[]", MannWhitneySpec.METRIC_FIELDS);
        objects.put("spec.analysis.judges[].metrics[].tolerance", MannWhitneySpec.TOLERANCE_FIELDS);
        objects.put("spec.analysis.judges[].outliers", MannWhitneySpec.OUTLIER_FIELDS);
        objects.put("spec.service", ServiceSpecReader.FIELDS);
        objects.put("spec.service.parentRefs", List.of("[]"));
        objects.put("spec.service.parentRefs[]", ServiceSpecReader.PARENT_REF_FIELDS);
        objects.put("spec.service.trackServices", ServiceSpecReader.TRACK_FIELDS);
        objects.put("spec.provider", Stream.of(ProviderSpecReader.ISTIO_FIELDS, ProviderSpecReader.KUMA_FIELDS,
                ProviderSpecReader.GATEWAY_API_FIELDS).flatMap(List::stream).distinct().collect(Collectors.toList()));
        objects.put("spec.metricsServer", MetricsServerSpecReader.FIELDS);
        objects.put("spec.metricsServer.basicAuth", MetricsServerSpecReader.BASIC_AUTH_FIELDS);
        for (String secret : List.of("spec.metricsServer.bearerToken", "spec.metricsServer.basicAuth.password")) {
            objects.put(secret, MetricsServerSpecReader.REF_FIELDS);
            objects.put(secret + ".secretKeyRef", MetricsServerSpecReader.SECRET_KEY_FIELDS);
        }
        objects.put("spec.delivery", DeliverySpec.KINDS);
        objects.put("spec.delivery.git", DeliverySpecReader.GIT_FIELDS);
        return Collections.unmodifiableMap(objects);
    }
}
