package dev.stepwise.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's side of a failed reconcile, whatever was thrown: the failure is counted, logged and
 * published ({@link RolloutEvent.Failed}), and retried after the {@link RetryPolicy}'s backoff;
 * once failures have lasted its deadline, {@link RolloutEvent.Stuck} is published and the
 * registration marked stuck, so that the next look applies {@link RetryPolicy#onDeadline()}.
 */
final class Retries {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutEngine.class);

    private final RetryPolicy retry;
    private final Consumer<RolloutEvent> events;

    Retries(RetryPolicy retry, Consumer<RolloutEvent> events) {
        this.retry = retry;
        this.events = events;
    }

    /** Counts the failure, publishes it and says when to look again: after the backoff, or at once past the deadline. */
    Duration failed(Registration reg, Instant now, Failure failure, Throwable thrown) {
        reg.attempts++;
        if (reg.failingSince == null) {
            // An unverified split has been failing since it was written: the deadline is already behind it.
            reg.failingSince = thrown instanceof UnverifiedSplitException unverified ? unverified.since() : now;
        }
        String error = failure.error();
        Duration retryIn = retry.backoff(reg.attempts);
        if (thrown instanceof RuntimeException) {
            LOG.warn("{}: reconcile failed (attempt {}), retrying in {}: {}", reg.def.id(), reg.attempts, retryIn, error);
        } else {
            // An Error is a bug or a sick JVM, not an unreachable service: its trace once, then a line per attempt.
            LOG.error("{}: reconcile failed (attempt {}), retrying in {}: {}", reg.def.id(), reg.attempts, retryIn, error);
            if (reg.attempts == 1) {
                LOG.error("{}: what the reconcile threw", reg.def.id(), thrown);
            }
        }
        events.accept(new RolloutEvent.Failed(reg.def.id(), now, reg.attempts, error, retryIn));
        if (!reg.stuck && Duration.between(reg.failingSince, now).compareTo(retry.deadline()) >= 0) {
            reg.stuck = true;
            LOG.warn("{}: failing for {}; applying {}", reg.def.id(), retry.deadline(), retry.onDeadline());
            events.accept(new RolloutEvent.Stuck(reg.def.id(), now, retry.onDeadline(), error));
            return Duration.ZERO;
        }
        return retryIn;
    }
}
