package dev.stepwise.testkit;

import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.strategy.Strategy;
import dev.stepwise.timeline.Timeline;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of a {@link RolloutSimulation} run that reached a terminal phase.
 *
 * @param finalState the strategy's last state
 * @param steps      every step, in order; never empty
 */
public record SimulationResult(RolloutState finalState, List<Step> steps) {

    public SimulationResult {
        InvalidValueException.requireNonNull("finalState", finalState);
        steps = List.copyOf(InvalidValueException.requireNonNull("steps", steps));
        if (steps.isEmpty()) {
            throw new InvalidValueException("steps", "[]", "must hold at least one step");
        }
    }

    /** The final phase: Succeeded, RolledBack or Aborted. */
    public Phase phase() {
        return finalState.phase();
    }

    /** How many steps the rollout took. */
    public int stepCount() {
        return steps.size();
    }

    /** Virtual time from the first step to the last. */
    public Duration elapsed() {
        return steps.get(steps.size() - 1).elapsed();
    }

    /** The split in force after each step. */
    public List<TrafficSplit> splits() {
        return steps.stream().map(Step::split).collect(Collectors.toUnmodifiableList());
    }

    /** The canary's weight after each step. */
    public List<Integer> canaryWeights() {
        return steps.stream().map(s -> s.split().canary()).collect(Collectors.toUnmodifiableList());
    }

    /** The decision of each step. */
    public List<Decision> decisions() {
        return steps.stream().map(Step::decision).collect(Collectors.toUnmodifiableList());
    }

    /** The last step. */
    public Step lastStep() {
        return steps.get(steps.size() - 1);
    }

    /**
     * This run as the {@link Timeline} that the CLI writes as JSON and draws as SVG: one entry per
     * step, the split in force after it.
     *
     * @param rollout  the rollout's name
     * @param strategy the strategy that ran
     */
    public Timeline timeline(String rollout, Strategy strategy) {
        InvalidValueException.requireNonNull("strategy", strategy);
        return new Timeline(rollout, strategy.kind(), phase(),
                steps.stream().map(Step::timelineEntry).collect(Collectors.toList()));
    }

    @Override
    public String toString() {
        return "SimulationResult[" + phase() + " after " + stepCount() + " steps (" + elapsed() + ")]";
    }
}
