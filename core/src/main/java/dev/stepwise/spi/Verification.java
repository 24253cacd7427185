package dev.stepwise.spi;

/**
 * Whether the data plane shows a split, as opposed to "the router wrote it". The engine counts
 * an analysis interval only from the moment a split is {@link #VERIFIED}, so that metrics are
 * never judged against the previous step's traffic.
 */
public enum Verification {
    /** The data plane routes as the split says. */
    VERIFIED,
    /** Written, but not yet in effect everywhere; ask again later. */
    PENDING,
    /** This router cannot tell; the engine treats the split as in effect once written. */
    UNSUPPORTED
}
