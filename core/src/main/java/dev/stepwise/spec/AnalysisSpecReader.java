package dev.stepwise.spec;

import dev.stepwise.validation.Suggestion;
import dev.stepwise.secret.internal.RedactedUrl;
import com.fasterxml.jackson.databind.JsonNode;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.NoDataPolicy;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.rollout.HookType;
import dev.stepwise.validation.internal.NodeReader;
import dev.stepwise.validation.internal.ValueText;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads {@code spec.analysis}: interval, threshold, no-data policy, metrics, webhooks and judges ({@link JudgeSpec}). */
final class AnalysisSpecReader {

    static final List<String> FIELDS = List.of("interval", "threshold", "noData", "metrics", "webhooks", "judges");
    static final List<String> NO_DATA_FIELDS = List.of("holdIntervals");
    static final List<String> METRIC_FIELDS = List.of("name", "query", "thresholdRange", "interval");
    static final List<String> RANGE_FIELDS = List.of("min", "max");
    static final List<String> WEBHOOK_FIELDS = List.of("name", "type", "url", "timeout", "metadata");
    static final List<String> HOOK_TYPES = Arrays.stream(HookType.values()).map(HookType::label).collect(Collectors.toList());

    /** Flagger keeps the strategy's settings in its analysis block; Stepwise declares them with the strategy. */
    private static final Map<String, String> FLAGGER_FIELDS = flaggerFieldHints();

    private AnalysisSpecReader() {
    }

    /** The analysis policy, or empty when {@code analysis} has a problem (each recorded). */
    static Optional<AnalysisPolicy> read(NodeReader analysis) {
        analysis.allowOnly(FIELDS, FLAGGER_FIELDS);
        AnalysisPolicy.Builder policy = AnalysisPolicy.builder();
        analysis.optional("interval", SpecValues.durationBetween(AnalysisPolicy.MIN_INTERVAL, AnalysisPolicy.MAX_INTERVAL))
                .ifPresent(policy::interval);
        analysis.integer("threshold").ifPresent(policy::threshold);
        analysis.object("noData").flatMap(noData -> noData(analysis, noData)).ifPresent(policy::noData);
        policy.metrics(unique(analysis, "metrics", AnalysisSpecReader::metric));
        policy.webhooks(unique(analysis, "webhooks", AnalysisSpecReader::webhook));
        unique(analysis, "judges", JudgeSpec::nameOf, JudgeSpec::read).forEach(judge -> judge.accept(policy));
        Optional<AnalysisPolicy> built = analysis.build(policy::build);
        return analysis.troubled() ? Optional.empty() : built;
    }

    /** The {@code metrics} list of {@code parent} (the analysis, or an analysis step), names unique. */
    static List<MetricCheck> metrics(NodeReader parent) {
        return unique(parent, "metrics", AnalysisSpecReader::metric);
    }

    private static Optional<NoDataPolicy> noData(NodeReader analysis, NodeReader noData) {
        noData.allowOnly(NO_DATA_FIELDS);
        Optional<Integer> hold = noData.integer("holdIntervals");
        if (noData.troubled()) {
            return Optional.empty();
        }
        // built under analysis: NoDataPolicy names its field noData.holdIntervals
        return analysis.build(() -> new NoDataPolicy(hold.orElse(NoDataPolicy.DEFAULT_HOLD_INTERVALS)));
    }

    /**
     * The entries of a list of named things, each read by {@code read}; a name used by an
     * earlier entry is a problem, and only first uses are kept.
     */
    private static <T> List<T> unique(NodeReader parent, String field, Function<NodeReader, Optional<T>> read) {
        return unique(parent, field, item -> item.path("name").isTextual()
                ? Optional.of(item.path("name").textValue()) : Optional.empty(), read);
    }

