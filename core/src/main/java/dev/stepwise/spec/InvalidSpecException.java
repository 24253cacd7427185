package dev.stepwise.spec;

import dev.stepwise.validation.InvalidConfigException;
import dev.stepwise.validation.Problem;
import java.util.List;

/**
 * A spec that cannot be read: syntax errors, unknown fields, wrong types, missing, out-of-range
 * or inconsistent values. Lists every problem found, each with its path in the spec (e.g.
 * {@code spec.strategy.canary.stepWeights[2]}), and names the spec's source (a file name, or
 * {@code <yaml>} / {@code <json>} for text).
 */
public final class InvalidSpecException extends InvalidConfigException {

    private final String source;

    public InvalidSpecException(String source, List<Problem> problems) {
        super("spec " + source, problems);
        this.source = source;
    }

    /** Where the spec came from: a file name, or {@code <yaml>} / {@code <json>} for text. */
    public String source() {
        return source;
    }
}
