package dev.stepwise.cli;

import dev.stepwise.spi.StateStore;

/**
 * A state store opened from the command line, and what to release when done.
 *
 * @param store  the store
 * @param where  what it is, for messages: the namespace and cluster, or the repository (credentials never shown)
 * @param closer releases the client or the working copy
 */
record OpenStore(StateStore store, String where, Closer closer) implements AutoCloseable {

    /** Releases what the store holds. */
    @FunctionalInterface
    interface Closer {
        void close();
    }

    @Override
    public void close() {
        closer.close();
    }
}
