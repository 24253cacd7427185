package dev.stepwise.operator.internal;

import dev.stepwise.input.InputLimits;
import dev.stepwise.operator.RolloutResource;
import dev.stepwise.spec.RolloutSpec;
import dev.stepwise.spec.StrategyProviders;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code Rollout} resource as the spec document the spec validator reads: {@code apiVersion},
 * {@code kind}, {@code metadata} with only {@code name} and {@code namespace}, and {@code spec};
 * what the API server adds (uid, resourceVersion, managedFields, annotations, status) is dropped.
 */
public final class SpecDocument {

    private SpecDocument() {
    }

    /** The spec document of {@code resource}, as JSON. */
    public static String json(GenericKubernetesResource resource, KubernetesSerialization serialization) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", resource.getApiVersion() == null ? RolloutResource.API_VERSION : resource.getApiVersion());
        doc.put("kind", RolloutResource.KIND);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", resource.getMetadata().getName());
        metadata.put("namespace", resource.getMetadata().getNamespace());
        doc.put("metadata", metadata);
        Object spec = resource.getAdditionalProperties().get("spec");
        if (spec != null) {
            doc.put("spec", spec);
        }
        return serialization.asJson(doc);
    }

    /**
     * Reads {@code resource}'s spec with the spec validator, source {@code rollout NS/NAME}.
     *
     * @throws dev.stepwise.spec.InvalidSpecException listing every problem at its spec path
     */
    public static RolloutSpec read(GenericKubernetesResource resource, KubernetesSerialization serialization,
                                   StrategyProviders strategies) {
        String source = "rollout " + resource.getMetadata().getNamespace() + "/" + resource.getMetadata().getName();
        return RolloutSpec.parseJson(json(resource, serialization), source, InputLimits.ofDefaults(), strategies);
    }
}
