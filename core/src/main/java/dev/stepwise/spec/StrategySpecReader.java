package dev.stepwise.spec;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.strategy.ABTestStrategy;
import dev.stepwise.strategy.ABTestStrategyBuilder;
import dev.stepwise.strategy.BlueGreenStrategy;
import dev.stepwise.strategy.BlueGreenStrategyBuilder;
import dev.stepwise.strategy.CanaryStep;
import dev.stepwise.strategy.CanaryStrategy;
import dev.stepwise.strategy.CanaryStrategyBuilder;
import dev.stepwise.strategy.RollingStrategy;
import dev.stepwise.strategy.RollingStrategyBuilder;
import dev.stepwise.strategy.StepListStrategy;
import dev.stepwise.strategy.StepListStrategyBuilder;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.validation.Problem;
import dev.stepwise.validation.internal.NodeReader;
import dev.stepwise.validation.internal.ValueText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads {@code spec.strategy}: exactly one of {@code canary}, {@code blueGreen},
 * {@code rolling}, {@code abTest}, each into its strategy's builder; a canary with {@code steps}
 * into a {@link StepListStrategy} (see {@link StepsSpecReader}); {@code custom} through the
 * installed {@link StrategyProvider} its {@code type} names (see {@link CustomStrategyReader}). The builders own range and
 * consistency checks; their problems are reported under the strategy's path.
 */
final class StrategySpecReader {

    /** The built-in strategies. */
    static final List<String> KINDS = List.of(StrategyKind.CANARY.label(), StrategyKind.BLUE_GREEN.label(),
            StrategyKind.ROLLING.label(), StrategyKind.AB_TEST.label());
    /** The keys of {@code spec.strategy}: the built-ins, and {@code custom} for a {@link StrategyProvider}'s. */
    static final List<String> DECLARABLE = List.of(StrategyKind.CANARY.label(), StrategyKind.BLUE_GREEN.label(),
            StrategyKind.ROLLING.label(), StrategyKind.AB_TEST.label(), StrategyKind.CUSTOM.label());
    /** The field of {@code spec.strategy.custom} naming its provider; every other field is the provider's. */
    static final String CUSTOM_TYPE = "type";
    static final List<String> CANARY_FIELDS = List.of("stepWeight", "maxWeight", "stepWeights", "stepWeightPromotion",
            "mirror", "mirrorWeight", "baseline", "steps");
    static final List<String> BLUE_GREEN_FIELDS = List.of("iterations", "mirror", "mirrorWeight",
            "postPromotionIterations", "scaleDownDelay", "autoPromotion");
    static final List<String> ROLLING_FIELDS = List.of("batches", "maxSurge", "maxUnavailable");
    static final List<String> AB_TEST_FIELDS = List.of("iterations", "match");

    private static final String ONE_OF = "declare exactly one of " + String.join(", ", DECLARABLE);

    private StrategySpecReader() {
    }

    /**
     * The declared strategy, built with {@code analysis}; empty when anything has a problem
     * (each recorded). An empty {@code analysis} (it had problems) still lets the strategy's own
     * fields be checked, against the default policy.
     */
    static Optional<Strategy> read(NodeReader spec, Optional<AnalysisPolicy> analysis, StrategyProviders providers) {
        if (!spec.has("strategy")) {
            spec.problem("strategy", "is required; " + ONE_OF);
            return Optional.empty();
        }
        Optional<NodeReader> read = spec.object("strategy");
        if (read.isEmpty()) {
            return Optional.empty();
        }
        NodeReader strategy = read.get();
        strategy.allowOnly(DECLARABLE);
        List<String> declared = DECLARABLE.stream().filter(strategy::has).collect(Collectors.toList());
        if (declared.isEmpty()) {
            strategy.problem(ONE_OF + "; a strategy is declared, never inferred");
        } else if (declared.size() > 1) {
            strategy.problem(ValueText.setTogether(declared) + "; " + ONE_OF);
        }
        AnalysisPolicy policy = analysis.orElseGet(AnalysisPolicy::ofDefaults);
        List<Optional<Strategy>> built = new ArrayList<>();
        for (String kind : declared) {
            built.add(settings(strategy.field(kind)).flatMap(settings -> read(kind, settings, policy, providers)));
        }
        return declared.size() == 1 && analysis.isPresent() ? built.get(0) : Optional.empty();
    }

    private static Optional<NodeReader> settings(NodeReader declared) {
        if (declared.node().isNull()) {
            declared.problem("expected an object, got null; write {} for the defaults");
            return Optional.empty();
        }
        return declared.asObject();
    }

    private static Optional<Strategy> read(String kind, NodeReader settings, AnalysisPolicy analysis,
                                           StrategyProviders providers) {
        switch (kind) {
            case "custom":
                return CustomStrategyReader.read(settings, analysis, providers);
            case "canary":
                return canary(settings, analysis);
            case "blueGreen":
                return blueGreen(settings, analysis);
            case "rolling":
                return rolling(settings, analysis);
            case "abTest":
                return abTest(settings, analysis);
            default:
                throw new IllegalArgumentException("not a declarable strategy: " + kind);
        }
    }

