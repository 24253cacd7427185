package dev.stepwise.spi;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Decision;
import dev.stepwise.rollout.RolloutState;
import dev.stepwise.rollout.Transition;
import dev.stepwise.validation.InvalidValueException;
import java.time.Instant;
import java.util.List;

/**
 * Why a route changes: the one record of "why this step". The engine persists it with the
 * transition it describes ({@link StoredRollout#note()}), passes it to
 * {@link TrafficRouter#apply(dev.stepwise.traffic.TrafficSplit, StepNote)} with every split, and a
 * router keeping an audit trail (a Git commit per step) formats it. Because it is persisted, a new
 * engine re-applying the transition after a crash tells the router exactly the same.
 *
 * @param rollout           the rollout's id ({@code namespace/name}); empty for a change made outside a
 *                          rollout (a route repaired or released by hand, see {@link #isAttributed()})
 * @param step              the rollout's step: the {@link RolloutState#stepIndex() step index} of the state
 *                          the transition reached (-1 before the first shift); 0 outside a rollout
 * @param version           the state-store version the transition was written ahead at: it grows with every
 *                          transition of a rollout and stays the same while the transition is re-applied (a
 *                          command or a hold saved in between does not change it), so a re-apply is
 *                          recognised as the same change; 0 outside a rollout
 * @param decision          what the strategy decided; {@link Decision#NONE} outside a rollout
 * @param reason            why, in words; empty when none was given
 * @param verdicts          the analysis verdicts the decision was made on, with observed values; empty
 *                          when no analysis ran
 * @param decidedAt         when the engine decided, by its clock
 * @param overridesConflict whether an operator, told of a {@link ConflictingChangeException}, commanded
 *                          the engine to go on: the split is then written over the outside change
 *                          (keeping its other edits) instead of being refused again
 */
public record StepNote(String rollout, int step, long version, Decision decision, String reason, List<Verdict> verdicts,
                       Instant decidedAt, boolean overridesConflict) {

    /** The reason of the first record of a rollout, saved when the engine first sees it. */
    public static final String REGISTERED = "registered";

    public StepNote {
        InvalidValueException.requireNonNull("rollout", rollout);
        InvalidValueException.requireAtLeast("step", step, -1);
        if (version < 0) {
            throw new InvalidValueException("version", version, "must be at least 0");
        }
        InvalidValueException.requireNonNull("decision", decision);
        InvalidValueException.requireNonNull("decidedAt", decidedAt);
        reason = reason == null ? "" : reason;
        verdicts = List.copyOf(InvalidValueException.requireNonNull("verdicts", verdicts));
    }

    /**
     * The note of transition {@code t} of rollout {@code rollout}, written ahead at store version
     * {@code version}, decided at {@code decidedAt} on {@code verdicts}.
     */
    public static StepNote of(String rollout, Transition t, long version, List<Verdict> verdicts, Instant decidedAt,
                              boolean overridesConflict) {
        InvalidValueException.requireNonNull("t", t);
        return new StepNote(rollout, t.state().stepIndex(), version, t.decision(), t.reason(), verdicts, decidedAt,
                overridesConflict);
    }

    /** The note of a rollout's first record, in {@code initial} state, saved at version 1 when the engine first sees it. */
    public static StepNote registered(String rollout, RolloutState initial, Instant at) {
        return new StepNote(rollout, initial.stepIndex(), 1, Decision.NONE, REGISTERED, List.of(), at, false);
    }

    /** A change made outside any rollout's step (a route set up, repaired or released by hand), with a reason. */
    public static StepNote outsideRollout(String reason, Instant at) {
        return new StepNote("", 0, 0, Decision.NONE, reason, List.of(), at, false);
    }

    /** Whether a rollout's step made this change. */
    public boolean isAttributed() {
        return !rollout.isEmpty();
    }

    /**
     * Whether this note is a rollout's step: a transition the engine wrote ahead, not the route set
     * up when the engine registered the rollout ({@link #registered}) nor a change outside a rollout.
     */
    public boolean isStep() {
        return isAttributed() && !isRegistration();
    }

    /**
     * Whether this note is a rollout's registration ({@link #registered}): the route set up when the
     * engine first sees the rollout, which starts the rollout's fence sequence anew (see
     * {@link TrafficRouter#apply(dev.stepwise.traffic.TrafficSplit, StepNote)}).
     */
    public boolean isRegistration() {
        return isAttributed() && decision == Decision.NONE && REGISTERED.equals(reason);
    }

    /** The same note, for a transition an operator told the engine to write over a conflicting change. */
    public StepNote overridingConflict() {
        return new StepNote(rollout, step, version, decision, reason, verdicts, decidedAt, true);
    }

    @Override
    public String toString() {
        return "StepNote[" + (isAttributed() ? rollout + " step " + step + " (v" + version + "), " : "") + decision
                + (reason.isEmpty() ? "" : ": " + reason) + (verdicts.isEmpty() ? "" : ", verdicts " + verdicts)
                + " at " + decidedAt + (overridesConflict ? ", overriding a conflicting change" : "") + "]";
    }
}
