package dev.stepwise.engine;

import dev.stepwise.spi.LeadershipTerm;
import java.util.Objects;

/**
 * Thrown by the engine's own check right before a write when this engine may not write it: it is
 * not the leader, or leads in a newer term than the one it claimed the rollout in. Not a failure
 * of the rollout: nothing was written, and the leader goes on from what is stored.
 */
final class NotLeaderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient LeadershipTerm term;

    NotLeaderException(String rollout, LeadershipTerm term, long claimedEpoch) {
        super(message(rollout, term, claimedEpoch), null, false, false);
        this.term = term;
    }

    @Override
    public String getMessage() {
        return Objects.requireNonNull(super.getMessage());
    }

    LeadershipTerm term() {
        return term;
    }

    private static String message(String rollout, LeadershipTerm term, long claimedEpoch) {
        if (term instanceof LeadershipTerm.Leading leading) {
            return "leading again in a new term (lease " + leading.lease() + ", epoch " + leading.epoch()
                    + ", the rollout claimed at epoch " + claimedEpoch + "); claiming rollout " + rollout
                    + " again before writing";
        }
        return term + "; leaving rollout " + rollout + " to the leader";
    }
}
