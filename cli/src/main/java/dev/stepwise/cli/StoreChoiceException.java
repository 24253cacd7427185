package dev.stepwise.cli;

/** The state-store options do not name a usable store; the message says why, in the CLI's terms. */
final class StoreChoiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StoreChoiceException(String message) {
        super(message);
    }
}
