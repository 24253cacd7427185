package dev.stepwise.cli;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.ThresholdRange;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.strategy.StrategyKind;
import dev.stepwise.testkit.SimulatedMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a strategy whose analysis has custom-query checks in a simulation that can only measure
 * the built-in ones: {@link SimulatedMetrics} answers a custom check with an error verdict
 * ({@value SimulatedMetrics#BUILT_IN_ONLY}), which the strategy counts as no data and, after the
 * no-data policy's holds, as a failure. This decorator replaces each such verdict, before the
 * strategy sees it, with the check judged on the value the scenario gives the metric now.
 *
 * <p>Not pure, unlike a {@link Strategy} should be: it reads the current values, which the
 * scenario changes over time, and remembers the verdicts of every step it was asked, so that the
 * timeline can show what the strategy judged ({@link #verdictsSeen()}). One instance per run.
 */
final class CustomMetricsStrategy implements Strategy {

    private final Strategy strategy;
    private final Map<String, MetricCheck> custom = new LinkedHashMap<>();
    private final Map<String, Double> values;
    private final List<List<Verdict>> seen = new ArrayList<>();

    /**
     * @param values the current value of each custom check, by name; read at every step, so the
     *               caller may change it between steps
     */
    CustomMetricsStrategy(Strategy strategy, Map<String, Double> values) {
        this.strategy = strategy;
        this.values = values;
        Scenario.customChecks(strategy).forEach(c -> custom.put(c.name(), c));
    }

    /** A value inside {@code range}: the middle of a closed range, else a tenth (at least 1) inside the bound. */
    static double passing(ThresholdRange range) {
        if (range.min() != null && range.max() != null) {
            return (range.min() + range.max()) / 2;
        }
        return range.min() != null ? range.min() + margin(range.min()) : range.max() - margin(range.max());
    }

    /** A value outside {@code range}: below the minimum, else above the maximum, by half the bound's size (at least 5). */
    static double failing(ThresholdRange range) {
        return range.min() != null ? range.min() - 5 * margin(range.min()) : range.max() + 5 * margin(range.max());
    }

    private static double margin(double bound) {
        return Math.max(1, Math.abs(bound) / 10);
    }

    /** The verdicts the strategy was given at each step so far, in order. */
    List<List<Verdict>> verdictsSeen() {
        return List.copyOf(seen);
    }

    @Override
    public Transition step(RolloutState state, Observation obs) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Verdict verdict : obs.verdicts()) {
            MetricCheck check = custom.get(verdict.metric());
            boolean unmeasured = check != null && verdict.status() == Verdict.Status.ERROR
                    && SimulatedMetrics.BUILT_IN_ONLY.equals(verdict.reason());
            verdicts.add(unmeasured ? check.thresholdRange().judge(check.name(), value(check)) : verdict);
        }
        seen.add(List.copyOf(verdicts));
        Observation answered = new Observation(obs.now(), obs.revision(), verdicts, obs.readyTracks(), obs.commands(),
                obs.openGates(), obs.hookResults());
        return strategy.step(state, answered);
    }

    private double value(MetricCheck check) {
        Double value = values.get(check.name());
        return value == null ? passing(check.thresholdRange()) : value;
    }

    @Override
    public StrategyKind kind() {
        return strategy.kind();
    }

    @Override
    public AnalysisPolicy analysis() {
        return strategy.analysis();
    }

    @Override
    public RolloutState initialState(String revision, Instant now) {
        return strategy.initialState(revision, now);
    }

    @Override
    public int stepsToSuccess() {
        return strategy.stepsToSuccess();
    }

    @Override
    public String toString() {
        return strategy + " with custom metrics " + values;
    }
}
