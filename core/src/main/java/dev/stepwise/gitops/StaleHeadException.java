package dev.stepwise.gitops;

/** A commit was asked on top of a parent that is no longer the local head; nothing was written. */
public final class StaleHeadException extends RuntimeException {

    public StaleHeadException(String expected, String actual) {
        super("expected the head at " + expected + " but it is at " + actual + "; sync and try again");
    }
}
