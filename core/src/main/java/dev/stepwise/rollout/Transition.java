package dev.stepwise.rollout;

import dev.stepwise.analysis.AnalysisOutcome;
import dev.stepwise.validation.InvalidValueException;
import java.util.List;

/**
 * The result of one step: the next state, the actions that get there, in order, and when to look
 * again. Immutable.
 *
 * @param state    the state after the actions are applied
 * @param actions  idempotent actions, applied in order
 * @param decision what was decided, in one word
 * @param analysis how the strategy judged this step's analysis ({@link AnalysisOutcome#NONE} if none ran)
 * @param reason   why, in words, for timelines and events
 * @param next     when to step again and what to observe first
 */
public record Transition(RolloutState state, List<Action> actions, Decision decision,
                         AnalysisOutcome analysis, String reason, NextLook next) {

    public Transition {
        InvalidValueException.requireNonNull("state", state);
        actions = List.copyOf(InvalidValueException.requireNonNull("actions", actions));
        InvalidValueException.requireNonNull("decision", decision);
        InvalidValueException.requireNonNull("analysis", analysis);
        InvalidValueException.requireNonNull("next", next);
        reason = reason == null ? "" : reason;
    }

    /** Whether the state reached is terminal. */
    public boolean isTerminal() {
        return state.phase().isTerminal();
    }

    @Override
    public String toString() {
        return "Transition[" + decision + " -> " + state.phase() + " at " + state.split()
                + ", analysis " + analysis + ", actions " + actions
                + (reason.isEmpty() ? "" : ", reason: " + reason) + "]";
    }
}
