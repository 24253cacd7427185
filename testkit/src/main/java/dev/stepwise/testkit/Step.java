package dev.stepwise.testkit;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.timeline.Timeline;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a {@link RolloutSimulation}: what the strategy saw and what it decided.
 *
 * @param index       1 for the first step
 * @param elapsed     virtual time from the start of the run to this step
 * @param state       the strategy's state after the step
 * @param splitBefore the split in force before the step: the one the verdicts measured
 * @param split       the split in force after the step's actions were applied
 * @param analysis    how the strategy judged the verdicts ({@link AnalysisOutcome#NONE} if none)
 * @param verdicts    the verdicts observed for this step; empty when the previous step asked for no analysis
 * @param stableValues what stable measured in the same window for each built-in check, by check name
 *                     ({@link SimulatedMetrics#stableValues}); empty when no analysis ran
 * @param decision    what the strategy decided
 * @param reason      why, in the strategy's words
 * @param actions     the actions the strategy asked for, in order
 */
public record Step(int index, Duration elapsed, RolloutState state, TrafficSplit splitBefore, TrafficSplit split,
                   AnalysisOutcome analysis, List<Verdict> verdicts, Map<String, Double> stableValues,
                   Decision decision, String reason, List<Action> actions) {

    public Step {
        InvalidValueException.requireAtLeast("index", index, 1);
        InvalidValueException.requireNonNull("elapsed", elapsed);
        InvalidValueException.requireNonNull("state", state);
        InvalidValueException.requireNonNull("splitBefore", splitBefore);
        InvalidValueException.requireNonNull("split", split);
        InvalidValueException.requireNonNull("analysis", analysis);
        verdicts = List.copyOf(InvalidValueException.requireNonNull("verdicts", verdicts));
        stableValues = Collections.unmodifiableMap(
                new LinkedHashMap<>(InvalidValueException.requireNonNull("stableValues", stableValues)));
        InvalidValueException.requireNonNull("decision", decision);
        reason = reason == null ? "" : reason;
        actions = List.copyOf(InvalidValueException.requireNonNull("actions", actions));
    }

    /** The phase after the step. */
    public Phase phase() {
        return state.phase();
    }

    /** This step as an entry of a {@link Timeline}: the split in force after it. */
    public Timeline.Entry timelineEntry() {
        return new Timeline.Entry(elapsed, phase(), split.stable(), split.canary(), split.baseline(),
                split.mirrorPercent(), analysis, verdicts, decision, reason);
    }

    @Override
    public String toString() {
        return "Step " + index + " at +" + elapsed + ": " + decision + " -> " + state.phase() + " at " + split
                + (verdicts.isEmpty() ? "" : ", verdicts " + verdicts) + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
