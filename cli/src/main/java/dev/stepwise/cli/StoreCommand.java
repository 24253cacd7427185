package dev.stepwise.cli;

import dev.stepwise.spi.StoredRollout;
import dev.stepwise.validation.InvalidValueException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * What the operator commands share: the rollout's address, the state store chosen on the command
 * line, and how failures are told. A store that cannot be read or written exits with
 * {@link StepwiseCli#STORE_UNREACHABLE}; an unknown rollout or a refused command with
 * {@link StepwiseCli#INVALID_INPUT}; options naming no usable store as a bad command line.
 */
abstract class StoreCommand implements Callable<Integer> {

    @Mixin
    RolloutAddress rollout = new RolloutAddress();

    @Mixin
    StoreOptions storeOptions = new StoreOptions();

    @ParentCommand
    StepwiseCli cli;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Does the command's work on the open store; returns the exit status. */
    abstract int run(OpenStore store, PrintWriter out, PrintWriter err);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (OpenStore store = storeOptions.open(cli.terminal().environment())) {
            try {
                return run(store, out, err);
            } catch (CommandLine.ParameterException e) {
                throw e;
            } catch (InvalidValueException e) {
                err.println(spec.name() + " " + rollout.id() + ": " + store.where() + " holds a record this CLI cannot read: "
                        + e.getMessage());
                return StepwiseCli.INVALID_INPUT;
            } catch (RuntimeException e) {
                err.println(spec.name() + " " + rollout.id() + ": cannot reach the state store (" + store.where() + "): "
                        + reason(e));
                return StepwiseCli.STORE_UNREACHABLE;
            }
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (StoreChoiceException e) {
            err.println(spec.name() + ": " + e.getMessage());
            return spec.exitCodeOnInvalidInput();
        } catch (InvalidValueException e) {
            err.println(spec.name() + ": cannot use the state store: " + e.getMessage());
            return StepwiseCli.INVALID_INPUT;
        } catch (RuntimeException e) {
            err.println(spec.name() + " " + rollout.id() + ": cannot open the state store: " + reason(e));
            return StepwiseCli.STORE_UNREACHABLE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The rollout as stored; empty, with a message naming the store and what it does hold, when unknown. */
    Optional<StoredRollout> load(OpenStore store, PrintWriter err) {
        Optional<StoredRollout> rec = store.store().load(rollout.id());
        if (rec.isEmpty()) {
            List<String> ids = store.store().ids();
            err.println(spec.name() + ": no rollout " + rollout.id() + " in " + store.where() + "; "
                    + (ids.isEmpty() ? "it holds no rollout (is the engine using this store?)"
                            : "it holds " + shortList(ids) + " (check NAME and -n NAMESPACE)"));
        }
        return rec;
    }

    private static String shortList(List<String> ids) {
        return ids.size() <= 10 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 10)) + " and " + (ids.size() - 10) + " more";
    }

    /** What went wrong, by the innermost message: the adapters' messages name the resource and never a secret. */
    static String reason(Throwable e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if ((message == null || message.isBlank()) && cause != null && cause != e) {
            return reason(cause);
        }
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
