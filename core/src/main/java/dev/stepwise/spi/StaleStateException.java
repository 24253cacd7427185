package dev.stepwise.spi;

/**
 * A compare-and-set save found another version than expected: someone else (another engine, an
 * operator) wrote the rollout in between. Nothing was written; reload and decide again.
 */
public final class StaleStateException extends RuntimeException {

    private final String id;
    private final long expected;
    private final long actual;

    public StaleStateException(String id, long expected, long actual) {
        super("rollout " + id + ": expected version " + expected + " but found " + actual
                + (actual < 0 ? " (absent)" : "") + "; another writer got there first");
        this.id = id;
        this.expected = expected;
        this.actual = actual;
    }

    public String id() {
        return id;
    }

    public long expected() {
        return expected;
    }

    /** The version found, or -1 when the rollout is absent. */
    public long actual() {
        return actual;
    }
}
