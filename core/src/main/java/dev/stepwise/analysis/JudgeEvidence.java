package dev.stepwise.analysis;

import dev.stepwise.analysis.judge.SequentialEvidence;
import dev.stepwise.validation.InvalidValueException;
import java.time.Instant;
import java.util.Optional;

/**
 * What one judge has learnt about the rollout of one revision, kept with the rollout's state so
 * that a restarted engine goes on from it. Starts over ({@link #NONE}) with every new revision and
 * every retry.
 *
 * @param evidence   the sequential test's evidence over every look so far
 * @param heldLooks  consecutive analyses that kept collecting, at least 0; reset by a decisive look
 *                   (a judge look between the analyses does not count)
 * @param lookedAt   when the engine last added counts to the evidence (an analysis or a judge
 *                   look); the next look counts from there. Empty before the first look, and in
 *                   evidence kept by an engine that did not record it
 */
public record JudgeEvidence(SequentialEvidence evidence, int heldLooks, Optional<Instant> lookedAt) {

    /** Before the first look. */
    public static final JudgeEvidence NONE = new JudgeEvidence(SequentialEvidence.NONE, 0);

    public JudgeEvidence {
        InvalidValueException.requireNonNull("evidence", evidence);
        InvalidValueException.requireNonNull("lookedAt", lookedAt);
        if (heldLooks < 0) {
            throw new InvalidValueException("heldLooks", heldLooks, "must be at least 0");
        }
    }

    /** Evidence without the instant of its last look. */
    public JudgeEvidence(SequentialEvidence evidence, int heldLooks) {
        this(evidence, heldLooks, Optional.empty());
    }

    /** This evidence, last looked at {@code at}. */
    public JudgeEvidence lookedAt(Instant at) {
        return new JudgeEvidence(evidence, heldLooks, Optional.of(InvalidValueException.requireNonNull("at", at)));
    }

    @Override
    public String toString() {
        return evidence + (heldLooks == 0 ? "" : ", held " + heldLooks + " looks")
                + lookedAt.map(at -> ", looked at " + at).orElse("");
    }
}
