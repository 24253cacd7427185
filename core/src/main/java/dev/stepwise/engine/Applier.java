package dev.stepwise.engine;

import dev.stepwise.rollout.Action;
import dev.stepwise.rollout.HookResult;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.spi.Verification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apply and commit: carries out a written-ahead transition's actions through the SPIs, in order,
 * then persists it committed. Actions are idempotent, so re-applying a transition after a crash is
 * safe; webhooks are called at least once. A split is applied with the transition's persisted
 * {@link dev.stepwise.spi.StepNote}, so the router is told the same rollout, step, decision, reason
 * and verdicts on every re-apply.
 */
final class Applier {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutEngine.class);

    private final StateStore store;
    private final Consumer<RolloutEvent> events;
    private final LeaderGuard guard;

    Applier(StateStore store, Consumer<RolloutEvent> events, LeaderGuard guard) {
        this.store = store;
        this.events = events;
        this.guard = guard;
    }

    /**
     * Applies every pending action of {@code rec} in order, then commits it (pending cleared, the
     * hook results kept). A transition ending the rollout is announced here, once applied, whichever
     * path wrote it ahead.
     */
    StoredRollout commit(RolloutDefinition def, StoredRollout rec, Instant now) {
        return commit(def, rec, now, 0);
    }

    /**
     * Writes {@code decided}'s record ahead, applies its actions and commits it: the engine's one
     * way to take a step it decided. When the transition's first effect (after log lines) is a
     * split, the record is saved together with that split ({@link WriteAhead#saveAhead}: one push
     * when the store and the router share a Git repository); otherwise it is saved first. Either
     * way the record is durable no later than the first effect.
     */
    StoredRollout takeAndCommit(RolloutDefinition def, WriteAhead writeAhead, WriteAhead.Decided decided, Instant now) {
        StoredRollout planned = decided.ahead().orElseThrow();
        List<Action> pending = planned.pending();
        int first = 0;
        while (first < pending.size() && pending.get(first) instanceof Action.Emit) {
            first++;
        }
        if (first == pending.size() || !(pending.get(first) instanceof Action.SetTraffic set)) {
            StoredRollout ahead = writeAhead.save(decided);
            return commit(def, ahead, now);
        }
        int split = first;
        StoredRollout ahead = writeAhead.saveAhead(decided, def.router(), () -> {
            writeAhead.announce(decided);
            Webhooks none = new Webhooks(def, planned);
            for (int i = 0; i < split; i++) {
                apply(def, planned, pending.get(i), none);
            }
            guard.check(def.id());
            def.router().apply(set.split(), planned.note());
        });
        return commit(def, ahead, now, split + 1);
    }

    /** Applies the pending actions of {@code rec} from index {@code from} on, then commits it. */
    private StoredRollout commit(RolloutDefinition def, StoredRollout rec, Instant now, int from) {
        Webhooks webhooks = new Webhooks(def, rec);
        List<HookResult> results = new ArrayList<>();
        List<Action> pending = rec.pending();
        for (Action action : pending.subList(from, pending.size())) {
            if (!(action instanceof Action.Emit)) {
                guard.check(def.id());
            }
            apply(def, rec, action, webhooks).ifPresent(results::add);
        }
        Optional<Instant> verifiedAt = Optional.of(now);
        Instant due = now.plus(rec.next().after());
        // Never step past a traffic change the data plane does not show yet: an analysis would
        // judge the previous split, and a scale-down could take pods still receiving traffic (a
        // GitOps controller applies a commit later, a pull request waits for its merge).
        boolean watch = rec.next().analysis() || rec.pending().stream().anyMatch(Action.SetTraffic.class::isInstance);
        if (watch && def.router().verify(rec.state().split()) == Verification.PENDING) {
            verifiedAt = Optional.empty();
            due = now;
        }
        // Commands arrive under the same per-rollout lock, so rec.commands() is current; another
        // process writing in between fails the compare-and-set, and the engine retries.
        StoredRollout committed = store.save(rec.committed(due, verifiedAt, results), rec.version());
        events.accept(new RolloutEvent.Applied(rec.id(), now, rec.pending()));
        if (verifiedAt.isPresent() && watch) {
            events.accept(new RolloutEvent.Verified(rec.id(), now, rec.state().split()));
        }
        if (rec.state().phase().isTerminal()) {
            events.accept(new RolloutEvent.Ended(rec.id(), now, rec.state().phase()));
        }
        return committed;
    }

    /** Applies {@code action}; the hook result when it called webhooks, else empty. */
    private static Optional<HookResult> apply(RolloutDefinition def, StoredRollout rec, Action action, Webhooks webhooks) {
        if (action instanceof Action.SetTraffic set) {
            def.router().apply(set.split(), rec.note());
        } else if (action instanceof Action.ScaleTrack scale) {
            def.workload().scale(scale.track(), scale.percent());
        } else if (action instanceof Action.PromoteCanary promote) {
            def.workload().promote(promote.revision());
        } else if (action instanceof Action.CallWebhook call) {
            return Optional.of(webhooks.callAll(call.type()));
        } else if (action instanceof Action.Emit emit) {
            if (emit.severity() == Action.Emit.Severity.WARNING) {
                LOG.warn("{}: {}", def.id(), emit.message());
            } else {
                LOG.info("{}: {}", def.id(), emit.message());
            }
        }
        return Optional.empty();
    }
}
