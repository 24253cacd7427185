package dev.stepwise.importer.argo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rollout-wide analysis of the spec being written ({@code spec.analysis}, {@code
 * spec.metricsServer}), gathered from every analysis the Rollout references: background and
 * blue/green analyses become {@code spec.analysis.metrics}; step analyses only lend their
 * interval and address when there is nothing else. Argo's {@code failureLimit} (failures
 * tolerated) becomes {@code threshold} (failures that roll back): {@code failureLimit + 1}.
 */
final class SpecAnalysis {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_THRESHOLD = 1000;

    private final List<ImportedMetric> rolloutWide = new ArrayList<>();
    private final List<ImportedMetric> seen = new ArrayList<>();

    /** Adds checks judged all along; a name already taken is reported and the later one left out. */
    void addRolloutWide(List<ImportedMetric> metrics, String path, FindingLog log) {
        for (ImportedMetric metric : metrics) {
            Optional<ImportedMetric> taken = rolloutWide.stream().filter(m -> m.name().equals(metric.name())).findFirst();
            if (taken.isPresent()) {
                log.warning(path, "metric " + metric.name() + " is referenced twice; Stepwise judges it once, all"
                        + " along the rollout" + (taken.get().query().equals(metric.query()) ? ""
                        : ", with the first reference's query (this one's args give another)"));
                continue;
            }
            rolloutWide.add(metric);
            seen.add(metric);
        }
    }

    /** Records step checks, for the interval and metrics server when no rollout-wide check gives them. */
    void addStepChecks(List<ImportedMetric> metrics) {
        seen.addAll(metrics);
    }

    /** The names of the rollout-wide checks. */
    Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        rolloutWide.forEach(m -> names.add(m.name()));
        return names;
    }

    /** The interval the spec's analysis runs at, when a check gives one. */
    Optional<String> interval() {
        return (rolloutWide.isEmpty() ? seen : rolloutWide).stream().flatMap(m -> m.interval().stream()).findFirst();
    }

    /** {@code spec.analysis.metrics[]} for {@code metric}. */
    static ObjectNode metricNode(ImportedMetric metric) {
        ObjectNode node = JSON.objectNode();
        node.put("name", metric.name());
        node.put("query", metric.query());
        ObjectNode range = node.putObject("thresholdRange");
        metric.range().min().ifPresent(b -> range.put("min", b.value()));
        metric.range().max().ifPresent(b -> range.put("max", b.value()));
        return node;
    }

    /** Writes {@code analysis} and {@code metricsServer} into {@code spec} when a check was imported. */
    void write(ObjectNode spec, String path, FindingLog log) {
        if (seen.isEmpty()) {
            return;
        }
        ObjectNode analysis = spec.putObject("analysis");
        interval().ifPresent(i -> analysis.put("interval", i));
        Set<String> intervals = new LinkedHashSet<>();
        rolloutWide.forEach(m -> m.interval().ifPresent(intervals::add));
        if (intervals.size() > 1) {
            log.warning(path, "the analysis templates measure at different intervals " + intervals + "; Stepwise"
                    + " judges every check at one interval: " + interval().orElse("1m"));
        }
        List<ImportedMetric> limited = rolloutWide.isEmpty() ? seen : rolloutWide;
        int failureLimit = limited.stream().mapToInt(ImportedMetric::failureLimit).map(l -> Math.max(l, 0))
                .min().orElse(0);
        if (limited.stream().map(m -> Math.max(m.failureLimit(), 0)).distinct().count() > 1) {
            log.warning(path, "the analysis templates tolerate different numbers of failures (failureLimit);"
                    + " Stepwise has one threshold for the rollout: the strictest, " + (failureLimit + 1));
        }
        analysis.put("threshold", Math.min(failureLimit + 1, MAX_THRESHOLD));
        ArrayNode metrics = analysis.putArray("metrics");
        rolloutWide.forEach(m -> metrics.add(metricNode(m)));
        Set<String> addresses = new LinkedHashSet<>();
        seen.forEach(m -> m.address().ifPresent(addresses::add));
        if (!addresses.isEmpty()) {
            spec.putObject("metricsServer").put("address", addresses.iterator().next());
        }
        if (addresses.size() > 1) {
            log.warning(path, "the analysis templates query different Prometheus addresses " + addresses
                    + "; Stepwise queries one metrics server: " + addresses.iterator().next());
        }
    }

    @Override
    public String toString() {
        return "SpecAnalysis" + names();
    }
}
