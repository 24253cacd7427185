package dev.stepwise.spi;

import dev.stepwise.analysis.Verdict;
import dev.stepwise.rollout.Decision;
import dev.stepwise.validation.InvalidValueException;
import java.time.Instant;
import java.util.List;

/**
 * Why the last transition of a stored rollout was made, persisted with it so that the route
 * change it tells the router ({@link #routeChange}) is the same when a new engine re-applies the
 * transition after a crash: the audit trail does not depend on which process applied the step.
 *
 * @param step              the state-store version the transition was written ahead at: it grows with
 *                          every transition of a rollout and stays the same while the transition is
 *                          re-applied (a command or a hold saved in between does not change it)
 * @param decision          what the strategy decided
 * @param reason            why, in words; empty when none was given
 * @param verdicts          the analysis verdicts the decision was made on, with observed values; empty
 *                          when no analysis ran
 * @param decidedAt         when the engine decided, by its clock
 * @param overridesConflict whether an operator, told of a {@link ConflictingChangeException}, commanded
 *                          the engine to go on: the transition is then written over the outside change
 */
public record StepNote(long step, Decision decision, String reason, List<Verdict> verdicts, Instant decidedAt,
                       boolean overridesConflict) {

    public StepNote {
        if (step < 0) {
            throw new InvalidValueException("step", step, "must be at least 0");
        }
        InvalidValueException.requireNonNull("decision", decision);
        InvalidValueException.requireNonNull("decidedAt", decidedAt);
        reason = reason == null ? "" : reason;
        verdicts = List.copyOf(InvalidValueException.requireNonNull("verdicts", verdicts));
    }

    /** The note of a rollout's first record, saved at version 1 when the engine first sees it. */
    public static StepNote registered(Instant at) {
        return new StepNote(1, Decision.NONE, "registered", List.of(), at, false);
    }

    /** The same note, for a transition an operator told the engine to write over a conflicting change. */
    public StepNote overridingConflict() {
        return new StepNote(step, decision, reason, verdicts, decidedAt, true);
    }

    /** What the engine tells the router when it applies this transition's splits for rollout {@code id}. */
    public RouteChange routeChange(String id) {
        return new RouteChange(id, step, decision, reason, verdicts, decidedAt, overridesConflict);
    }
}
