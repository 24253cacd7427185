package dev.stepwise.cli;

import dev.stepwise.engine.OperatorCommands;
import dev.stepwise.operator.RolloutResource;
import dev.stepwise.rollout.Command;
import dev.stepwise.spi.HeldConflict;
import dev.stepwise.spi.StaleStateException;
import dev.stepwise.spi.StoredRollout;
import dev.stepwise.validation.InvalidValueException;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * {@code stepwise pause|resume|promote|abort|retry NAME [-n NAMESPACE]}: stores an operator
 * command on the rollout, for the engine driving it to take at its next look (the CLI does not
 * drive the rollout itself). {@code retry} is refused for a rollout held by a conflicting change.
 * With {@code --resource} the command goes to the {@code Rollout} resource instead, as its command
 * annotation ({@link CommandAnnotation}), for the controller.
 */
abstract class SendCommand extends StoreCommand {

    private final Command command;

    @picocli.CommandLine.Option(names = "--resource",
            description = {"Send the command to the Rollout resource NAMESPACE/NAME (stepwise.dev/v1alpha1) instead of a state store:",
                    "sets its annotation " + RolloutResource.COMMAND_ANNOTATION + ", which the controller takes and removes.",
                    "Refused while another command waits there. Uses --kubeconfig and --context; not with --git or --state-namespace."})
    boolean resource;

    SendCommand(Command command) {
        this.command = command;
    }

    @Override
    public Integer call() {
        return resource ? toResource() : super.call();
    }

    /** {@code --resource}: the annotation on the Rollout resource, through the kubeconfig's cluster. */
    private int toResource() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            storeOptions.checkNoStore(spec.commandLine().getParseResult().hasMatchedOption("--state-namespace"));
        } catch (StoreChoiceException e) {
            err.println(command + ": " + e.getMessage());
            err.flush();
            return spec.exitCodeOnInvalidInput();
        }
        try (KubernetesClient client = storeOptions.kubernetesClient()) {
            return told(new CommandAnnotation(client).send(rollout.namespace, rollout.name, command), storeOptions.cluster(client), out, err);
        } catch (RuntimeException e) {
            err.println(command + " " + rollout.id() + ": cannot reach the cluster for the Rollout resource: " + reason(e));
            return StepwiseCli.STORE_UNREACHABLE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int told(CommandAnnotation.Outcome outcome, String cluster, PrintWriter out, PrintWriter err) {
        if (outcome instanceof CommandAnnotation.Outcome.Sent) {
            out.println(command + " sent to rollout " + rollout.id() + "; the controller takes it at its next look");
            return 0;
        }
        err.println(command + " " + rollout.id() + ": " + refusal(outcome, cluster));
        return outcome instanceof CommandAnnotation.Outcome.Forbidden ? StepwiseCli.STORE_UNREACHABLE : StepwiseCli.INVALID_INPUT;
    }

    private String refusal(CommandAnnotation.Outcome outcome, String cluster) {
        String ns = rollout.namespace;
        String name = rollout.name;
        if (outcome instanceof CommandAnnotation.Outcome.Waiting waiting) {
            return "a `" + waiting.pending() + "` is still waiting for the controller to take it; nothing was changed;"
                    + " try again once it is gone (kubectl get rollout " + name + " -n " + ns
                    + " -o jsonpath='{.metadata.annotations.stepwise\\.dev/command}')";
        }
        if (outcome instanceof CommandAnnotation.Outcome.NoSuchRollout) {
            return "no Rollout resource " + name + " in namespace " + ns + " of " + cluster + "; check NAME and -n (kubectl get "
                    + RolloutResource.CRD_NAME + " -n " + ns + "); the controller's CRD " + RolloutResource.CRD_NAME
                    + " must be installed, and a rollout run by `stepwise run` or an embedding process takes commands"
                    + " through its state store (leave out --resource)";
        }
        if (outcome instanceof CommandAnnotation.Outcome.NoDefinition) {
            return "the cluster (" + cluster + ") does not serve " + RolloutResource.PLURAL + " in " + RolloutResource.API_VERSION
                    + " (the API group " + RolloutResource.GROUP + " answered 404): the controller's CRD " + RolloutResource.CRD_NAME
                    + " is not installed (deploy/crd.yaml); without the controller, leave out --resource to use the state store";
        }
        if (outcome instanceof CommandAnnotation.Outcome.Forbidden forbidden) {
            return "forbidden: the kubeconfig's user may not `" + forbidden.verb() + "` " + RolloutResource.CRD_NAME
                    + " in namespace " + ns + " (" + cluster + "); --resource needs the verbs get and update on"
                    + " resource rollouts of API group " + RolloutResource.GROUP;
        }
        return "the Rollout resource kept changing while the annotation was written (" + CommandAnnotation.ATTEMPTS
                + " attempts); nothing was sent, try again";
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
                    "Stores the command; the engine driving the rollout takes it at its next look (or, with --resource, annotates the Rollout resource for the controller)."})
    static final class Pause extends SendCommand {
        Pause() {
            super(Command.PAUSE);
        }
    }

    /** {@code stepwise resume}. */
    @picocli.CommandLine.Command(name = "resume", mixinStandardHelpOptions = true, versionProvider = StepwiseCli.Version.class,
            description = {"Continues a paused rollout, or one held by a conflicting change (its step is applied over the change).",
                    "Stores the command; the engine driving the rollout takes it at its next look (or, with --resource, annotates the Rollout resource for the controller)."})
    static final class Resume extends SendCommand {
        Resume() {
            super(Command.RESUME);
        }
    }

    /** {@code stepwise promote}. */
    @picocli.CommandLine.Command(name = "promote", mixinStandardHelpOptions = true, versionProvider = StepwiseCli.Version.class,
            description = {"Skips the analysis of the current step and goes on to the next one (gates still apply).",
                    "Stores the command; the engine driving the rollout takes it at its next look (or, with --resource, annotates the Rollout resource for the controller)."})
    static final class Promote extends SendCommand {
        Promote() {
            super(Command.PROMOTE);
        }
    }

    /** {@code stepwise abort}. */
    @picocli.CommandLine.Command(name = "abort", mixinStandardHelpOptions = true, versionProvider = StepwiseCli.Version.class,
            description = {"Routes all traffic to stable and scales the canary down; the rollout ends Aborted.",
                    "Stores the command; the engine driving the rollout takes it at its next look (or, with --resource, annotates the Rollout resource for the controller)."})
    static final class Abort extends SendCommand {
        Abort() {
            super(Command.ABORT);
        }
    }

    /** {@code stepwise retry}. */
    @picocli.CommandLine.Command(name = "retry", mixinStandardHelpOptions = true, versionProvider = StepwiseCli.Version.class,
            description = {"Starts a rolled-back or aborted rollout again from the first step, for the same revision.",
                    "Refused for a rollout held by a conflicting change: resume or abort it.",
                    "Stores the command; the engine driving the rollout takes it at its next look (or, with --resource, annotates the Rollout resource for the controller)."})
    static final class Retry extends SendCommand {
        Retry() {
            super(Command.RETRY);
        }
    }
}
