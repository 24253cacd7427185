package dev.stepwise.cli;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.engine.RolloutListener;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.testkit.RolloutSimulation;
import dev.stepwise.testkit.SimulatedMetrics;
import dev.stepwise.testkit.Step;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns a plan's engine events into {@link Step}s: one per {@link RolloutEvent.Stepped}, with the
 * verdicts the engine judged, the split in force before and after (from the transition's traffic
 * actions), and stable's values in the window the analysis read ({@link ScenarioMetrics}).
 * One plan, one thread.
 */
final class StepRecorder implements RolloutListener {

    private final Strategy strategy;
    private final ScenarioMetrics metrics;
    private final Instant start;
    private final Consumer<Step> steps;
    private RolloutState state;
    private TrafficSplit inForce;
    private int index;

    StepRecorder(Strategy strategy, ScenarioMetrics metrics, Instant start, Consumer<Step> steps) {
        this.strategy = strategy;
        this.metrics = metrics;
        this.start = start;
        this.steps = steps;
        this.state = strategy.initialState(RolloutSimulation.DEFAULT_REVISION, start);
        this.inForce = state.split();
    }

    @Override
    public void onEvent(RolloutEvent event) {
        if (!(event instanceof RolloutEvent.Stepped stepped)) {
            return;
        }
        Transition t = stepped.transition();
        TrafficSplit before = inForce;
        for (Action action : t.actions()) {
            if (action instanceof Action.SetTraffic setTraffic) {
                inForce = setTraffic.split();
            }
        }
        Map<String, Double> stable = stableValues(stepped.at());
        index++;
        state = t.state();
        steps.accept(new Step(index, Duration.between(start, stepped.at()), t.state(), before, inForce, t.analysis(),
                stepped.verdicts(), stable, t.decision(), t.reason(), t.actions()));
    }

    /** What stable measured, by check, in the window each check's query read at {@code at}; empty without an analysis. */
    private Map<String, Double> stableValues(Instant at) {
        AnalysisPolicy policy = strategy.analysisAt(state);
        Map<String, Double> values = new LinkedHashMap<>();
        for (MetricCheck check : policy.metrics()) {
            metrics.servedAt(at, check.window(policy.interval()))
                    .ifPresent(window -> values.putAll(SimulatedMetrics.stableValues(List.of(check), window)));
        }
        return values;
    }

    @Override
    public String toString() {
        return "StepRecorder[" + index + " steps, at " + inForce + "]";
    }
}
