package dev.stepwise.engine;

import dev.stepwise.traffic.TrafficSplit;
import java.time.Duration;
import java.time.Instant;

/**
 * A split written to the router that the data plane has not shown for {@link RetryPolicy#deadline()}
 * (a lost GitOps write, a controller that stopped applying): a failure, counted from when the split
 * was written, so that the {@link RetryPolicy#onDeadline() stuck policy} applies at once.
 */
final class UnverifiedSplitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** When the split was written: the start of the failure. */
    private final Instant since;

    UnverifiedSplitException(TrafficSplit split, Instant since, Duration waited) {
        super("the data plane has not shown " + split + " in " + waited + " since it was written at " + since);
        this.since = since;
    }

    Instant since() {
        return since;
    }
}
