package dev.stepwise.kubernetes.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Revisions and promotion of Deployments' pod templates; pure functions of the objects given. */
public final class PodTemplates {

    /** Hex digits of a revision. */
    public static final int REVISION_LENGTH = 10;

    private static final ObjectMapper SORTED = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final KubernetesSerialization serialization;

    public PodTemplates(KubernetesSerialization serialization) {
        this.serialization = serialization;
    }

    /**
     * The revision of {@code deployment}'s pod template: a SHA-256 of its JSON with every object's keys
     * sorted, so the same template always gives the same revision, whatever the field order it came in.
     */
    public String revision(Deployment deployment) {
        Map<?, ?> template = serialization.convertValue(deployment.getSpec().getTemplate(), Map.class);
        try {
            return Hashes.sha256Hex(SORTED.writeValueAsString(template), REVISION_LENGTH);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The canary's pod template as the stable Deployment must run it: the canary's, with the labels
     * the stable Deployment selects its pods by, and the stable version label, put over the
     * canary's labels (so that both the Deployment and the mesh's subsets keep selecting the pods).
     */
    public PodTemplateSpec promoted(Deployment canary, Deployment stable, String versionLabel, String stableVersion) {
        PodTemplateSpec template = serialization.clone(canary.getSpec().getTemplate());
        Map<String, String> labels = new LinkedHashMap<>();
        if (template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        if (stable.getSpec().getSelector() != null && stable.getSpec().getSelector().getMatchLabels() != null) {
            labels.putAll(stable.getSpec().getSelector().getMatchLabels());
        }
        labels.put(versionLabel, stableVersion);
        template.getMetadata().setLabels(labels);
        return template;
    }

    /**
     * Whether {@code deployment} has rolled out and all its pods are ready: the controller saw the
     * latest spec (observedGeneration at least generation) and at least spec.replicas pods are updated
     * and ready. A Deployment scaled to 0 is ready.
     */
    public static boolean isReady(Deployment deployment) {
        int wanted = replicas(deployment);
        if (wanted == 0) {
            return true;
        }
        var status = deployment.getStatus();
        if (status == null) {
            return false;
        }
        long generation = orZero(deployment.getMetadata().getGeneration());
        return orZero(status.getObservedGeneration()) >= generation
                && orZero(status.getUpdatedReplicas()) >= wanted && orZero(status.getReadyReplicas()) >= wanted;
    }

    /** spec.replicas, 1 when unset (the API server's default). */
    public static int replicas(Deployment deployment) {
        Integer replicas = deployment.getSpec().getReplicas();
        return replicas == null ? 1 : replicas;
    }

    private static long orZero(Number n) {
        return n == null ? 0 : n.longValue();
    }
}
