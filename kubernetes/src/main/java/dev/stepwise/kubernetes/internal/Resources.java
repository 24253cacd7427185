package dev.stepwise.kubernetes.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stepwise.mesh.Manifest;
import dev.stepwise.mesh.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Generic resources of any kind, addressed by a {@link ResourceRef}, and their conversion to and
 * from {@link Manifest}s through the client's own Jackson serialization.
 */
public final class Resources {

    private final KubernetesClient client;
    private final KubernetesSerialization serialization;

    public Resources(KubernetesClient client) {
        this.client = client;
        this.serialization = client.getKubernetesSerialization();
    }

    /**
     * The operations on {@code ref}'s kind in its namespace (none when cluster-scoped). The client
     * finds the plural and scope by API discovery, so a custom resource needs its CRD installed.
     */
    public NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> of(ResourceRef ref) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> kind =
                client.genericKubernetesResources(ref.apiVersion(), ref.kind());
        return ref.isClusterScoped() ? kind : kind.inNamespace(ref.namespace());
    }

    /** The one resource {@code ref}. */
    public Resource<GenericKubernetesResource> named(ResourceRef ref) {
        return of(ref).withName(ref.name());
    }

    public Manifest toManifest(GenericKubernetesResource resource) {
        return Manifest.of(serialization.convertValue(resource, JsonNode.class));
    }

    public GenericKubernetesResource toResource(Manifest manifest) {
        return toResource(manifest.json());
    }

    public GenericKubernetesResource toResource(ObjectNode tree) {
        return serialization.convertValue(tree, GenericKubernetesResource.class);
    }
}
