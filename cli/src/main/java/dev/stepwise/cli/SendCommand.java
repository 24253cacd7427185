package dev.stepwise.cli;

import dev.stepwise.engine.OperatorCommands;
import dev.stepwise.rollout.Command;
import dev.stepwise.spi.HeldConflict;
import dev.stepwise.spi.StaleStateException;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.validation.InvalidValueException;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * {@code stepwise pause|resume|promote|abort|retry NAME [-n NAMESPACE]}: stores an operator
 * command on the rollout, for the engine driving it to take at its next look (the CLI does not
 * drive the rollout itself). {@code retry} is refused for a rollout held by a conflicting change.
 */
abstract class SendCommand extends StoreCommand {

    private final Command command;

    SendCommand(Command command) {
        this.command = command;
    }

    @Override
    int run(OpenStore store, PrintWriter out, PrintWriter err) {
        Optional<StoredRollout> rec = load(store, err);
        if (rec.isEmpty()) {
            return StepwiseCli.INVALID_INPUT;
        }
        Optional<HeldConflict> held = rec.get().conflict();
        if (command == Command.RETRY && held.isPresent()) {
            err.println(refusedRetry(held.get()));
            return StepwiseCli.INVALID_INPUT;
        }
        StoredRollout saved;
        try {
            saved = OperatorCommands.send(store.store(), rollout.id(), command);
        } catch (InvalidValueException e) {
            // the rollout changed between the two reads: it was removed, or it is held now
            Optional<HeldConflict> now = store.store().load(rollout.id()).flatMap(StoredRollout::conflict);
            err.println(now.isPresent() && command == Command.RETRY ? refusedRetry(now.get())
                    : command + ": no rollout " + rollout.id() + " in " + store.where() + " any more");
            return StepwiseCli.INVALID_INPUT;
        } catch (StaleStateException e) {
            err.println(command + " " + rollout.id() + ": the rollout kept changing while the command was stored ("
                    + OperatorCommands.ATTEMPTS + " attempts); nothing was stored, try again");
            return StepwiseCli.INVALID_INPUT;
        }
        out.println(command + " stored for " + rollout.id() + " (" + saved.state().phase() + ", "
                + saved.state().split() + "); the engine takes it at its next look, due " + saved.dueAt());
        return 0;
    }

    private String refusedRetry(HeldConflict held) {
        return "retry " + rollout.id() + ": refused, the rollout is held by a conflicting change to " + held.what()
                + "; run `stepwise resume " + rollout.name + " -n " + rollout.namespace
                + "` to apply its step over the change, or `stepwise abort` to end it";
    }

    /** {@code stepwise pause}. */
    @picocli.CommandLine.Command(name = "pause", mixinStandardHelpOptions = true, versionProvider = StepwiseCli.Version.class,
            description = {"Holds a rollout where it is: no analysis, no traffic change, until resume.",
                    "Stores the command; the engine driving the rollout takes it at its next look."})
    static final class Pause extends SendCommand {
        Pause() {
            super(Command.PAUSE);
        }
    }

    /** {@code stepwise resume}. */
    @picocli.CommandLine.Command(name = "resume", mixinStandardHelpOptions = true, versionProvider = StepwiseCli.Version.class,
            description = {"Continues a paused rollout, or one held by a conflicting change (its step is applied over the change).",
                    "Stores the command; the engine driving the rollout takes it at its next look."})
    static final class Resume extends SendCommand {
        Resume() {
            super(Command.RESUME);
        }
    }

    /** {@code stepwise promote}. */
    @picocli.CommandLine.Command(name = "promote", mixinStandardHelpOptions = true, versionProvider = StepwiseCli.Version.class,
            description = {"Skips the analysis of the current step and goes on to the next one (gates still apply).",
                    "Stores the command; the engine driving the rollout takes it at its next look."})
    static final class Promote extends SendCommand {
        Promote() {
            super(Command.PROMOTE);
        }
    }

    /** {@code stepwise abort}. */
    @picocli.CommandLine.Command(name = "abort", mixinStandardHelpOptions = true, versionProvider = StepwiseCli.Version.class,
            description = {"Routes all traffic to stable and scales the canary down; the rollout ends Aborted.",
                    "Stores the command; the engine driving the rollout takes it at its next look."})
    static final class Abort extends SendCommand {
        Abort() {
            super(Command.ABORT);
        }
    }

    /** {@code stepwise retry}. */
    @picocli.CommandLine.Command(name = "retry", mixinStandardHelpOptions = true, versionProvider = StepwiseCli.Version.class,
            description = {"Starts a rolled-back or aborted rollout again from the first step, for the same revision.",
                    "Refused for a rollout held by a conflicting change: resume or abort it.",
                    "Stores the command; the engine driving the rollout takes it at its next look."})
    static final class Retry extends SendCommand {
        Retry() {
            super(Command.RETRY);
        }
    }
}
