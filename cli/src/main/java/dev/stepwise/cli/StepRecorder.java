package dev.stepwise.cli;

import dev.stepwise.analysis.AnalysisPolicy;
import dev.stepwise.analysis.JudgeCheck;
import dev.stepwise.analysis.MetricCheck;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.engine.RolloutListener;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.testkit.RolloutSimulation;
import dev.stepwise.testkit.SimulatedMetrics;
import dev.stepwise.testkit.Step;
import dev.stepwise.timeline.JudgeReading;
import dev.stepwise.timeline.Timeline;
import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns a plan's engine events into {@link Step}s: one per {@link RolloutEvent.Stepped}, with the
 * verdicts the engine judged, the split in force before and after (from the transition's traffic
 * actions), and stable's values in the window the analysis read ({@link ScenarioMetrics}); and
 * what each statistical judge read per step ({@link JudgeReading}: its statistic from the verdict,
 * its bounds from the judge's definition in the analysis that ran). One plan, one thread.
 */
final class StepRecorder implements RolloutListener {

    private final Strategy strategy;
    private final ScenarioMetrics metrics;
    private final Instant start;
    private final Consumer<Step> steps;
    private RolloutState state;
    private TrafficSplit inForce;
    private int index;
    private final List<List<JudgeReading>> readings = new ArrayList<>();

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
        readings.add(judgeReadings(stepped.verdicts()));
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

    /** What the analysis' judges read, in verdict order: a reading per judge verdict that holds a statistic. */
    private List<JudgeReading> judgeReadings(List<Verdict> verdicts) {
        List<JudgeCheck> judges = strategy.analysisAt(state).judges();
        List<JudgeReading> read = new ArrayList<>();
        for (Verdict verdict : verdicts) {
            judges.stream().filter(j -> j.name().equals(verdict.metric())).findFirst()
                    .flatMap(j -> JudgeReading.of(j, verdict)).ifPresent(read::add);
        }
        return read;
    }

    /**
     * {@code timeline}, built from the steps this recorder gave, with each step's judge readings.
     *
     * @throws IllegalArgumentException when the timeline has not one entry per recorded step
     */
    Timeline withJudges(Timeline timeline) {
        if (timeline.entries().size() != readings.size()) {
            throw new IllegalArgumentException("the timeline has " + timeline.entries().size() + " entries, the recorder "
                    + readings.size() + " steps");
        }
        List<Timeline.Entry> entries = new ArrayList<>();
        for (int i = 0; i < readings.size(); i++) {
            entries.add(timeline.entries().get(i).withJudges(readings.get(i)));
        }
        return new Timeline(timeline.rollout(), timeline.strategy(), timeline.result(), entries);
    }

    @Override
    public String toString() {
        return "StepRecorder[" + index + " steps, at " + inForce + "]";
    }
}
