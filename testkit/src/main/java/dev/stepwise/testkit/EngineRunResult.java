package dev.stepwise.testkit;

import dev.stepwise.validation.InvalidValueException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an {@link EngineRun} did: why it stopped, when, and each rollout's run.
 *
 * @param start    the virtual instant the definitions were registered at
 * @param end      the virtual instant the run stopped at: the deadline when it was reached
 * @param stop     why it stopped
 * @param rollouts each rollout's run, by id, in the order the definitions were given
 */
public record EngineRunResult(Instant start, Instant end, Stop stop, Map<String, RolloutRun> rollouts) {

    /** Why a run stopped. */
    public enum Stop {
        /** Every rollout's stored state is terminal and committed. */
        ALL_ENDED,
        /** Every rollout not ended waits, as {@link EngineRun#stopWhenWaiting} says (paused, say). */
        WAITING,
        /** The deadline came first; at least one rollout had not ended. */
        DEADLINE,
        /** Nothing was scheduled any more, with a rollout not ended: the engine stopped looking. */
        IDLE
    }

    public EngineRunResult {
        InvalidValueException.requireNonNull("start", start);
        InvalidValueException.requireNonNull("end", end);
        InvalidValueException.requireNonNull("stop", stop);
        rollouts = Collections.unmodifiableMap(new LinkedHashMap<>(InvalidValueException.requireNonNull("rollouts", rollouts)));
    }

    /** The run of the rollout {@code id} ({@code namespace/name}). */
    public RolloutRun rollout(String id) {
        RolloutRun run = rollouts.get(id);
        if (run == null) {
            throw new InvalidValueException("id", id, "is not a rollout of this run; runs: " + rollouts.keySet());
        }
        return run;
    }

    /** Whether every rollout ended. */
    public boolean allEnded() {
        return stop == Stop.ALL_ENDED;
    }

    /** Virtual time from registration to the stop. */
    public Duration elapsed() {
        return Duration.between(start, end);
    }

    @Override
    public String toString() {
        return "EngineRunResult[" + stop + " after " + elapsed() + ": " + rollouts.values().stream()
                .map(RolloutRun::toString).collect(Collectors.joining("; ")) + "]";
    }
}
