package dev.stepwise.operator.internal;

import dev.stepwise.operator.RolloutStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@code Rollout}'s status with optimistic concurrency: starts from the resource as the
 * informer last saw it (no request), projects the new status from the one there, and skips the
 * write when nothing changed. Otherwise it updates the status subresource with that
 * {@code resourceVersion}; on 409 it reads the resource again and tries again, at most
 * {@value #ATTEMPTS} times, then logs at WARN and writes a Warning Event saying what was not
 * written. A status whose {@code observedGeneration} is newer than the one to write is never
 * overwritten.
 */
public final class StatusWriter {

    /** Writes tried while other writers keep changing the resource. */
    public static final int ATTEMPTS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);

    /** What became of a write. */
    public enum Outcome { WRITTEN, UNCHANGED, SUPERSEDED, GONE, GAVE_UP }

    private final RolloutApi api;
    private final KubernetesSerialization serialization;
    private final Function<String, @Nullable GenericKubernetesResource> cache;

    /**
     * @param cache the informer's copy of a resource by its key {@code namespace/name}; null when it has none
     */
    public StatusWriter(RolloutApi api, KubernetesSerialization serialization,
                        Function<String, @Nullable GenericKubernetesResource> cache) {
        this.api = api;
        this.serialization = serialization;
        this.cache = cache;
    }

    /**
     * Writes the status {@code project} makes from the one stored (null when none or unreadable),
     * for spec generation {@code generation}.
     */
    public Outcome write(String namespace, String name, long generation, UnaryOperator<@Nullable RolloutStatus> project) {
        GenericKubernetesResource resource = cache.apply(namespace + "/" + name);
        RolloutStatus next = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (resource == null) {
                return Outcome.GONE;
            }
            RolloutStatus previous = statusOf(resource);
            if (previous != null && previous.observedGeneration() > generation) {
                return Outcome.SUPERSEDED;
            }
            next = project.apply(previous);
            if (next.equals(previous)) {
                return Outcome.UNCHANGED;
            }
            try {
                api.updateStatus(resource, toMap(next));
                return Outcome.WRITTEN;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    LOG.warn("{}/{}: status not written (phase {}): {}", namespace, name, next.phase(), e.toString());
                    return Outcome.GAVE_UP;
                }
                LOG.debug("{}/{}: status write found another resourceVersion (attempt {}); reading again", namespace, name, attempt);
                resource = api.get(namespace, name);
            }
        }
        String what = next == null ? "status" : "status phase " + next.phase() + ", weight " + next.canaryWeight()
                + ", step " + next.step() + " (generation " + generation + ")";
        LOG.warn("{}/{}: {} not written: the resource kept changing ({} attempts, 409 each); the next change writes it",
                namespace, name, what, ATTEMPTS);
        api.event(namespace, name, "Warning", "StatusNotWritten", what + " not written: the resource kept changing ("
                + ATTEMPTS + " attempts); the next change of the rollout writes it");
        return Outcome.GAVE_UP;
    }

    /** The status on {@code resource}, or null when it has none or one this controller cannot read. */
    public @Nullable RolloutStatus statusOf(GenericKubernetesResource resource) {
        Object status = resource.getAdditionalProperties().get("status");
        if (!(status instanceof Map<?, ?>)) {
            return null;
        }
        try {
            return serialization.convertValue(status, RolloutStatus.class);
        } catch (RuntimeException e) {
            LOG.debug("{}: unreadable status, written over: {}", resource.getMetadata().getName(), e.toString());
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> toMap(RolloutStatus status) {
        return serialization.convertValue(status, Map.class);
    }

    @Override
    public String toString() {
        return "StatusWriter[" + ATTEMPTS + " attempts on 409]";
    }
}
