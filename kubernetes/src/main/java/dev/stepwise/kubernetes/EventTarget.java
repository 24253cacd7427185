package dev.stepwise.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;

/**
 * The object a rollout's Kubernetes Events are about (their {@code involvedObject}); the Events are
 * written in its namespace. Today that is the rollout's target Deployment ({@link #deployment()});
 * a controller with a {@code Rollout} resource points them at the resource instead.
 */
@FunctionalInterface
public interface EventTarget {

    /**
     * The object the events of rollout {@code rolloutId} ({@code namespace/name}) are about; must
     * have a kind, a namespace and a name. Called on the events' writer thread.
     *
     * @throws IllegalArgumentException when there is no such object for the id (the event is not written, and logged)
     */
    ObjectReference of(String rolloutId);

    /** The {@code apps/v1} Deployment named by the rollout's id {@code namespace/name}: the target. */
    static EventTarget deployment() {
        return kind("apps/v1", "Deployment");
    }

    /** An object of {@code apiVersion} and {@code kind} named by the rollout's id {@code namespace/name}. */
    static EventTarget kind(String apiVersion, String kind) {
        return rolloutId -> {
            int slash = rolloutId.indexOf('/');
            if (slash <= 0 || slash == rolloutId.length() - 1) {
                throw new IllegalArgumentException("rollout id \"" + rolloutId + "\" is not namespace/name");
            }
            return new ObjectReferenceBuilder().withApiVersion(apiVersion).withKind(kind)
                    .withNamespace(rolloutId.substring(0, slash)).withName(rolloutId.substring(slash + 1)).build();
        };
    }
}
