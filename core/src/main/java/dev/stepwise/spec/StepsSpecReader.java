package dev.stepwise.spec;

import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.strategy.CanaryStep;
import dev.stepwise.traffic.MatchCondition;
import dev.stepwise.validation.internal.NodeReader;
import dev.stepwise.validation.internal.ValueText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Reads {@code spec.strategy.canary.steps}, Argo Rollouts' step list: each entry holds exactly
 * one of {@link #STEP_KEYS}. Ranges are checked by the step records, and what depends on earlier
 * steps by {@link dev.stepwise.strategy.StepListStrategyBuilder}, each under the step's path.
 *
 * <pre>{@code
 * steps:
 *   - setWeight: 10
 *   - pause: {duration: 5m}           # or 300 (seconds); {} waits for promote
 *   - setHeaderRoute: {name: beta, match: [{headerName: x-beta, headerValue: {exact: "yes"}}]}
 *   - analysis: {metrics: [{name: request-duration, thresholdRange: {max: 500}}], iterations: 2}
 *   - setMirrorRoute: {name: shadow, percentage: 20}     # {name: shadow} removes it
 *   - setCanaryScale: {weight: 25}    # or {matchTrafficWeight: true}
 * }</pre>
 */
final class StepsSpecReader {

    static final List<String> STEP_KEYS = List.of("setWeight", "pause", "analysis", "setHeaderRoute", "setMirrorRoute",
            "setCanaryScale");
    static final List<String> PAUSE_FIELDS = List.of("duration");
    static final List<String> ANALYSIS_FIELDS = List.of("metrics", "iterations");
    static final List<String> HEADER_ROUTE_FIELDS = List.of("name", "match");
    static final List<String> HEADER_MATCH_FIELDS = List.of("headerName", "headerValue");
    static final List<String> MIRROR_ROUTE_FIELDS = List.of("name", "percentage");
    static final List<String> CANARY_SCALE_FIELDS = List.of("weight", "matchTrafficWeight");

    private static final String ONE_KEY = "declare exactly one of " + String.join(", ", STEP_KEYS) + " in a step";
    private static final long MAX_PAUSE_SECONDS = CanaryStep.Pause.MAX_DURATION.toSeconds();

    private StepsSpecReader() {
    }

    /** Every step, or empty when any has a problem (each recorded). */
    static Optional<List<CanaryStep>> read(List<NodeReader> items) {
        List<CanaryStep> steps = new ArrayList<>();
        boolean complete = true;
        for (NodeReader item : items) {
            Optional<CanaryStep> step = item.asObject().flatMap(StepsSpecReader::step);
            step.ifPresent(steps::add);
            complete &= step.isPresent();
        }
        return complete ? Optional.of(steps) : Optional.empty();
    }

    private static Optional<CanaryStep> step(NodeReader step) {
        step.allowOnly(STEP_KEYS, Map.of(
                "experiment", "Stepwise runs no experiments; an analysis step judges the canary itself",
                "setWeights", "the step is setWeight, one weight per step"));
        List<String> keys = STEP_KEYS.stream().filter(step::has).collect(Collectors.toList());
        if (keys.size() != 1) {
            if (!(keys.isEmpty() && step.troubled())) {
                step.problem(keys.isEmpty() ? ONE_KEY : ValueText.setTogether(keys) + "; " + ONE_KEY);
            }
            return Optional.empty();
        }
        String key = keys.get(0);
        NodeReader value = step.field(key);
        switch (key) {
            case "setWeight":
                return value.asInteger().flatMap(w -> step.build(() -> new CanaryStep.SetWeight(w)));
            case "pause":
                return value.asObject(PAUSE_FIELDS).flatMap(StepsSpecReader::pause);
            case "analysis":
                return value.asObject(ANALYSIS_FIELDS).flatMap(StepsSpecReader::analysis);
            case "setHeaderRoute":
                return value.asObject(HEADER_ROUTE_FIELDS).flatMap(StepsSpecReader::headerRoute);
            case "setMirrorRoute":
                return mirrorRoute(value);
            default:
                return canaryScale(value);
        }
    }

    private static Optional<CanaryStep> pause(NodeReader pause) {
        if (!pause.has("duration")) {
            return Optional.of(CanaryStep.Pause.untilPromoted());
        }
        NodeReader duration = pause.field("duration");
        // Argo reads a bare number as seconds
        Optional<Duration> value = duration.node().isIntegralNumber()
                ? duration.asLong(0, MAX_PAUSE_SECONDS).map(Duration::ofSeconds)
                : SpecValues.duration(duration);
        return value.flatMap(d -> pause.build(() -> CanaryStep.Pause.of(d)));
    }

    private static Optional<CanaryStep> analysis(NodeReader analysis) {
        if (!analysis.has("metrics")) {
            analysis.problem("metrics", "is required: the checks this step judges, as in spec.analysis.metrics");
            return Optional.empty();
        }
        List<MetricCheck> metrics = AnalysisSpecReader.metrics(analysis);
        Optional<Integer> iterations = analysis.integer("iterations");
        if (analysis.troubled()) {
            return Optional.empty();
        }
        return analysis.build(() -> new CanaryStep.Analysis(metrics, iterations.orElse(1)));
    }

    private static Optional<CanaryStep> headerRoute(NodeReader route) {
        Optional<String> name = route.required("name", NodeReader::asString);
        List<MatchCondition> match = new ArrayList<>();
        route.list("match").ifPresent(items -> items.forEach(item -> item.asObject(HEADER_MATCH_FIELDS)
                .flatMap(StepsSpecReader::headerMatch).ifPresent(match::add)));
        if (route.has("match") && match.isEmpty() && !route.troubled()) {
            route.problem("match", "must hold at least one header match; to remove the route, leave match out");
        }
        if (route.troubled() || name.isEmpty()) {
            return Optional.empty();
        }
        return route.build(() -> new CanaryStep.SetHeaderRoute(name.get(), match));
    }

    private static Optional<MatchCondition> headerMatch(NodeReader match) {
        Optional<String> header = match.required("headerName", NodeReader::asString);
        Optional<NodeReader> value = match.required("headerValue", NodeReader::asObject);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        NodeReader comparison = value.get();
        comparison.allowOnly(MatchSpecReader.OPERATORS);
        List<String> set = MatchSpecReader.OPERATORS.stream().filter(comparison::has).collect(Collectors.toList());
        if (set.size() != 1) {
            String one = "set exactly one of " + String.join(", ", MatchSpecReader.OPERATORS);
            comparison.problem(set.isEmpty() ? one : ValueText.setTogether(set) + "; " + one);
            return Optional.empty();
        }
        String operator = set.get(0);
        Optional<String> text = comparison.string(operator);
        if (text.isEmpty() || header.isEmpty()) {
            return Optional.empty();
        }
        if (operator.equals("regex")) {
            try {
                Pattern.compile(text.get());
            } catch (PatternSyntaxException e) {
                comparison.problem(operator, ValueText.quote(text.get()) + " is not a valid regular expression ("
                        + e.getDescription() + ")");
                return Optional.empty();
            }
        }
        MatchCondition.Operator op = MatchCondition.Operator.valueOf(operator.toUpperCase(Locale.ROOT));
        return match.build(() -> MatchCondition.header(header.get(), op, text.get()));
    }

    private static Optional<CanaryStep> mirrorRoute(NodeReader value) {
        Optional<NodeReader> read = value.asObject();
        if (read.isEmpty()) {
            return Optional.empty();
        }
        NodeReader mirror = read.get();
        mirror.allowOnly(MIRROR_ROUTE_FIELDS, Map.of("match", "Stepwise mirrors a percentage of all the requests"
                + " stable serves, not matched ones; drop match"));
        Optional<String> name = mirror.required("name", NodeReader::asString);
        Optional<Integer> percentage = mirror.integer("percentage");
        if (mirror.troubled() || name.isEmpty()) {
            return Optional.empty();
        }
        return mirror.build(() -> new CanaryStep.SetMirrorRoute(name.get(), percentage));
    }

    private static Optional<CanaryStep> canaryScale(NodeReader value) {
        Optional<NodeReader> read = value.asObject();
        if (read.isEmpty()) {
            return Optional.empty();
        }
        NodeReader scale = read.get();
        scale.allowOnly(CANARY_SCALE_FIELDS, Map.of("replicas", "Stepwise scales a track by percent of the"
                + " target's replicas; write weight (a percent)"));
        Optional<Integer> weight = scale.integer("weight");
        Optional<Boolean> match = scale.bool("matchTrafficWeight");
        if (scale.troubled()) {
            return Optional.empty();
        }
        if (weight.isPresent() == match.orElse(false)) {
            scale.problem("set either weight or matchTrafficWeight: true");
            return Optional.empty();
        }
        return scale.build(() -> new CanaryStep.SetCanaryScale(weight));
    }
}
