package dev.stepwise.analysis;

import dev.stepwise.analysis.judge.SequentialEvidence;
import dev.stepwise.validation.InvalidValueException;

/**
 * What one judge has learnt about the rollout of one revision, kept with the rollout's state so
 * that a restarted engine goes on from it. Starts over ({@link #NONE}) with every new revision and
 * every retry.
 *
 * @param evidence   the sequential test's evidence over every look so far
 * @param heldLooks  consecutive looks that kept collecting, at least 0; reset by a decisive look
 */
public record JudgeEvidence(SequentialEvidence evidence, int heldLooks) {

    /** Before the first look. */
    public static final JudgeEvidence NONE = new JudgeEvidence(SequentialEvidence.NONE, 0);

    public JudgeEvidence {
        InvalidValueException.requireNonNull("evidence", evidence);
        if (heldLooks < 0) {
            throw new InvalidValueException("heldLooks", heldLooks, "must be at least 0");
        }
    }

    @Override
    public String toString() {
        return evidence + (heldLooks == 0 ? "" : ", held " + heldLooks + " looks");
    }
}
