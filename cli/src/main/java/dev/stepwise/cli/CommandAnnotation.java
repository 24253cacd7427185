package dev.stepwise.cli;

import dev.stepwise.operator.RolloutResource;
import dev.stepwise.rollout.Command;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.HashMap;
import java.util.Map;

/**
 * Sends an operator command to a {@code Rollout} resource: sets the annotation
 * {@link RolloutResource#COMMAND_ANNOTATION} for the controller to take (and remove). One command
 * waits at a time: while one is there, nothing is changed. The update carries the resourceVersion
 * read (optimistic concurrency); on a conflict (409) the resource is read again, at most
 * {@value #ATTEMPTS} times.
 */
final class CommandAnnotation {

    /** How many times the resource is read and updated before giving up. */
    static final int ATTEMPTS = 5;

    /** What came of a command sent to the resource. */
    sealed interface Outcome {
        /** The annotation is set; {@code attempts} updates it took. */
        record Sent(int attempts) implements Outcome {
        }

        /** Nothing changed: the command {@code pending} still waits for the controller. */
        record Waiting(String pending) implements Outcome {
        }

        /** No such Rollout resource; the CRD is installed, or discovery would not say. */
        record NoSuchRollout() implements Outcome {
        }

        /** The cluster does not serve the Rollout resource: its CRD is not installed. */
        record NoDefinition() implements Outcome {
        }

        /** The credentials lack {@code verb} on rollouts in the namespace. */
        record Forbidden(String verb) implements Outcome {
        }

        /** Every attempt met a conflict; nothing was sent. */
        record KeptChanging() implements Outcome {
        }
    }

    private final KubernetesClient client;
    private final Runnable betweenReadAndUpdate;

    CommandAnnotation(KubernetesClient client) {
        this(client, () -> { });
    }

    /** With {@code betweenReadAndUpdate} run after each read: a test's concurrent writer. */
    CommandAnnotation(KubernetesClient client, Runnable betweenReadAndUpdate) {
        this.client = client;
        this.betweenReadAndUpdate = betweenReadAndUpdate;
    }

    /**
     * Sets the command annotation on the Rollout {@code namespace/name}.
     *
     * @throws KubernetesClientException when the API server fails otherwise (unreachable, 5xx)
     */
    Outcome send(String namespace, String name, Command command) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            GenericKubernetesResource current;
            try {
                current = client.genericKubernetesResources(RolloutResource.DEFINITION).inNamespace(namespace).withName(name).get();
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                    return new Outcome.Forbidden("get");
                }
                throw e;
            }
            if (current == null) {
                return served() ? new Outcome.NoSuchRollout() : new Outcome.NoDefinition();
            }
            Map<String, String> annotations = current.getMetadata().getAnnotations() == null ? new HashMap<>()
                    : new HashMap<>(current.getMetadata().getAnnotations());
            String pending = annotations.get(RolloutResource.COMMAND_ANNOTATION);
            if (pending != null) {
                return new Outcome.Waiting(pending);
            }
            annotations.put(RolloutResource.COMMAND_ANNOTATION, command.label());
            current.getMetadata().setAnnotations(annotations);
            betweenReadAndUpdate.run();
            try {
                // update() sends the resourceVersion read: the API server answers 409 if anyone wrote since
                client.genericKubernetesResources(RolloutResource.DEFINITION).inNamespace(namespace).resource(current).update();
                return new Outcome.Sent(attempt);
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                    return new Outcome.Forbidden("update");
                }
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
                    throw e;
                }
                // 409: changed since the read; 404: deleted since the read (the next read says so)
            }
        }
        return new Outcome.KeptChanging();
    }

    /** Whether API discovery lists the rollouts of stepwise.dev/v1alpha1; a discovery that fails otherwise counts as served. */
    private boolean served() {
        try {
            APIResourceList resources = client.getApiResources(RolloutResource.API_VERSION);
            return resources != null && resources.getResources().stream().anyMatch(r -> RolloutResource.PLURAL.equals(r.getName()));
        } catch (KubernetesClientException e) {
            return e.getCode() != HttpURLConnection.HTTP_NOT_FOUND;
        }
    }
}
