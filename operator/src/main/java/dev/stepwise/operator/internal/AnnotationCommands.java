package dev.stepwise.operator.internal;

import dev.stepwise.engine.RolloutEngine;
import dev.stepwise.operator.RolloutResource;
import dev.stepwise.rollout.Command;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the command an operator left in annotation {@link RolloutResource#COMMAND_ANNOTATION}: first
 * removes the annotation with a JSON patch that tests it still holds that value (so a command is
 * taken once, by one replica, even when two look at once), then hands it to the engine and writes a
 * Normal Event {@code CommandTaken}. An unknown value, a rollout not running, or a command the
 * engine refuses: the annotation is removed all the same and a Warning Event says why.
 */
public final class AnnotationCommands {

    /** The commands an annotation may hold, case-insensitive. */
    public static final List<Command> ALLOWED = List.of(Command.PAUSE, Command.RESUME, Command.PROMOTE, Command.ABORT,
            Command.RETRY);

    private static final Logger LOG = LoggerFactory.getLogger(AnnotationCommands.class);

    private final RolloutApi api;
    private final RolloutEngine engine;

    public AnnotationCommands(RolloutApi api, RolloutEngine engine) {
        this.api = api;
        this.engine = engine;
    }

    /** The command annotation's value on {@code resource}, if any. */
    public static Optional<String> value(GenericKubernetesResource resource) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(RolloutResource.COMMAND_ANNOTATION));
    }

    /**
     * Takes the command on {@code resource}, if there is one.
     *
     * @param running whether the engine runs this rollout (a refused spec runs nothing)
     */
    public void take(GenericKubernetesResource resource, boolean running) {
        Optional<String> value = value(resource);
        if (value.isEmpty()) {
            return;
        }
        String ns = resource.getMetadata().getNamespace();
        String name = resource.getMetadata().getName();
        String id = ns + "/" + name;
        if (!remove(ns, name, value.get())) {
            return;
        }
        Optional<Command> command = parse(value.get());
        if (command.isEmpty()) {
            String allowed = ALLOWED.stream().map(Command::label).collect(Collectors.joining(", "));
            warn(ns, name, "UnknownCommand", "unknown command \"" + value.get() + "\" in annotation "
                    + RolloutResource.COMMAND_ANNOTATION + "; allowed: " + allowed + "; annotation removed, nothing done");
            return;
        }
        if (!running) {
            warn(ns, name, "CommandRefused", "command " + command.get() + " refused: the rollout is not running (see its"
                    + " status); annotation removed");
            return;
        }
        try {
            engine.command(id, command.get());
        } catch (RuntimeException e) {
            warn(ns, name, "CommandRefused", "command " + command.get() + " refused: " + e.getMessage() + "; annotation removed");
            return;
        }
        LOG.info("{}: command {} taken from annotation {}", id, command.get(), RolloutResource.COMMAND_ANNOTATION);
        api.event(ns, name, "Normal", "CommandTaken", "command " + command.get() + " taken from annotation "
                + RolloutResource.COMMAND_ANNOTATION + "; annotation removed");
    }

    /** The command named by {@code value}, case-insensitive, among {@link #ALLOWED}. */
    public static Optional<Command> parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return ALLOWED.stream().filter(c -> c.label().equals(v)).findFirst();
    }

    /** Removes the annotation if it still holds {@code value}; false when another writer changed it first. */
    private boolean remove(String ns, String name, String value) {
        String path = "/metadata/annotations/" + RolloutApi.pointer(RolloutResource.COMMAND_ANNOTATION);
        try {
            api.patch(ns, name, "[{\"op\":\"test\",\"path\":\"" + path + "\",\"value\":" + RolloutApi.json(value)
                    + "},{\"op\":\"remove\",\"path\":\"" + path + "\"}]");
            return true;
        } catch (KubernetesClientException e) {
            // 422: the test failed (taken by another replica, or changed); 404: gone. The next change is looked at again.
            LOG.debug("{}/{}: command annotation {} not removed ({}); left to the next look", ns, name, value, e.getCode());
            return false;
        }
    }

    private void warn(String ns, String name, String reason, String message) {
        LOG.warn("{}/{}: {}", ns, name, message);
        api.event(ns, name, "Warning", reason, message);
    }

    @Override
    public String toString() {
        return "AnnotationCommands[" + RolloutResource.COMMAND_ANNOTATION + "]";
    }
}
