package dev.stepwise.engine;

import dev.stepwise.rollout.Command;
import dev.stepwise.spi.HeldConflict;
import dev.stepwise.spi.LeadershipTerm;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** The engine's bookkeeping for one registered rollout, its next look included; guarded by its own monitor. */
final class Registration {

    final RolloutDefinition def;
    private final StuckPolicy onDeadline;
    /** The next look, scheduled and not started: null only while a look runs, or once unregistered. */
    private @Nullable Look look;
    int attempts;
    @Nullable Instant failingSince;
    boolean stuck;
    /** A conflict met and not yet persisted as a hold (or nothing stored to hold yet), else null. */
    @Nullable HeldConflict conflict;
    /** The term in which this engine last left the rollout to the leader (told once per term), else null. */
    @Nullable LeadershipTerm leftTo;

    Registration(RolloutDefinition def, StuckPolicy onDeadline) {
        this.def = def;
        this.onDeadline = onDeadline;
    }

    /** Schedules the next look in place of any scheduled before: a rollout has one next look at most. */
    void scheduleLook(Scheduler scheduler, Duration delay, Runnable reconcile) {
        cancelLook();
        Look next = new Look(reconcile);
        next.task = scheduler.schedule(delay, next);
        look = next;
    }

    /** Calls off the scheduled look, if any. */
    void cancelLook() {
        if (look != null) {
            Objects.requireNonNull(look.task, "set when scheduled").cancel();
            look = null;
        }
    }

    /** Whether a look is scheduled and has not started. */
    boolean hasNextLook() {
        return look != null;
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

    /** One scheduled look; it stops being the registration's next look the moment it starts. */
    private final class Look implements Runnable {
        private final Runnable reconcile;
        private Scheduler.@Nullable Cancellable task;

        Look(Runnable reconcile) {
            this.reconcile = reconcile;
        }

        @Override
        public void run() {
            synchronized (Registration.this) {
                if (look == this) {
                    look = null;
                }
            }
            reconcile.run();
        }
    }
}
