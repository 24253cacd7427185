package dev.stepwise.input.internal;

import dev.stepwise.validation.Problem;

/**
 * A document refused before it became a tree: past a limit, not a regular file, not UTF-8, or not
 * valid YAML or JSON. Callers turn its one {@link #problem()} into their own validation error
 * (a spec's, a scenario's, a stored record's). Not API.
 */
public final class UnreadableDocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Problem problem;

    public UnreadableDocumentException(String message) {
        super(message);
        this.problem = new Problem("", message);
    }

    /** The refusal as a problem at the document's root. */
    public Problem problem() {
        return problem;
    }
}
