package dev.stepwise.rollout;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every legal change of a rollout's {@link Phase}, one constant per edge (as Resilience4j's
 * {@code StateTransition} lists a circuit breaker's). A step that keeps its phase is no transition;
 * any other change not listed here is refused with an {@link IllegalPhaseTransitionException}.
 *
 * <p>The edges, by cause:
 * <ul>
 *   <li>the life of a revision: Initializing → Progressing → (AwaitingPromotion →) Promoting →
 *       Succeeded; a rollout succeeds only from Promoting;</li>
 *   <li>an operator's pause from any active phase, and resume back to it;</li>
 *   <li>an abort, a failed analysis or the rollback webhook: from any active phase to Aborted or
 *       RolledBack;</li>
 *   <li>a new revision (from any phase) or a retry (from Aborted or RolledBack): a fresh rollout,
 *       in Initializing while its confirm-rollout gate is closed, else started at once in Progressing.</li>
 * </ul>
 */
public enum PhaseTransition {
    INITIALIZING_TO_PROGRESSING(Phase.INITIALIZING, Phase.PROGRESSING),
    INITIALIZING_TO_PAUSED(Phase.INITIALIZING, Phase.PAUSED),
    INITIALIZING_TO_ROLLED_BACK(Phase.INITIALIZING, Phase.ROLLED_BACK),
    INITIALIZING_TO_ABORTED(Phase.INITIALIZING, Phase.ABORTED),

    PROGRESSING_TO_INITIALIZING(Phase.PROGRESSING, Phase.INITIALIZING),
    PROGRESSING_TO_PAUSED(Phase.PROGRESSING, Phase.PAUSED),
    PROGRESSING_TO_AWAITING_PROMOTION(Phase.PROGRESSING, Phase.AWAITING_PROMOTION),
    PROGRESSING_TO_PROMOTING(Phase.PROGRESSING, Phase.PROMOTING),
    PROGRESSING_TO_ROLLED_BACK(Phase.PROGRESSING, Phase.ROLLED_BACK),
    PROGRESSING_TO_ABORTED(Phase.PROGRESSING, Phase.ABORTED),

    PAUSED_TO_INITIALIZING(Phase.PAUSED, Phase.INITIALIZING),
    PAUSED_TO_PROGRESSING(Phase.PAUSED, Phase.PROGRESSING),
    PAUSED_TO_AWAITING_PROMOTION(Phase.PAUSED, Phase.AWAITING_PROMOTION),
    PAUSED_TO_PROMOTING(Phase.PAUSED, Phase.PROMOTING),
    PAUSED_TO_ROLLED_BACK(Phase.PAUSED, Phase.ROLLED_BACK),
    PAUSED_TO_ABORTED(Phase.PAUSED, Phase.ABORTED),

    AWAITING_PROMOTION_TO_INITIALIZING(Phase.AWAITING_PROMOTION, Phase.INITIALIZING),
    AWAITING_PROMOTION_TO_PROGRESSING(Phase.AWAITING_PROMOTION, Phase.PROGRESSING),
    AWAITING_PROMOTION_TO_PAUSED(Phase.AWAITING_PROMOTION, Phase.PAUSED),
    AWAITING_PROMOTION_TO_PROMOTING(Phase.AWAITING_PROMOTION, Phase.PROMOTING),
    AWAITING_PROMOTION_TO_ROLLED_BACK(Phase.AWAITING_PROMOTION, Phase.ROLLED_BACK),
    AWAITING_PROMOTION_TO_ABORTED(Phase.AWAITING_PROMOTION, Phase.ABORTED),

    PROMOTING_TO_INITIALIZING(Phase.PROMOTING, Phase.INITIALIZING),
    PROMOTING_TO_PROGRESSING(Phase.PROMOTING, Phase.PROGRESSING),
    PROMOTING_TO_PAUSED(Phase.PROMOTING, Phase.PAUSED),
    PROMOTING_TO_SUCCEEDED(Phase.PROMOTING, Phase.SUCCEEDED),
    PROMOTING_TO_ROLLED_BACK(Phase.PROMOTING, Phase.ROLLED_BACK),
    PROMOTING_TO_ABORTED(Phase.PROMOTING, Phase.ABORTED),

    SUCCEEDED_TO_INITIALIZING(Phase.SUCCEEDED, Phase.INITIALIZING),
    SUCCEEDED_TO_PROGRESSING(Phase.SUCCEEDED, Phase.PROGRESSING),
    ROLLED_BACK_TO_INITIALIZING(Phase.ROLLED_BACK, Phase.INITIALIZING),
    ROLLED_BACK_TO_PROGRESSING(Phase.ROLLED_BACK, Phase.PROGRESSING),
    ABORTED_TO_INITIALIZING(Phase.ABORTED, Phase.INITIALIZING),
    ABORTED_TO_PROGRESSING(Phase.ABORTED, Phase.PROGRESSING);

    private final Phase from;
    private final Phase to;

    PhaseTransition(Phase from, Phase to) {
        this.from = from;
        this.to = to;
    }

    /** The phase left. */
    public Phase from() {
        return from;
    }

    /** The phase entered. */
    public Phase to() {
        return to;
    }

    /** The legal edge from {@code from} to {@code to}; empty when there is none (or the phases are the same). */
    public static Optional<PhaseTransition> find(Phase from, Phase to) {
        return Arrays.stream(values()).filter(t -> t.from == from && t.to == to).findFirst();
    }

    /**
     * Checks a step from {@code from} to {@code to}: keeping the phase is always allowed, any other
     * change must be an edge of this table.
     *
     * @throws IllegalPhaseTransitionException naming both phases when the change is not in the table
     */
    public static void check(Phase from, Phase to) {
        if (from != to && find(from, to).isEmpty()) {
            throw new IllegalPhaseTransitionException(from, to);
        }
    }
}
