package dev.stepwise.spi;

/** Told of each change of a {@link Leadership}'s term. */
@FunctionalInterface
public interface LeadershipListener {

    /** The term changed to {@code term}; called on the leadership's thread, so it must return quickly. */
    void changed(LeadershipTerm term);
}
