package dev.stepwise.engine;

import dev.stepwise.rollout.Command;
import dev.stepwise.rollout.Transition;
import dev.stepwise.spi.ConflictingChangeException;
import dev.stepwise.spi.HeldConflict;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StepNote;
import dev.stepwise.spi.StoredRollout;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
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
 *   <li>{@link Command#ABORT}: the strategy's abort is written ahead in place of the pending
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
    private final Consumer<RolloutEvent> events;

    ConflictHold(StateStore store, Consumer<RolloutEvent> events) {
        this.store = store;
        this.events = events;
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
        if (rec.commands().contains(Command.ABORT)) {
            Transition abort = def.strategy().step(rec.state(), Observer.fallback(rec, now, false));
            if (!abort.actions().isEmpty()) {
                LOG.info("{}: aborted by operator over the change to {}", rec.id(),
                        Objects.requireNonNull(rec.conflict()).what());
                return Optional.of(writeAhead(rec, abort, rest, now));
            }
        }
        if (rec.commands().contains(Command.ABORT) || rec.commands().contains(Command.RESUME)) {
            LOG.info("{}: resumed by operator; re-applying step {} over the change to {}", rec.id(), rec.note().step(),
                    Objects.requireNonNull(rec.conflict()).what());
            StoredRollout resumed = rec.withConflict(null).withCommands(rest).withNote(rec.note().overridingConflict());
            return Optional.of(store.save(resumed, rec.version()));
        }
        if (rec.commands().contains(Command.PAUSE)) {
            store.save(rec.withCommands(rest), rec.version());
        }
        return Optional.empty();
    }

    private StoredRollout writeAhead(StoredRollout rec, Transition t, Set<Command> commands, Instant now) {
        StepNote note = new StepNote(rec.version() + 1, t.decision(), t.reason(), List.of(), now, true);
        StoredRollout ahead = store.save(new StoredRollout(rec.id(), t.state(), t.actions(), note, t.next(),
                now.plus(t.next().after()), null, List.of(), commands, null, rec.version()), rec.version());
        events.accept(new RolloutEvent.Stepped(rec.id(), now, t));
        return ahead;
    }
}
