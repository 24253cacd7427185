package dev.stepwise.analysis;

import dev.stepwise.validation.InvalidValueException;

/**
 * What one look of a {@link JudgeCheck} gave: the verdict for this analysis and the evidence to keep.
 *
 * @param verdict the verdict, named after the judge
 * @param after   the judge's evidence including this look
 */
public record JudgeLook(Verdict verdict, JudgeEvidence after) {

    public JudgeLook {
        InvalidValueException.requireNonNull("verdict", verdict);
        InvalidValueException.requireNonNull("after", after);
    }
}
