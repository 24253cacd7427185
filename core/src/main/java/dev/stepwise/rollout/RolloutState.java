package dev.stepwise.rollout;

import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Everything a strategy remembers between two steps of one rollout. Immutable.
 *
 * @param phase           where the rollout is
 * @param revision        the canary revision being rolled out
 * @param stepIndex       the strategy's position: for a canary the index of the current weight in
 *                        its weights (-1 before the first shift); for a promotion in steps, the
 *                        promotion step; for blue/green the post-promotion interval
 * @param split           the traffic split the strategy last asked for
 * @param passedAnalyses  passed analyses at the current position (blue/green and A/B iterations)
 * @param failedAnalyses  failed analyses since the revision's rollout began (Flagger's failedChecks)
 * @param noDataIntervals consecutive analysis intervals without data
 * @param pausedFrom      the phase to return to on resume, or null when not paused
 * @param stepStartedAt   when the current position was entered
 * @param version         assigned by the state store, which compares-and-sets on it; strategies
 *                        copy it unchanged
 */
public record RolloutState(Phase phase, String revision, int stepIndex, TrafficSplit split,
                           int passedAnalyses, int failedAnalyses, int noDataIntervals,
                           @Nullable Phase pausedFrom, Instant stepStartedAt, long version) {

    public RolloutState {
        InvalidValueException.requireNonNull("phase", phase);
        InvalidValueException.requireNonNull("revision", revision);
        InvalidValueException.requireNonNull("split", split);
        InvalidValueException.requireNonNull("stepStartedAt", stepStartedAt);
        InvalidValueException.requireAtLeast("stepIndex", stepIndex, -1);
        InvalidValueException.requireAtLeast("passedAnalyses", passedAnalyses, 0);
        InvalidValueException.requireAtLeast("failedAnalyses", failedAnalyses, 0);
        InvalidValueException.requireAtLeast("noDataIntervals", noDataIntervals, 0);
        if (version < 0) {
            throw new InvalidValueException("version", version, "must be at least 0");
        }
        if ((phase == Phase.PAUSED) != (pausedFrom != null)) {
            throw new InvalidValueException("pausedFrom", pausedFrom, "must be set exactly when the phase is Paused");
        }
        if (pausedFrom != null && (pausedFrom == Phase.PAUSED || pausedFrom.isTerminal())) {
            throw new InvalidValueException("pausedFrom", pausedFrom, "must be a non-terminal phase other than Paused");
        }
    }

    /** A new rollout of {@code revision}: Initializing, all traffic on stable, version 0. */
    public static RolloutState initial(String revision, Instant now) {
        return new RolloutState(Phase.INITIALIZING, revision, -1, TrafficSplit.allStable(), 0, 0, 0, null, now, 0);
    }

    public RolloutState withPhase(Phase newPhase) {
        return new RolloutState(newPhase, revision, stepIndex, split, passedAnalyses, failedAnalyses,
                noDataIntervals, newPhase == Phase.PAUSED ? pausedFrom : null, stepStartedAt, version);
    }

    public RolloutState withSplit(TrafficSplit newSplit) {
        return new RolloutState(phase, revision, stepIndex, newSplit, passedAnalyses, failedAnalyses,
                noDataIntervals, pausedFrom, stepStartedAt, version);
    }

    /** Moves to a new position: sets the step index and start time and clears passed analyses. */
    public RolloutState atStep(int newStepIndex, Instant startedAt) {
        return new RolloutState(phase, revision, newStepIndex, split, 0, failedAnalyses,
                noDataIntervals, pausedFrom, startedAt, version);
    }

    public RolloutState withCounters(int passed, int failed, int noData) {
        return new RolloutState(phase, revision, stepIndex, split, passed, failed, noData, pausedFrom,
                stepStartedAt, version);
    }

    public RolloutState pausedFrom(Phase from) {
        return new RolloutState(Phase.PAUSED, revision, stepIndex, split, passedAnalyses, failedAnalyses,
                noDataIntervals, from, stepStartedAt, version);
    }

    public RolloutState withVersion(long newVersion) {
        return new RolloutState(phase, revision, stepIndex, split, passedAnalyses, failedAnalyses,
                noDataIntervals, pausedFrom, stepStartedAt, newVersion);
    }

    @Override
    public String toString() {
        return "RolloutState[" + phase + (pausedFrom == null ? "" : " from " + pausedFrom)
                + ", revision " + revision + ", step " + stepIndex + ", " + split
                + ", passed " + passedAnalyses + ", failed " + failedAnalyses + ", noData " + noDataIntervals
                + ", since " + stepStartedAt + ", v" + version + "]";
    }
}
