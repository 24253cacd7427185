package dev.stepwise.spec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Webhook;
import dev.stepwise.strategy.ABTestStrategy;
import dev.stepwise.strategy.BlueGreenStrategy;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.strategy.RollingStrategy;
import dev.stepwise.strategy.StepListStrategy;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.time.Durations;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.traffic.RouteMatch;
import dev.stepwise.traffic.Track;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes a {@link RolloutSpec} back to a tree in the shape {@link RolloutSpecReader} reads:
 * every setting explicit, durations Go-style, percentages of the rolling strategy as
 * {@code "N%"}.
 */
final class SpecWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SpecWriter() {
    }

    static ObjectNode write(RolloutSpec spec) {
        ObjectNode root = NODES.objectNode();
        root.put("apiVersion", spec.apiVersion());
        root.put("kind", spec.kind());
        ObjectNode metadata = root.putObject("metadata");
        metadata.put("name", spec.metadata().name());
        if (!spec.metadata().namespace().isEmpty()) {
            metadata.put("namespace", spec.metadata().namespace());
        }
        ObjectNode body = root.putObject("spec");
        body.putObject("target").put("kind", spec.target().kind()).put("name", spec.target().name());
        body.set("strategy", strategy(spec.strategy()).orElseThrow(() -> new IllegalStateException(
                "a " + spec.strategy().kind() + " strategy (" + spec.strategy().getClass().getName()
                        + ") cannot be written as a spec: no installed StrategyProvider writes it")));
        body.set("analysis", analysis(spec.analysis()));
        SpecSectionWriter.write(spec, body);
        return root;
    }

    /**
     * The {@code spec.strategy} tree of a built-in strategy, or of a custom one its
     * {@link StrategyProvider} writes; empty for any other.
     */
    static Optional<ObjectNode> strategy(Strategy strategy) {
        ObjectNode node = NODES.objectNode();
        if (strategy instanceof StepListStrategy) {
            node.set(strategy.kind().label(), StepsSpecWriter.canary((StepListStrategy) strategy));
        } else if (strategy instanceof CanaryStrategy) {
            node.set(strategy.kind().label(), canary((CanaryStrategy) strategy));
        } else if (strategy instanceof BlueGreenStrategy) {
            node.set(strategy.kind().label(), blueGreen((BlueGreenStrategy) strategy));
        } else if (strategy instanceof RollingStrategy) {
            node.set(strategy.kind().label(), rolling((RollingStrategy) strategy));
        } else if (strategy instanceof ABTestStrategy) {
            node.set(strategy.kind().label(), abTest((ABTestStrategy) strategy));
        } else {
            return StrategyProviders.written(strategy).map(CustomStrategyWriter::write);
        }
        return Optional.of(node);
    }

    private static ObjectNode canary(CanaryStrategy canary) {
        ObjectNode node = NODES.objectNode();
        List<Integer> weights = canary.weights();
        // stepWeight + maxWeight when that is how these weights would be built, as people write them
        int step = weights.get(0);
        if (weights.equals(evenSteps(step, canary.maxWeight()))) {
            node.put("stepWeight", step).put("maxWeight", canary.maxWeight());
        } else {
            ArrayNode list = node.putArray("stepWeights");
            weights.forEach(list::add);
        }
        return node.put("stepWeightPromotion", canary.stepWeightPromotion())
                .put("mirror", canary.mirror())
                .put("mirrorWeight", canary.mirrorWeight())
                .put("baseline", canary.baseline());
    }

    /** The weights {@code stepWeight: step, maxWeight: max} give: step, 2 step, ... below max, then max. */
    private static List<Integer> evenSteps(int step, int max) {
        List<Integer> weights = new ArrayList<>();
        for (int w = step; w < max; w += step) {
            weights.add(w);
        }
        weights.add(max);
        return weights;
    }

    private static ObjectNode blueGreen(BlueGreenStrategy blueGreen) {
        ObjectNode node = NODES.objectNode()
                .put("iterations", blueGreen.iterations())
                .put("mirror", blueGreen.mirror())
                .put("mirrorWeight", blueGreen.mirrorWeight())
                .put("postPromotionIterations", blueGreen.postPromotionIterations())
                .put("scaleDownDelay", Durations.format(blueGreen.scaleDownDelay()))
                .put("autoPromotion", blueGreen.autoPromotion());
        return node;
    }

    private static ObjectNode rolling(RollingStrategy rolling) {
        ObjectNode node = NODES.objectNode();
        ArrayNode batches = node.putArray("batches");
        rolling.batches().forEach(batches::add);
        return node.put("maxSurge", rolling.maxSurge() + "%").put("maxUnavailable", rolling.maxUnavailable() + "%");
    }

    private static ObjectNode abTest(ABTestStrategy abTest) {
        ObjectNode node = NODES.objectNode().put("iterations", abTest.iterations());
        ArrayNode matches = node.putArray("match");
        abTest.matches().forEach(match -> matches.add(match(match)));
        return node;
    }

    /** Headers before cookies, each in the match's order, so that the text is the same however built. */
    private static ObjectNode match(RouteMatch match) {
        if (match.track() != Track.CANARY) {
            throw new IllegalStateException("a spec routes A/B matches to the canary only, not " + match);
        }
        ObjectNode node = NODES.objectNode();
        ObjectNode headers = node.putObject("headers");
        ObjectNode cookies = node.putObject("cookies");
        for (MatchCondition condition : match.conditions()) {
            ObjectNode conditions = condition.source() == MatchCondition.Source.HEADER ? headers : cookies;
            if (conditions.has(condition.name())) {
                throw new IllegalStateException("a spec holds one condition per " + condition.source().label()
                        + " in a match; " + condition.name() + " has two in " + match);
            }
            conditions.putObject(condition.name()).put(condition.operator().label(), condition.value());
        }
        if (headers.isEmpty()) {
            node.remove("headers");
        }
        if (cookies.isEmpty()) {
            node.remove("cookies");
        }
        return node;
    }

    static ObjectNode analysis(AnalysisPolicy analysis) {
        ObjectNode node = NODES.objectNode()
                .put("interval", Durations.format(analysis.interval()))
                .put("threshold", analysis.threshold());
        node.putObject("noData").put("holdIntervals", analysis.noData().holdIntervals());
        ArrayNode metrics = node.putArray("metrics");
        analysis.metrics().forEach(metric -> metrics.add(metric(metric)));
        ArrayNode webhooks = node.putArray("webhooks");
        analysis.webhooks().forEach(webhook -> webhooks.add(webhook(webhook)));
        if (!analysis.judges().isEmpty() || !analysis.distributionJudges().isEmpty()) {
            ArrayNode judges = node.putArray("judges");
            analysis.judges().forEach(judge -> judges.add(JudgeSpec.write(judge)));
            analysis.distributionJudges().forEach(judge -> judges.add(MannWhitneySpec.write(judge)));
        }
        return node;
    }

    static ObjectNode metric(MetricCheck metric) {
        ObjectNode node = NODES.objectNode().put("name", metric.name());
        if (!metric.query().isEmpty()) {
            node.put("query", metric.query());
        }
        ThresholdRange range = metric.thresholdRange();
        ObjectNode rangeNode = node.putObject("thresholdRange");
        if (range.min() != null) {
            putNumber(rangeNode, "min", range.min());
        }
        if (range.max() != null) {
            putNumber(rangeNode, "max", range.max());
        }
        if (metric.interval() != null) {
            node.put("interval", Durations.format(metric.interval()));
        }
        return node;
    }

    /** Whole numbers without a fraction ({@code 99}, not {@code 99.0}), as people write them. */
    private static void putNumber(ObjectNode node, String field, double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            node.put(field, (long) value);
        } else {
            node.put(field, value);
        }
    }

    private static ObjectNode webhook(Webhook webhook) {
        ObjectNode node = NODES.objectNode()
                .put("name", webhook.name())
                .put("type", webhook.type().label())
                .put("url", webhook.url().toString())
                .put("timeout", Durations.format(webhook.timeout()));
        if (!webhook.metadata().isEmpty()) {
            ObjectNode metadata = node.putObject("metadata");
            new TreeMap<>(webhook.metadata()).forEach(metadata::put);
        }
        return node;
    }
}
