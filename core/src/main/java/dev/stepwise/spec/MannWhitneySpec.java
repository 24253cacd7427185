package dev.stepwise.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.analysis.MannWhitneyCheck;
import dev.stepwise.analysis.judge.DistributionMetric;
import dev.stepwise.analysis.judge.HarmDirection;
import dev.stepwise.analysis.judge.MannWhitneyJudge;
import dev.stepwise.analysis.judge.OutlierFilter;
import dev.stepwise.analysis.judge.Tolerance;
import dev.stepwise.time.Durations;
import dev.stepwise.validation.internal.NodeReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code type: mann-whitney} entry of {@code spec.analysis.judges}, read and written:
 * {@code name} (default {@code mann-whitney}), {@code metrics} (each {@code name}, {@code query},
 * {@code direction}, {@code tolerance} {@code {relative: 0.1}} or {@code {absolute: 0.05}},
 * {@code weight}, {@code critical}), {@code confidence}, {@code minSamples}, {@code passScore},
 * {@code marginalScore}, {@code outliers} ({@code {iqr: 3}}), {@code step} and {@code lookback}.
 */
final class MannWhitneySpec {

    static final String TYPE = "mann-whitney";
    static final List<String> FIELDS = List.of("type", "name", "metrics", "confidence", "minSamples", "passScore",
            "marginalScore", "outliers", "step", "lookback");
    static final List<String> METRIC_FIELDS = List.of("name", "query", "direction", "tolerance", "weight", "critical");
    static final List<String> TOLERANCE_FIELDS = List.of("relative", "absolute");
    static final List<String> OUTLIER_FIELDS = List.of("iqr");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DistributionMetric STAND_IN = DistributionMetric.of("stand-in", "stand-in");

    private MannWhitneySpec() {
    }

    /** Whether {@code judge} (an entry of {@code judges}) declares this type. */
    static boolean declares(JsonNode judge) {
        return TYPE.equals(judge.path("type").asText());
    }

    /** The judge, or empty when the entry has a problem (each recorded under its path). */
    static Optional<MannWhitneyCheck> read(NodeReader j) {
        OnlyFor.refuse(j, JudgeSpec.FIELDS, FIELDS, "sequential");
        String name = j.string("name").orElse(MannWhitneyCheck.DEFAULT_NAME);
        List<DistributionMetric> metrics = new ArrayList<>();
        Optional<List<NodeReader>> items = j.required("metrics", NodeReader::asList);
        items.ifPresent(list -> list.forEach(item -> item.asObject().flatMap(MannWhitneySpec::metric).ifPresent(metrics::add)));
        double confidence = j.number("confidence").orElse(MannWhitneyJudge.DEFAULT_CONFIDENCE);
        int minSamples = j.integer("minSamples").orElse(MannWhitneyJudge.DEFAULT_MIN_SAMPLES);
        double passScore = j.number("passScore").orElse(MannWhitneyJudge.DEFAULT_PASS_SCORE);
        double marginalScore = j.number("marginalScore").orElse(MannWhitneyJudge.DEFAULT_MARGINAL_SCORE);
        Optional<OutlierFilter> outliers = j.object("outliers").map(MannWhitneySpec::outliers)
                .orElse(Optional.of(OutlierFilter.NONE));
        Duration step = j.optional("step", SpecValues.durationBetween(MannWhitneyCheck.MIN_STEP, MannWhitneyCheck.MAX_STEP))
                .orElse(MannWhitneyCheck.DEFAULT_STEP);
        Duration lookback = j.optional("lookback",
                SpecValues.durationBetween(MannWhitneyCheck.MIN_STEP, MannWhitneyCheck.MAX_LOOKBACK))
                .orElse(MannWhitneyCheck.DEFAULT_LOOKBACK);
        if (items.map(List::isEmpty).orElse(false)) {
            j.problem("metrics", "must list at least one metric (name and query)");
        }
        boolean metricsRead = items.map(List::size).orElse(-1) == metrics.size();
        // built before the check for problems, so that a wrong confidence is reported next to a wrong metric;
        // with a metric unread, a stand-in keeps the judge's own fields checked without a false "no metrics"
        List<DistributionMetric> checked = metricsRead || !metrics.isEmpty() ? metrics : List.of(STAND_IN);
        Optional<MannWhitneyJudge> judge = j.build(() -> new MannWhitneyJudge(confidence, minSamples, passScore,
                marginalScore, outliers.orElse(OutlierFilter.NONE), checked));
        if (j.troubled() || outliers.isEmpty() || judge.isEmpty() || !metricsRead) {
            return Optional.empty();
        }
        return j.build(() -> new MannWhitneyCheck(name, judge.get(), step, lookback));
    }

