package dev.stepwise.engine;

import dev.stepwise.rollout.Command;
import dev.stepwise.spi.ConflictingChangeException;
import dev.stepwise.spi.HeldConflict;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.StoredRollout;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rollout held by a {@link ConflictingChangeException}: someone outside Stepwise changed what it
 * owns, and only an operator may decide to write over that. The hold is persisted on the stored
 * rollout ({@link StoredRollout#conflict()}) next to the written-ahead transition, which stays as
 * it was; while held, nothing is applied or observed, also by an engine restarted on the store.
 *
 * <p>The hold ends on an operator command, the first that applies of:
 * <ol>
 *   <li>{@link Command#ABORT}: the strategy's abort is written ahead ({@link WriteAhead}) in place of the pending
 *       transition and applied over the outside change (route and scale writes are absolute, so
 *       it supersedes the pending move); a pending transition that already ends the rollout is
 *       re-applied instead;</li>
 *   <li>{@link Command#RESUME}: the pending transition is re-applied over the outside change and
 *       the rollout goes on;</li>
 *   <li>{@link Command#PAUSE}: nothing changes (the rollout is held already); the command is used up.</li>
 * </ol>
 * Either way the router is told the change overrides the conflict ({@link StepNote#overridesConflict()}),
 * persisted with the transition, so a crash before it is applied does not ask the operator again.
 * Other commands wait, stored, and reach the strategy once the hold has ended.
 */
final class ConflictHold {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutEngine.class);
    private static final Set<Command> HOLD_COMMANDS = EnumSet.of(Command.ABORT, Command.RESUME, Command.PAUSE);

    private final StateStore store;
    private final WriteAhead writeAhead;

    ConflictHold(StateStore store, WriteAhead writeAhead) {
        this.store = store;
        this.writeAhead = writeAhead;
    }

    /** Persists the hold on the stored rollout; false when nothing is stored for it yet. */
    boolean hold(String id, HeldConflict conflict) {
        StoredRollout rec = store.load(id).orElse(null);
        if (rec == null) {
            return false;
        }
        if (!rec.isHeld()) {
            store.save(rec.withConflict(conflict), rec.version());
        }
        return true;
    }

    /** The record to go on with once the operator's commands end the hold; empty while it holds. */
    Optional<StoredRollout> release(RolloutDefinition def, StoredRollout rec, Instant now) {
        Set<Command> rest = EnumSet.noneOf(Command.class);
        rec.commands().stream().filter(c -> !HOLD_COMMANDS.contains(c)).forEach(rest::add);
        String what = rec.conflict().map(HeldConflict::what).orElseThrow();
        if (rec.commands().contains(Command.ABORT)) {
            Optional<StoredRollout> aborted = writeAhead.take(def, rec, Observer.fallback(rec, now), rec.evidence(), rest, true).ahead();
            if (aborted.isPresent()) {
                LOG.info("{}: aborted by operator over the change to {}", rec.id(), what);
                return aborted;
            }
        }
        if (rec.commands().contains(Command.ABORT) || rec.commands().contains(Command.RESUME)) {
            LOG.info("{}: resumed by operator; re-applying step {} over the change to {}", rec.id(), rec.note().step(),
                    what);
            StoredRollout resumed = rec.released().withCommands(rest).withNote(rec.note().overridingConflict());
            return Optional.of(store.save(resumed, rec.version()));
        }
        if (rec.commands().contains(Command.PAUSE)) {
            store.save(rec.withCommands(rest), rec.version());
        }
        return Optional.empty();
    }
}
