package dev.stepwise.engine;

import dev.stepwise.spi.Leadership;
import dev.stepwise.spi.LeadershipTerm;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.TrafficRouter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's check right before each of its writes: this engine leads, in the term it claimed the
 * rollout in. A new term claims each rollout first ({@link #claim}): its record is saved again,
 * so the store's version moves past anything a deposed leader read, and a transition still pending
 * is given the claim's version as its note's, so the route's fence moves past the deposed leader's
 * note when the new leader re-applies it. With {@link Leadership#always()} (epoch 0) nothing is
 * ever claimed and nothing changes.
 */
final class LeaderGuard {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutEngine.class);

    private final Leadership leadership;
    /** The epoch each rollout was claimed in; a rollout not in it counts as claimed at epoch 0. */
    private final Map<String, Long> claimed = new ConcurrentHashMap<>();

    LeaderGuard(Leadership leadership) {
        this.leadership = leadership;
    }

    /** The current term. */
    LeadershipTerm term() {
        return leadership.current();
    }

    /**
     * Returns if this engine may write for {@code rollout} now.
     *
     * @throws NotLeaderException if it does not lead, or leads in a term it has not claimed the rollout in
     */
    void check(String rollout) {
        LeadershipTerm term = leadership.current();
        long epoch = claimed.getOrDefault(rollout, 0L);
        if (!(term instanceof LeadershipTerm.Leading leading) || leading.epoch() != epoch) {
            throw new NotLeaderException(rollout, term, epoch);
        }
    }

    /** Whether {@code rollout} must be claimed in {@code term} before anything is written for it. */
    boolean needsClaim(String rollout, LeadershipTerm.Leading term) {
        return claimed.getOrDefault(rollout, 0L) != term.epoch();
    }

    /**
     * Claims {@code rollout} for {@code term}: saves its stored record again (when there is one),
     * a pending transition's note carrying the new version, checking the term right before.
     *
     * @throws dev.stepwise.spi.StaleStateException if another engine saved the record in between
     */
    void claim(StateStore store, String rollout, LeadershipTerm.Leading term) {
        Optional<StoredRollout> stored = store.load(rollout);
        if (stored.isPresent()) {
            StoredRollout rec = stored.get();
            if (!(leadership.current() instanceof LeadershipTerm.Leading now) || now.epoch() != term.epoch()) {
                throw new NotLeaderException(rollout, leadership.current(), term.epoch());
            }
            StoredRollout saved = store.save(claimed(rec), rec.version());
            LOG.info("{}: claimed for epoch {} of lease {}: record v{} saved again as v{}{}", rollout, term.epoch(),
                    term.lease(), rec.version(), saved.version(), rec.isCommitted() ? "" : ", its pending transition's note now v"
                            + saved.note().version());
        }
        claimed.put(rollout, term.epoch());
    }

    /** The rollout is no longer driven: a later registration claims it again. */
    void forget(String rollout) {
        claimed.remove(rollout);
    }

    /** {@code store}, every save checked first. */
    StateStore guard(StateStore store) {
        return new Guarded(store);
    }

    private static StoredRollout claimed(StoredRollout rec) {
        if (rec.isCommitted()) {
            return rec;
        }
        StepNote n = rec.note();
        return rec.withNote(new StepNote(n.rollout(), n.step(), rec.version() + 1, n.decision(), n.reason(), n.verdicts(),
                n.decidedAt(), n.overridesConflict()));
    }

    /** A state store whose saves and deletes are checked against the leadership right before. */
    private final class Guarded implements StateStore {
        private final StateStore store;

        Guarded(StateStore store) {
            this.store = store;
        }

        @Override
        public Optional<StoredRollout> load(String id) {
            return store.load(id);
        }

        @Override
        public StoredRollout save(StoredRollout rollout, long expectedVersion) {
            check(rollout.id());
            return store.save(rollout, expectedVersion);
        }

        @Override
        public StoredRollout saveAhead(StoredRollout rollout, long expectedVersion, TrafficRouter router, Runnable apply) {
            check(rollout.id());
            return store.saveAhead(rollout, expectedVersion, router, apply);
        }

        @Override
        public List<String> ids() {
            return store.ids();
        }

        @Override
        public void delete(String id) {
            check(id);
            store.delete(id);
        }

        @Override
        public String toString() {
            return store.toString();
        }
    }
}