    private static Optional<DistributionMetric> metric(NodeReader m) {
        m.allowOnly(METRIC_FIELDS);
        Optional<String> name = m.required("name", NodeReader::asString);
        Optional<String> query = m.required("query", NodeReader::asString);
        HarmDirection direction = m.optional("direction", r -> r.asOneOf(HarmDirection.labels()))
                .map(HarmDirection::of).orElse(HarmDirection.INCREASE);
        Optional<Tolerance> tolerance = m.object("tolerance").map(MannWhitneySpec::tolerance)
                .orElse(Optional.of(Tolerance.ofDefaults()));
        double weight = m.number("weight").orElse(1.0);
        boolean critical = m.bool("critical").orElse(false);
        if (m.troubled() || name.isEmpty() || query.isEmpty() || tolerance.isEmpty()) {
            return Optional.empty();
        }
        return m.build(() -> new DistributionMetric(name.get(), query.get(), direction, tolerance.get(), weight, critical));
    }

    private static Optional<Tolerance> tolerance(NodeReader t) {
        t.allowOnly(TOLERANCE_FIELDS);
        Optional<Double> relative = t.number("relative");
        Optional<Double> absolute = t.number("absolute");
        if (t.troubled()) {
            return Optional.empty();
        }
        if (relative.isPresent() == absolute.isPresent()) {
            t.problem("must set exactly one of relative (a share of the control's median, e.g. 0.1) or absolute (e.g. 0.05)");
            return Optional.empty();
        }
        return t.build(() -> relative.isPresent() ? new Tolerance.Relative(relative.get())
                : new Tolerance.Absolute(absolute.get()));
    }

    private static Optional<OutlierFilter> outliers(NodeReader o) {
        o.allowOnly(OUTLIER_FIELDS);
        Optional<Double> iqr = o.required("iqr", NodeReader::asNumber);
        if (o.troubled() || iqr.isEmpty()) {
            return Optional.empty();
        }
        return o.build(() -> new OutlierFilter(iqr.get()));
    }

    /** The entry as {@link #read} reads it, every field written. */
    static ObjectNode write(MannWhitneyCheck check) {
        MannWhitneyJudge judge = check.judge();
        ObjectNode node = NODES.objectNode().put("type", TYPE).put("name", check.name());
        ArrayNode metrics = node.putArray("metrics");
        for (DistributionMetric metric : judge.metrics()) {
            ObjectNode m = metrics.addObject().put("name", metric.name()).put("query", metric.query())
                    .put("direction", metric.direction().label());
            if (metric.tolerance() instanceof Tolerance.Relative relative) {
                m.putObject("tolerance").put("relative", relative.fraction());
            } else if (metric.tolerance() instanceof Tolerance.Absolute absolute) {
                m.putObject("tolerance").put("absolute", absolute.amount());
            }
            m.put("weight", metric.weight()).put("critical", metric.critical());
        }
        node.put("confidence", judge.confidence()).put("minSamples", judge.minSamples())
                .put("passScore", judge.passScore()).put("marginalScore", judge.marginalScore());
        if (judge.outliers().enabled()) {
            node.putObject("outliers").put("iqr", judge.outliers().iqrFactor());
        }
        return node.put("step", Durations.format(check.step())).put("lookback", Durations.format(check.lookback()));
    }
}