    /** As {@link #unique(NodeReader, String, Function)}, each entry's name given by {@code nameOf} (a default included). */
    private static <T> List<T> unique(NodeReader parent, String field, Function<JsonNode, Optional<String>> nameOf,
                                      Function<NodeReader, Optional<T>> read) {
        List<T> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NodeReader item : parent.list(field).orElse(List.of())) {
            Optional<String> name = nameOf.apply(item.node());
            boolean duplicate = name.isPresent() && !seen.add(name.get());
            if (duplicate) {
                item.problem("name", ValueText.quote(name.get()) + " is used by an earlier entry; names must be unique");
            }
            Optional<T> value = read.apply(item);
            if (!duplicate) {
                value.ifPresent(result::add);
            }
        }
        return result;
    }

    private static Optional<MetricCheck> metric(NodeReader item) {
        Optional<NodeReader> metric = item.asObject();
        if (metric.isEmpty()) {
            return Optional.empty();
        }
        NodeReader m = metric.get();
        m.allowOnly(METRIC_FIELDS, Map.of("templateRef", "Stepwise metrics hold their query: set query"));
        Optional<String> name = m.required("name", NodeReader::asString);
        Optional<String> query = m.string("query");
        if (name.isPresent() && !MetricCheck.isBuiltIn(name.get()) && query.map(String::isBlank).orElse(!m.has("query"))) {
            m.problem("query", "is required for a custom metric (built-ins are " + MetricCheck.REQUEST_SUCCESS_RATE
                    + " and " + MetricCheck.REQUEST_DURATION + ")");
        }
        Optional<ThresholdRange> range = m.required("thresholdRange", NodeReader::asObject)
                .flatMap(AnalysisSpecReader::thresholdRange);
        Optional<Duration> interval = m.optional("interval",
                SpecValues.durationBetween(MetricCheck.MIN_INTERVAL, MetricCheck.MAX_INTERVAL));
        if (m.troubled() || name.isEmpty() || range.isEmpty()) {
            return Optional.empty();
        }
        return m.build(() -> new MetricCheck(name.get(), query.orElse(""), range.get(), interval.orElse(null)));
    }

    private static Optional<ThresholdRange> thresholdRange(NodeReader range) {
        range.allowOnly(RANGE_FIELDS);
        Optional<Double> min = range.number("min");
        Optional<Double> max = range.number("max");
        if (range.troubled()) {
            return Optional.empty();
        }
        if (min.isEmpty() && max.isEmpty()) {
            range.problem("must set min, max or both");
            return Optional.empty();
        }
        if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
            range.problem("min", range.node().path("min").asText() + " must not be greater than max "
                    + range.node().path("max").asText());
            return Optional.empty();
        }
        return range.build(() -> new ThresholdRange(min.orElse(null), max.orElse(null)));
    }

    private static Optional<Webhook> webhook(NodeReader item) {
        Optional<NodeReader> webhook = item.asObject();
        if (webhook.isEmpty()) {
            return Optional.empty();
        }
        NodeReader w = webhook.get();
        w.allowOnly(WEBHOOK_FIELDS);
        Optional<String> name = w.required("name", NodeReader::asString);
        // Flagger's default type: a rollout check, run with every analysis.
        Optional<HookType> type = w.has("type") ? w.string("type").flatMap(t -> hookType(w, t)) : Optional.of(HookType.ROLLOUT);
        Optional<URI> url = w.required("url", NodeReader::asString).flatMap(u -> url(w, u));
        Optional<Duration> timeout = w.optional("timeout", SpecValues.durationBetween(Webhook.MIN_TIMEOUT, Webhook.MAX_TIMEOUT));
        Optional<Map<String, String>> metadata = w.object("metadata").flatMap(AnalysisSpecReader::metadata);
        if (w.troubled() || name.isEmpty() || type.isEmpty() || url.isEmpty()) {
            return Optional.empty();
        }
        return w.build(() -> new Webhook(name.get(), type.get(), url.get(), timeout.orElse(Webhook.DEFAULT_TIMEOUT),
                metadata.orElse(Map.of())));
    }

    private static Optional<HookType> hookType(NodeReader webhook, String label) {
        Optional<HookType> type = HookType.fromLabel(label);
        if (type.isEmpty()) {
            String advice = Suggestion.closest(label, HOOK_TYPES).map(s -> "; did you mean " + s + "?").orElse("");
            webhook.problem("type", "unknown webhook type " + ValueText.quote(label) + "; allowed: "
                    + String.join(", ", HOOK_TYPES) + advice);
        }
        return type;
    }

    private static Optional<URI> url(NodeReader webhook, String text) {
        try {
            URI url = new URI(text);
            if (!url.isAbsolute() || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                    || url.getHost() == null) {
                webhook.problem("url", ValueText.quote(RedactedUrl.of(text)) + " must be an absolute http or https URL with a host");
                return Optional.empty();
            }
            if (RedactedUrl.hasUserInfo(url)) {
                webhook.problem("url", ValueText.quote(RedactedUrl.of(text)) + " " + Webhook.USER_INFO_ADVICE);
                return Optional.empty();
            }
            return Optional.of(url);
        } catch (URISyntaxException e) {
            // the reason only: the index points into a text that may hold a secret
            webhook.problem("url", ValueText.quote(RedactedUrl.of(text)) + " is not a valid URL (" + e.getReason() + ")");
            return Optional.empty();
        }
    }

    private static Optional<Map<String, String>> metadata(NodeReader metadata) {
        Map<String, String> values = new LinkedHashMap<>();
        metadata.entries().forEach((key, value) -> value.asString().ifPresent(v -> values.put(key, v)));
        return metadata.troubled() ? Optional.empty() : Optional.of(values);
    }

    private static Map<String, String> flaggerFieldHints() {
        Map<String, String> hints = new LinkedHashMap<>();
        for (String field : List.of("stepWeight", "maxWeight", "stepWeights", "stepWeightPromotion", "mirror", "mirrorWeight")) {
            hints.put(field, "a strategy setting; declare it with the strategy: spec.strategy.canary." + field);
        }
        hints.put("iterations", "a strategy setting; declare it with the strategy: spec.strategy.blueGreen.iterations"
                + " or spec.strategy.abTest.iterations");
        hints.put("match", "a strategy setting; declare it with the strategy: spec.strategy.abTest.match");
        return hints;
    }
}
