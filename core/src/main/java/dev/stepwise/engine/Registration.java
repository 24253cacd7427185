package dev.stepwise.engine;

import dev.stepwise.rollout.Command;
import dev.stepwise.spi.HeldConflict;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The engine's bookkeeping for one registered rollout; guarded by its own monitor. */
final class Registration {

    final RolloutDefinition def;
    private final StuckPolicy onDeadline;
    Scheduler.@Nullable Cancellable task;
    int attempts;
    @Nullable Instant failingSince;
    boolean stuck;
    /** A conflict met and not yet persisted as a hold (or nothing stored to hold yet), else null. */
    @Nullable HeldConflict conflict;

    Registration(RolloutDefinition def, StuckPolicy onDeadline) {
        this.def = def;
        this.onDeadline = onDeadline;
    }

    /** How the reconciler is to see the rollout: as it is, or stuck past the deadline. */
    Intervention intervention() {
        if (!stuck) {
            return Intervention.NONE;
        }
        return onDeadline == StuckPolicy.PAUSE ? new Intervention(Set.of(Command.PAUSE), false)
                : new Intervention(Set.of(), true);
    }

    /** A reconcile went through (or met a conflict, which is not retried): the failure count starts over. */
    void recovered() {
        attempts = 0;
        failingSince = null;
        stuck = false;
    }
}
