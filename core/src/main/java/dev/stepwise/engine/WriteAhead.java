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
import dev.stepwise.spi.TrafficRouter;
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
 * {@link Applier}'s part; a transition whose first effect is a split is saved with that split
 * ({@link #decide}, then {@link Applier#takeAndCommit}), so a GitOps engine pushes the record and
 * the route once.
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
     * A decided transition and the record to write ahead for it, built but not saved yet: empty
     * when the transition changes nothing. {@code expectedVersion} is the stored version it was
     * decided on; {@code observation} what it was decided on.
     */
    record Decided(Transition transition, Optional<StoredRollout> ahead, long expectedVersion, Observation observation) {
    }

    /**
     * Steps {@code def}'s strategy from {@code rec} on {@code obs}, and writes the transition ahead
     * unless it changes nothing: {@link #decide}, then saved and announced.
     *
     * @throws dev.stepwise.rollout.IllegalPhaseTransitionException if the strategy changes the phase
     *         along an edge the table does not list; nothing is written
     * @throws dev.stepwise.spi.StaleStateException if {@code rec} is no longer the stored version
     */
    Taken take(RolloutDefinition def, StoredRollout rec, Observation obs, Map<String, JudgeEvidence> evidence,
               Set<Command> commandsLeft, boolean overridesConflict) {
        Decided decided = decide(def, rec, obs, evidence, commandsLeft, overridesConflict);
        return new Taken(decided.transition(), decided.ahead().map(ahead -> save(decided)));
    }

    /** Saves {@code decided}'s record (it has one) and announces the step. */
    StoredRollout save(Decided decided) {
        StoredRollout saved = store.save(decided.ahead().orElseThrow(), decided.expectedVersion());
        announce(decided);
        return saved;
    }

    /**
     * Steps {@code def}'s strategy from {@code rec} on {@code obs} and builds the record to write
     * ahead, unless the transition changes nothing; saves nothing. The record holds the
     * transition's state, actions and next look, is due after that look's wait, is not verified
     * yet, keeps {@code commandsLeft} (the commands the step did not use), the judges'
     * {@code evidence} (none after a restart) and no hold; its note is decided at
     * {@code obs.now()} on the observation's verdicts, at the version the record will be saved at.
     *
     * @throws dev.stepwise.rollout.IllegalPhaseTransitionException if the strategy changes the phase
     *         along an edge the table does not list
     */
    Decided decide(RolloutDefinition def, StoredRollout rec, Observation obs, Map<String, JudgeEvidence> evidence,
                   Set<Command> commandsLeft, boolean overridesConflict) {
        Transition t = def.strategy().step(rec.state(), obs);
        // A new revision or a retry starts the judges' evidence over.
        Map<String, JudgeEvidence> kept = t.decision() == Decision.RESTART ? Map.of() : evidence;
        if (t.actions().isEmpty() && t.state().equals(rec.state()) && kept.equals(rec.evidence())) {
            return new Decided(t, Optional.empty(), rec.version(), obs);
        }
        PhaseTransition.check(rec.state().phase(), t.state().phase());
        StepNote note = StepNote.of(rec.id(), t, rec.version() + 1, obs.verdicts(), obs.now(), overridesConflict);
        StoredRollout ahead = new StoredRollout(rec.id(), t.state(), t.actions(), note, t.next(),
                obs.now().plus(t.next().after()), Optional.empty(), List.of(), commandsLeft, Optional.empty(),
                kept, rec.version());
        return new Decided(t, Optional.of(ahead), rec.version(), obs);
    }

    /**
     * Saves {@code decided}'s record written ahead of the split {@code apply} writes through
     * {@code router}, with {@link StateStore#saveAhead}: in the same push as the split when the
     * store and the router share a Git repository, else saved first. {@code apply} announces the
     * step ({@link #announce}) before it writes.
     */
    StoredRollout saveAhead(Decided decided, TrafficRouter router, Runnable apply) {
        return store.saveAhead(decided.ahead().orElseThrow(), decided.expectedVersion(), router, apply);
    }

    /** Announces {@code decided}'s step ({@link RolloutEvent.Stepped}). */
    void announce(Decided decided) {
        Observation obs = decided.observation();
        String id = decided.ahead().map(StoredRollout::id).orElseThrow();
        events.accept(new RolloutEvent.Stepped(id, obs.now(), decided.transition(), obs.verdicts()));
    }
}
