package dev.stepwise.testkit;

import dev.stepwise.engine.RolloutEvent;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Phase;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.traffic.TrafficSplit;
import dev.stepwise.validation.InvalidValueException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One rollout of an {@link EngineRun}: every event the engine published for it, in order, and
 * what the store held when the run stopped.
 *
 * @param id     the rollout's id ({@code namespace/name})
 * @param events the engine's events for this rollout, in order
 * @param stored the stored rollout at the stop; empty when nothing was ever stored (the first
 *               write kept failing, say)
 */
public record RolloutRun(String id, List<RolloutEvent> events, Optional<StoredRollout> stored) {

    public RolloutRun {
        InvalidValueException.requireNonNull("id", id);
        events = List.copyOf(InvalidValueException.requireNonNull("events", events));
        InvalidValueException.requireNonNull("stored", stored);
    }

    /** Whether {@code stored} is ended: terminal, and every action of its last transition applied. */
    static boolean ended(StoredRollout stored) {
        return stored.state().phase().isTerminal() && stored.isCommitted();
    }

    /** Whether this rollout ended within the run. */
    public boolean ended() {
        return stored.map(RolloutRun::ended).orElse(false);
    }

    /** The phase when the run stopped: the result if {@link #ended()}; empty if nothing was stored. */
    public Optional<Phase> phase() {
        return stored.map(s -> s.state().phase());
    }

    /** Each step the strategy took (its {@link RolloutEvent.Stepped} event), in order. */
    public List<RolloutEvent.Stepped> steps() {
        return events.stream().filter(RolloutEvent.Stepped.class::isInstance).map(RolloutEvent.Stepped.class::cast)
                .collect(Collectors.toUnmodifiableList());
    }

    /** The split each step moved to, in order. */
    public List<TrafficSplit> splits() {
        return steps().stream().map(s -> s.transition().state().split()).collect(Collectors.toUnmodifiableList());
    }

    /** The decision of each step, in order. */
    public List<Decision> decisions() {
        return steps().stream().map(s -> s.transition().decision()).collect(Collectors.toUnmodifiableList());
    }

    /** The engine's failures for this rollout (an SPI threw), in order. */
    public List<RolloutEvent.Failed> failures() {
        return events.stream().filter(RolloutEvent.Failed.class::isInstance).map(RolloutEvent.Failed.class::cast)
                .collect(Collectors.toUnmodifiableList());
    }

    @Override
    public String toString() {
        String where = stored.map(s -> s.state().phase() + " at " + s.state().split()).orElse("nothing stored");
        return id + ": " + (ended() ? "ended " : "not ended, ") + where + " after " + steps().size() + " steps"
                + (failures().isEmpty() ? "" : ", " + failures().size() + " failures");
    }
}
