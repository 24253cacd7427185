package dev.stepwise.spi;

/**
 * Whether this engine may write: with several replicas of an embedding application, only the
 * one holding the leadership (a Kubernetes {@code Lease}, say) steps rollouts, writes records and
 * moves traffic; the others only wait to take over.
 *
 * <p><b>Contract.</b> {@link #current()} is asked right before every write the engine makes (a
 * write-ahead record, a route, a scale, a webhook call, a state save), so it must be cheap and must
 * answer from what this process knows now, never from a cache that outlives its lease: an
 * implementation answers {@link LeadershipTerm.Following} as soon as its own lease may have expired
 * by its clock (a lease not renewed in time after a long pause counts as lost even before the
 * elector notices). The {@link LeadershipTerm.Leading#epoch() epoch} grows with every term this
 * process gains, and a new term's epoch is greater than any an earlier leader held; the engine
 * claims every rollout again for a new epoch before writing anything else (see
 * {@code RolloutEngine}). Listeners are told of every change of term, on any thread, in order.
 *
 * <p>The default, {@link #always()}, is one engine that always leads at epoch 0: every embedding
 * that does not configure leadership behaves as before.
 */
public interface Leadership {

    /** The term this process is in now; asked right before every write. */
    LeadershipTerm current();

    /**
     * Tells {@code listener} of each later change of term (gained, lost, a new epoch). Default: never
     * told, for a leadership that never changes.
     */
    default void listen(LeadershipListener listener) {
        // a leadership that never changes has nothing to tell
    }

    /** Always the leader, at epoch 0: one engine on its own, as without leadership. */
    static Leadership always() {
        return AlwaysLeading.INSTANCE;
    }

    /** The leadership of an engine on its own. */
    enum AlwaysLeading implements Leadership {
        INSTANCE;

        @Override
        public LeadershipTerm current() {
            return LeadershipTerm.Leading.ALWAYS;
        }

        @Override
        public String toString() {
            return "Leadership[always the leader, epoch 0]";
        }
    }
}
