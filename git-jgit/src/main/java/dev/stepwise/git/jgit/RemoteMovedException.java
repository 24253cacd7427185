package dev.stepwise.git.jgit;

/**
 * The remote refused a push because its branch moved since our sync: the signal, inside one
 * attempt, that the {@link dev.stepwise.spi.Retrier} should sync and try again. Never leaves this
 * package: when the attempts run out the caller throws its own exception
 * ({@link PushRejectedException}, {@link GitOperationException}).
 */
final class RemoteMovedException extends RuntimeException {

    RemoteMovedException() {
        super("the remote branch moved since the last sync", null, false, false);
    }
}
