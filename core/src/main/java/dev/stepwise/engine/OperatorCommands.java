package dev.stepwise.engine;

import dev.stepwise.rollout.Command;
import dev.stepwise.spi.HeldConflict;
import dev.stepwise.spi.StaleStateException;
import dev.stepwise.spi.StateStore;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.validation.InvalidValueException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists an operator command on a stored rollout, for the engine ({@link RolloutEngine#command})
 * and for anything else that shares its {@link StateStore} (the {@code stepwise} CLI): the command
 * is added to {@link StoredRollout#commands()} with a compare-and-set save, and the engine driving
 * the rollout takes it at its next look.
 *
 * <p>Checks: the rollout must be stored ({@link InvalidValueException} on field {@code id}
 * otherwise), and {@link Command#RETRY} is refused for a rollout held by a conflicting change
 * (field {@code command}; resume or abort it instead). A save that finds another version
 * ({@link StaleStateException}: the engine stepped in between) reloads and tries again, at most
 * {@value #ATTEMPTS} times in all, then passes the last {@link StaleStateException} on. Stateless
 * and thread-safe.
 *
 * <p>Commands are taken in the order they were issued: a {@link Command#RESUME} stored while a
 * {@link Command#PAUSE} is still pending replaces it (pause then resume leaves the rollout going
 * on), and a pause stored while a resume is pending replaces that one.
 */
public final class OperatorCommands {

    /** Saves tried while other writers keep changing the rollout. */
    public static final int ATTEMPTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(OperatorCommands.class);

    private OperatorCommands() {
    }

    /**
     * Adds {@code command} to the stored rollout {@code id}.
     *
     * @return the record as saved, with its new version
     * @throws InvalidValueException if the rollout is not stored, or the command is
     *         {@link Command#RETRY} for a held rollout
     * @throws StaleStateException   if other writers changed the rollout on every one of
     *                               {@value #ATTEMPTS} attempts
     */
    public static StoredRollout send(StateStore store, String id, Command command) {
        InvalidValueException.requireNonNull("store", store);
        InvalidValueException.requireNonNull("command", command);
        return send(store, InvalidValueException.requireNonNull("id", id), store.load(id), command);
    }

    /** {@link #send(StateStore, String, Command)}, starting from {@code loaded}, just read from {@code store}. */
    static StoredRollout send(StateStore store, String id, Optional<StoredRollout> loaded, Command command) {
        Optional<StoredRollout> rec = loaded;
        for (int attempt = 1; ; attempt++) {
            try {
                return save(store, id, rec, command);
            } catch (StaleStateException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                LOG.debug("rollout {}: changed while storing command {} (attempt {} of {}); reading it again", id,
                        command, attempt, ATTEMPTS);
                rec = store.load(id);
            }
        }
    }

    private static StoredRollout save(StateStore store, String id, Optional<StoredRollout> loaded, Command command) {
        StoredRollout rec = loaded.orElseThrow(() ->
                new InvalidValueException("id", id, "has not been reconciled yet; try again in a moment"));
        if (rec.isHeld() && command == Command.RETRY) {
            throw new InvalidValueException("command", command, "does not apply to a rollout held by a conflicting "
                    + "change to " + rec.conflict().map(HeldConflict::what).orElseThrow()
                    + "; send resume to apply its step over the change, or abort");
        }
        return store.save(rec.withCommands(pending(rec.commands(), command)), rec.version());
    }

    /**
     * The commands pending once {@code command} is stored after {@code before}, none of them taken
     * yet. Pause and resume are taken in the order they were issued: the later one replaces a pending
     * one of the other kind (a set given to the strategy at once cannot say which came first, and
     * would keep the pause and drop the resume on a running rollout, or the reverse on a paused one).
     */
    static Set<Command> pending(Set<Command> before, Command command) {
        Set<Command> commands = new HashSet<>(before);
        if (command == Command.RESUME) {
            commands.remove(Command.PAUSE);
        } else if (command == Command.PAUSE) {
            commands.remove(Command.RESUME);
        }
        commands.add(command);
        return commands;
    }
}