    private static Optional<Strategy> canary(NodeReader canary, AnalysisPolicy analysis) {
        canary.allowOnly(CANARY_FIELDS);
        if (canary.has("steps")) {
            return steps(canary, analysis);
        }
        CanaryStrategyBuilder builder = CanaryStrategy.builder().analysis(analysis);
        canary.integer("stepWeight").ifPresent(builder::stepWeight);
        canary.integer("maxWeight").ifPresent(builder::maxWeight);
        canary.list("stepWeights").flatMap(items -> all(items, NodeReader::asInteger))
                .ifPresent(weights -> builder.stepWeights(weights));
        canary.integer("stepWeightPromotion").ifPresent(builder::stepWeightPromotion);
        canary.bool("mirror").ifPresent(builder::mirror);
        canary.integer("mirrorWeight").ifPresent(builder::mirrorWeight);
        canary.bool("baseline").ifPresent(builder::baseline);
        return finish(canary, builder.problems(), Map.of(), builder::build);
    }

    /** An explicit step list: every other canary field describes the weights another way, and is refused. */
    private static Optional<Strategy> steps(NodeReader canary, AnalysisPolicy analysis) {
        for (String field : CANARY_FIELDS) {
            if (!field.equals("steps") && canary.has(field)) {
                canary.problem(field, "set either steps or " + field + ", not both: the steps say every weight, route"
                        + " and mirror; drop " + field);
            }
        }
        StepListStrategyBuilder builder = StepListStrategy.builder().analysis(analysis);
        Optional<List<CanaryStep>> steps = canary.list("steps").flatMap(StepsSpecReader::read);
        if (steps.isEmpty()) {
            return Optional.empty();
        }
        builder.steps(steps.get());
        return finish(canary, builder.problems(), Map.of(), builder::build);
    }

    private static Optional<Strategy> blueGreen(NodeReader blueGreen, AnalysisPolicy analysis) {
        blueGreen.allowOnly(BLUE_GREEN_FIELDS);
        BlueGreenStrategyBuilder builder = BlueGreenStrategy.builder().analysis(analysis);
        blueGreen.integer("iterations").ifPresent(builder::iterations);
        blueGreen.bool("mirror").ifPresent(builder::mirror);
        blueGreen.integer("mirrorWeight").ifPresent(builder::mirrorWeight);
        blueGreen.integer("postPromotionIterations").ifPresent(builder::postPromotionIterations);
        blueGreen.optional("scaleDownDelay", SpecValues::duration).ifPresent(builder::scaleDownDelay);
        blueGreen.bool("autoPromotion").ifPresent(builder::autoPromotion);
        return finish(blueGreen, builder.problems(), Map.of(), builder::build);
    }

    private static Optional<Strategy> rolling(NodeReader rolling, AnalysisPolicy analysis) {
        rolling.allowOnly(ROLLING_FIELDS);
        RollingStrategyBuilder builder = RollingStrategy.builder().analysis(analysis);
        rolling.list("batches").flatMap(items -> all(items, SpecValues::percent)).ifPresent(builder::batches);
        rolling.optional("maxSurge", SpecValues::replicaPercent).ifPresent(builder::maxSurge);
        rolling.optional("maxUnavailable", SpecValues::replicaPercent).ifPresent(builder::maxUnavailable);
        return finish(rolling, builder.problems(), Map.of(), builder::build);
    }

    private static Optional<Strategy> abTest(NodeReader abTest, AnalysisPolicy analysis) {
        abTest.allowOnly(AB_TEST_FIELDS, Map.of("matches", "the spec field is match, as in Flagger"));
        ABTestStrategyBuilder builder = ABTestStrategy.builder().analysis(analysis);
        abTest.integer("iterations").ifPresent(builder::iterations);
        abTest.required("match", NodeReader::asList).map(MatchSpecReader::read).ifPresent(builder::matches);
        // the builder names the list matches; the spec, like Flagger, match
        return finish(abTest, builder.problems(), Map.of("matches", "match"), builder::build);
    }

    private static Optional<Strategy> finish(NodeReader settings, List<Problem> builderProblems,
                                             Map<String, String> renames, Supplier<Strategy> build) {
        settings.adopt(builderProblems, renames);
        return settings.troubled() ? Optional.empty() : settings.build(build);
    }

    /** Every item read by {@code read}, or empty if any could not be (all are read, for their problems). */
    private static <T> Optional<List<T>> all(List<NodeReader> items, Function<NodeReader, Optional<T>> read) {
        List<T> values = new ArrayList<>();
        boolean complete = true;
        for (NodeReader item : items) {
            Optional<T> value = read.apply(item);
            value.ifPresent(values::add);
            complete &= value.isPresent();
        }
        return complete ? Optional.of(values) : Optional.empty();
    }
}
