package dev.stepwise.spi;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Decision;
import dev.stepwise.validation.InvalidValueException;
import java.time.Instant;
import java.util.List;

/**
 * Why a route changes: what the engine tells a {@link TrafficRouter} along with a split, so that a
 * router keeping an audit trail (a Git commit per step) can say who changed the split, when and
 * why, with the metric values that decided it.
 *
 * @param rollout  the rollout's id ({@code namespace/name}); empty for a change made outside a rollout
 * @param step     the rollout's step number: the state-store version of the transition being
 *                 applied, so it grows with every step and is the same when a transition is
 *                 re-applied after a crash
 * @param decision what the strategy decided
 * @param reason   why, in words
 * @param verdicts the analysis verdicts that led to the decision, with observed values; may be empty
 * @param at       when the engine decided, by its clock
 * @param overridesConflict whether an operator, told that this step met a {@link ConflictingChangeException},
 *                 commanded the engine to go on: the router must then write the split over what is
 *                 there now (keeping the outside change's other edits) instead of refusing again
 */
public record RouteChange(String rollout, long step, Decision decision, String reason, List<Verdict> verdicts,
                          Instant at, boolean overridesConflict) {

    public RouteChange {
        InvalidValueException.requireNonNull("rollout", rollout);
        InvalidValueException.requireNonNull("decision", decision);
        InvalidValueException.requireNonNull("at", at);
        if (step < 0) {
            throw new InvalidValueException("step", step, "must be at least 0");
        }
        reason = reason == null ? "" : reason;
        verdicts = List.copyOf(InvalidValueException.requireNonNull("verdicts", verdicts));
    }

    /** A change that does not override a conflicting change: what every step is unless an operator says so. */
    public RouteChange(String rollout, long step, Decision decision, String reason, List<Verdict> verdicts, Instant at) {
        this(rollout, step, decision, reason, verdicts, at, false);
    }

    /** A change made outside any rollout's step (a route set up or released by hand), with a reason. */
    public static RouteChange unattributed(String reason, Instant at) {
        return new RouteChange("", 0, Decision.NONE, reason, List.of(), at);
    }

    /** Whether a rollout's step made this change. */
    public boolean isAttributed() {
        return !rollout.isEmpty();
    }

    @Override
    public String toString() {
        return "RouteChange[" + (isAttributed() ? rollout + " step " + step + ", " : "") + decision
                + (reason.isEmpty() ? "" : ": " + reason) + (verdicts.isEmpty() ? "" : ", verdicts " + verdicts)
                + " at " + at + (overridesConflict ? ", overriding a conflicting change" : "") + "]";
    }
}
