package dev.stepwise.engine;

import dev.stepwise.analysis.JudgeEvidence;
import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.Observation;
import dev.stepwise.rollout.PhaseTransition;
import dev.stepwise.rollout.Transition;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.StoredRollout;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decide and persist: the one way the engine takes a step, whether a rollout steps normally, is
 * rolled back by the engine or is aborted by an operator over a conflicting change. The strategy
 * decides the transition from the observation; a transition that changes anything is checked
 * against the {@link PhaseTransition phase table}, written ahead to the store with its
 * {@link StepNote}, and announced ({@link RolloutEvent.Stepped}). Applying it is the
 * {@link Applier}'s part.
 */
final class WriteAhead {

    private final StateStore store;
    private final Consumer<RolloutEvent> events;

    WriteAhead(StateStore store, Consumer<RolloutEvent> events) {
        this.store = store;
        this.events = events;
    }

    /**
     * A decided transition, and the record written ahead for it; empty when the transition changes
     * nothing (no action, the same state), so nothing was written.
     */
    record Taken(Transition transition, Optional<StoredRollout> ahead) {
    }

    /**
     * Steps {@code def}'s strategy from {@code rec} on {@code obs}, and writes the transition ahead
     * unless it changes nothing. The record written holds the transition's state, actions and next
     * look, is due after that look's wait, is not verified yet, keeps {@code commandsLeft} (the
     * commands the step did not use), the judges' {@code evidence} (none after a restart) and no hold; its note is decided at {@code obs.now()} on the
     * observation's verdicts.
     *
     * @throws dev.stepwise.rollout.IllegalPhaseTransitionException if the strategy changes the phase
     *         along an edge the table does not list; nothing is written
     * @throws dev.stepwise.spi.StaleStateException if {@code rec} is no longer the stored version
     */
    Taken take(RolloutDefinition def, StoredRollout rec, Observation obs, Map<String, JudgeEvidence> evidence,
               Set<Command> commandsLeft, boolean overridesConflict) {
        Transition t = def.strategy().step(rec.state(), obs);
        // A new revision or a retry starts the judges' evidence over.
        Map<String, JudgeEvidence> kept = t.decision() == Decision.RESTART ? Map.of() : evidence;
        if (t.actions().isEmpty() && t.state().equals(rec.state()) && kept.equals(rec.evidence())) {
            return new Taken(t, Optional.empty());
        }
        PhaseTransition.check(rec.state().phase(), t.state().phase());
        StepNote note = StepNote.of(rec.id(), t, rec.version() + 1, obs.verdicts(), obs.now(), overridesConflict);
        StoredRollout ahead = store.save(new StoredRollout(rec.id(), t.state(), t.actions(), note, t.next(),
                obs.now().plus(t.next().after()), Optional.empty(), List.of(), commandsLeft, Optional.empty(),
                kept, rec.version()), rec.version());
        events.accept(new RolloutEvent.Stepped(rec.id(), obs.now(), t, obs.verdicts()));
        return new Taken(t, Optional.of(ahead));
    }
}
